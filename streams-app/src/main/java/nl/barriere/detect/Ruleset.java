package nl.barriere.detect;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The versioned ruleset ({@code rules/ruleset-vN.yaml}): the score threshold and, per indicator, its version,
 * kill switch, weight, parameters, legal basis and explanation templates. Every number a rule uses comes from
 * here, so a reviewed change to this file is the only way to change what Barrière flags.
 *
 * <p>A version names one content: every signal carries the ruleset's {@link #digest()} beside its version, and a
 * file that claims the version of a built-in ruleset but says anything else is refused, so no signal can say
 * {@code v1} while other weights made it.
 *
 * @param version                 e.g. {@code v1}; part of every signal id
 * @param threshold               a signal is emitted when the weights of the fired indicators reach this
 * @param findingLifetimeDays     how long (event time) a finding stays attached to its subject
 * @param lateness                per input topic, how far (in event time) its records may arrive behind the newest
 *                                event seen on any source and still be put in order, as an ISO-8601 duration
 *                                ({@code P8D}); see {@link #latenessMs(String)}
 * @param indicators              the rules, by id
 */
public record Ruleset(String version, int threshold, int findingLifetimeDays, Map<String, String> lateness,
                      List<IndicatorRule> indicators) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, true);
    private static final Pattern BUILT_IN = Pattern.compile("v\\d+");
    /** One text per content: properties and map keys in sorted order, no layout, no comments. */
    private static final ObjectMapper CANONICAL = JsonMapper.builder()
            .enable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z0-9]+)}");

    /** One indicator's entry in the ruleset. */
    public record IndicatorRule(String id, String name, String nameNl, int version, boolean enabled, int weight,
                                String subject, boolean restricted, String legalBasis, String reference,
                                Map<String, String> parameters, Explanation explanation) {

        /** A parameter as text; fails loudly when the ruleset lacks it, naming the rule. */
        public String param(final String name) {
            final String value = parameters == null ? null : parameters.get(name);
            if (value == null) {
                throw new IllegalStateException("ruleset: indicator " + id + " has no parameter '" + name + "'");
            }
            return value;
        }

        public int intParam(final String name) {
            try {
                return Integer.parseInt(param(name).trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("ruleset: indicator " + id + " parameter '" + name + "' is not a whole number");
            }
        }

        public BigDecimal decimalParam(final String name) {
            try {
                return new BigDecimal(param(name).trim());
            } catch (NumberFormatException e) {
                throw new IllegalStateException("ruleset: indicator " + id + " parameter '" + name + "' is not a number");
            }
        }

        /** A comma-separated parameter as a list, without blanks. */
        public List<String> listParam(final String name) {
            return Arrays.stream(param(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        }
    }

    /** The plain-language templates; {@code {name}} is replaced by a parameter or an observed value. */
    public record Explanation(String nl, String en) {

        /** Fills in a template; a placeholder without a value stays as it is, so a gap shows instead of hiding. */
        public static String fill(final String template, final Map<String, String> values) {
            final Matcher matcher = PLACEHOLDER.matcher(template);
            final StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                final String value = values.get(matcher.group(1));
                matcher.appendReplacement(out, Matcher.quoteReplacement(value == null ? matcher.group() : value));
            }
            matcher.appendTail(out);
            return out.toString();
        }
    }

    /** The built-in ruleset {@code vN}, or a ruleset file. */
    public static Ruleset load(final String fileOrVersion) {
        if (BUILT_IN.matcher(fileOrVersion).matches()) {
            final String resource = "/rules/ruleset-" + fileOrVersion + ".yaml";
            try (InputStream in = Ruleset.class.getResourceAsStream(resource)) {
                if (in == null) {
                    throw new IllegalArgumentException("no built-in ruleset " + fileOrVersion);
                }
                return validated(YAML.readValue(in, Ruleset.class), resource);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read built-in ruleset " + resource, e);
            }
        }
        final Path file = Path.of(fileOrVersion);
        try {
            return parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read ruleset " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * A ruleset from its YAML text ({@code origin} names it in messages). A text that claims a built-in version
     * with other content is refused.
     */
    public static Ruleset parse(final String yaml, final String origin) {
        final Ruleset ruleset;
        try {
            ruleset = validated(YAML.readValue(yaml, Ruleset.class), origin);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read ruleset " + origin + ": " + e.getMessage(), e);
        }
        if (BUILT_IN.matcher(ruleset.version()).matches()
                && Ruleset.class.getResource("/rules/ruleset-" + ruleset.version() + ".yaml") != null) {
            final Ruleset known = load(ruleset.version());
            if (!known.digest().equals(ruleset.digest())) {
                throw new IllegalArgumentException("ruleset " + origin + " says it is version " + ruleset.version()
                        + ", but its content differs from Barrière's " + ruleset.version() + " (" + ruleset.digest()
                        + ", not " + known.digest() + "): a changed ruleset needs a version of its own, or its "
                        + "signals would name rules that did not make them");
            }
        }
        return ruleset;
    }

    /** True when this is one of Barrière's own rulesets, content and all: approved by its release. */
    public boolean releasedWithBarriere() {
        return BUILT_IN.matcher(version).matches()
                && Ruleset.class.getResource("/rules/ruleset-" + version + ".yaml") != null
                && load(version).digest().equals(digest());
    }

    /**
     * The ruleset's identity: the SHA-256 of its content, as {@code sha256:} and 64 hex digits. Every value counts
     * (version, threshold, lateness, each indicator's switch, weight, parameters, texts); the file's layout and
     * comments do not. Two rulesets with the same digest flag the same events in the same words.
     */
    public String digest() {
        try {
            final byte[] canonical = CANONICAL.writeValueAsString(this).getBytes(StandardCharsets.UTF_8);
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical));
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot compute the digest of ruleset " + version, e);
        }
    }

    /**
     * How far behind the newest event time a record of {@code topic} may arrive and still be put in its place.
     *
     * @throws IllegalStateException when the ruleset does not say: a source without a lateness has no order
     */
    public long latenessMs(final String topic) {
        final String value = lateness == null ? null : lateness.get(topic);
        if (value == null) {
            throw new IllegalStateException("ruleset " + version + ": no lateness for source topic " + topic);
        }
        return Duration.parse(value).toMillis();
    }

    /**
     * How long an event of any of {@code topics} waits before it is released: the largest of their latenesses, so
     * that no event arriving within its own source's lateness finds a later one already released.
     */
    public long holdMs(final Collection<String> topics) {
        long hold = 0;
        for (final String topic : topics) {
            hold = Math.max(hold, latenessMs(topic));
        }
        return hold;
    }

    public Optional<IndicatorRule> rule(final String id) {
        // A plain loop: detection asks this several times per event.
        for (final IndicatorRule rule : indicators) {
            if (rule.id().equals(id)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /** A copy with one indicator switched off (the kill switch), for tests and what-if replays. */
    public Ruleset withDisabled(final String id) {
        return new Ruleset(version, threshold, findingLifetimeDays, lateness, indicators.stream()
                .map(rule -> rule.id().equals(id) ? new IndicatorRule(rule.id(), rule.name(), rule.nameNl(),
                        rule.version(), false, rule.weight(), rule.subject(), rule.restricted(), rule.legalBasis(),
                        rule.reference(), rule.parameters(), rule.explanation()) : rule)
                .toList());
    }

    private static Ruleset validated(final Ruleset ruleset, final String origin) {
        if (ruleset.version() == null || ruleset.indicators() == null || ruleset.indicators().isEmpty()) {
            throw new IllegalArgumentException("ruleset " + origin + " needs a version and indicators");
        }
        if (ruleset.lateness() != null) {
            ruleset.lateness().forEach((topic, value) -> {
                try {
                    if (Duration.parse(value).isNegative()) {
                        throw new IllegalArgumentException("ruleset " + origin + ": lateness of " + topic + " is negative");
                    }
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("ruleset " + origin + ": lateness of " + topic + " is '" + value
                            + "', not an ISO-8601 duration such as P8D", e);
                }
            });
        }
        for (final IndicatorRule rule : ruleset.indicators()) {
            if (rule.id() == null || rule.explanation() == null || rule.explanation().nl() == null
                    || rule.explanation().en() == null) {
                throw new IllegalArgumentException("ruleset " + origin + ": every indicator needs an id and "
                        + "explanations in nl and en (" + rule.id() + ")");
            }
        }
        return ruleset;
    }
}
