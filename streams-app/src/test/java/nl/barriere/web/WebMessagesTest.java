package nl.barriere.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The UI's texts: both languages have every key, and every key a template or page asks for exists. */
class WebMessagesTest {

    private static final Pattern USED = Pattern.compile("msg\\(\"([a-z0-9.-]+)\"");

    @Test
    void bothLanguagesHaveTheSameKeysAndNoEmptyText() throws IOException {
        final Properties dutch = load("nl");
        final Properties english = load("en");

        assertThat(english.stringPropertyNames()).as("keys in English, as in Dutch")
                .containsExactlyInAnyOrderElementsOf(dutch.stringPropertyNames());
        assertThat(dutch.values()).allMatch(text -> !text.toString().isBlank());
        assertThat(english.values()).allMatch(text -> !text.toString().isBlank());
        assertThat(Lang.NL.msg("refused.forbidden.text", "analist")).isEqualTo("Deze pagina is niet voor uw rol (analist).");
    }

    @Test
    void aValueThatLooksLikeAPlaceholderIsNotFilledIn() {
        // Given register data that happens to hold a placeholder; When it fills the first one
        final String text = Lang.NL.msg("evidence.transfer", "0363{1}", "AMS01-K-1234");

        // Then it stays as written, and only the text's own placeholders are filled
        assertThat(text).isEqualTo("Overdracht BAG 0363{1} (AMS01-K-1234)");
    }

    @Test
    void everyKeyTheTemplatesAndPagesAskForExists() throws IOException {
        final Set<String> used = new TreeSet<>();
        for (final Path root : new Path[] {Path.of("src/main/jte"), Path.of("src/main/java/nl/barriere/web")}) {
            try (Stream<Path> files = Files.walk(root)) {
                for (final Path file : files.filter(Files::isRegularFile).toList()) {
                    final Matcher matcher = USED.matcher(Files.readString(file, StandardCharsets.UTF_8));
                    while (matcher.find()) {
                        used.add(matcher.group(1));
                    }
                }
            }
        }

        assertThat(used).as("keys in use").isNotEmpty();
        assertThat(load("nl").stringPropertyNames()).containsAll(used);
    }

    @Test
    void everyCaseStatusAndBibobOutcomeHasItsTextInBothLanguages() throws IOException {
        final List<String> keys = new ArrayList<>();
        keys.add("bibob.status." + nl.barriere.review.CaseSteps.NEW);
        for (final nl.barriere.schema.BibobStepType step : nl.barriere.schema.BibobStepType.values()) {
            keys.add(step == nl.barriere.schema.BibobStepType.NOTE ? "bibob.step.NOTE" : "bibob.status." + step.name());
        }
        for (final nl.barriere.schema.BibobOutcome outcome : nl.barriere.schema.BibobOutcome.values()) {
            keys.add("bibob.outcome." + outcome.name());
        }
        assertThat(load("nl").stringPropertyNames()).containsAll(keys);
        assertThat(load("en").stringPropertyNames()).containsAll(keys);
    }

    private static Properties load(final String language) throws IOException {
        final Properties properties = new Properties();
        try (InputStream in = WebMessagesTest.class.getResourceAsStream("/web/messages_" + language + ".properties")) {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return properties;
    }
}
