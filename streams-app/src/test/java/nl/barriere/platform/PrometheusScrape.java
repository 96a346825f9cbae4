package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The samples of one scrape of {@code /metrics}, parsed from Prometheus's text format (comments skipped). */
public record PrometheusScrape(List<Sample> all) {

    /** One line of the text format: a name, its labels and its value. */
    public record Sample(String name, Map<String, String> labels, double value) {}

    private static final Pattern LINE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})? (\\S+)");
    private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\",?");

    public static PrometheusScrape parse(final String text) {
        final List<Sample> samples = new ArrayList<>();
        for (final String line : text.split("\n")) {
            final Matcher matcher = LINE.matcher(line);
            if (line.startsWith("#") || !matcher.matches()) {
                continue;
            }
            final Map<String, String> labels = new LinkedHashMap<>();
            if (matcher.group(2) != null) {
                final Matcher label = LABEL.matcher(matcher.group(2));
                while (label.find()) {
                    labels.put(label.group(1), label.group(2));
                }
            }
            samples.add(new Sample(matcher.group(1), labels, Double.parseDouble(matcher.group(3))));
        }
        return new PrometheusScrape(samples);
    }

    /** This process's metrics now, as {@code /metrics} would serve them. */
    public static PrometheusScrape now() {
        return parse(Metrics.scrape());
    }

    public Set<String> names() {
        final Set<String> names = new TreeSet<>();
        all.forEach(sample -> names.add(sample.name()));
        return names;
    }

    public List<Sample> samples(final String name, final Map<String, String> labels) {
        return all.stream().filter(sample -> sample.name().equals(name)
                && sample.labels().entrySet().containsAll(labels.entrySet())).toList();
    }

    /** The value of the one sample of {@code name} with {@code labels} among its labels. */
    public Optional<Double> value(final String name, final Map<String, String> labels) {
        final List<Sample> matching = samples(name, labels);
        assertThat(matching).as(name + labels).hasSizeLessThanOrEqualTo(1);
        return matching.stream().findFirst().map(Sample::value);
    }
}
