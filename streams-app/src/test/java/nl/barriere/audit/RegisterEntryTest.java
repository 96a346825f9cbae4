package nl.barriere.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import nl.barriere.detect.Ruleset;
import org.junit.jupiter.api.Test;

/**
 * The Algoritmeregister entry: the JSON has exactly the keys of the register's publication standard 1.0 and meets
 * its rules (the register's own field list, stored unchanged), an entry the register would refuse is refused with
 * every problem named, stable output for a given ruleset and config (golden files; after an intended change run
 * with {@code -Dgolden.update=true} and commit them), and a switched-off indicator shown as switched off (rule 9).
 */
class RegisterEntryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STANDARD = "/register/algoritmeregister-1.0.json";

    @Test
    void theEntryForRulesetV1MeetsThePublicationStandardAndMatchesTheGoldenFiles() throws Exception {
        // Given the built-in ruleset and register config, and the register's field list as stored from its source
        final Ruleset rules = Ruleset.load("v1");
        final RegisterEntry.Config config = RegisterEntry.Config.load(null);
        final byte[] standardBytes;
        try (InputStream in = RegisterEntryTest.class.getResourceAsStream(STANDARD)) {
            standardBytes = in.readAllBytes();
        }
        final JsonNode standard = JSON.readTree(standardBytes).path("properties");

        // When the entry is generated
        final String json = RegisterEntry.json(rules, config);
        final Map<String, Object> entry = JSON.readValue(json, new TypeReference<>() {});

        // Then the stored field list is the one its README names, unchanged
        assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(standardBytes)))
                .isEqualTo(recordedDigest());

        // And the JSON has only the standard's keys, in its order, every required one, and meets its rules
        final List<String> keys = new ArrayList<>();
        standard.fieldNames().forEachRemaining(keys::add);
        assertThat(entry.keySet()).isSubsetOf(keys).containsSubsequence(keys.stream().filter(entry::containsKey).toList());
        standard.fields().forEachRemaining(field -> {
            if (field.getValue().path("required").asBoolean()) {
                assertThat(entry).as(field.getKey()).containsKey(field.getKey());
            }
        });
        assertThat(RegisterSchema.standard().problems(entry)).isEmpty();
        assertThat(entry).containsEntry("lang", "nld").containsEntry("standard_version", "1.0")
                .containsEntry("publication_category", "Impactvolle algoritmes")
                .containsEntry("category", List.of("Openbare orde en veiligheid"));
        assertThat((String) entry.get("human_intervention")).contains("tweede, andere analist");
        assertThat((String) entry.get("methods_and_models")).contains("minstens 2").contains("alle indicatoren aan")
                .contains(rules.digest()).contains("I1 ABC-transactie (gewicht 3, aan, onderwerp PROPERTY)");

        // And it claims no monitoring the software does not do
        assertThat(json).doesNotContain("maandelijks");

        // And the Markdown uses the register's own labels, then explains every indicator
        final String markdown = RegisterEntry.markdown(rules, config);
        assertThat(markdown).contains("## Korte omschrijving").contains("## Menselijke tussenkomst")
                .contains("- [Wet Bibob](https://wetten.overheid.nl/BWBR0013798)")
                .contains("| I1 | ABC-transactie | 3 | aan | PROPERTY |");
        assertMatchesGolden(markdown, "register-entry-v1.md");
        assertMatchesGolden(json, "register-entry-v1.json");
    }

    @Test
    void anEntryTheRegisterWouldRefuseIsRefusedWithEveryProblemNamed() {
        // Given a register config with a name over 100 characters, a status the register does not know, no contact
        // and a legal basis without its link
        final RegisterEntry.Config shipped = RegisterEntry.Config.load(null);
        final RegisterEntry.Config wrong = new RegisterEntry.Config("x".repeat(101), shipped.organization(),
                shipped.category(), "Actief", shipped.beginDate(), shipped.endDate(), null, shipped.website(),
                shipped.publicationCategory(), shipped.url(), shipped.goal(), shipped.proportionality(), shipped.risks(),
                List.of(new RegisterEntry.Link("Wet Bibob", null)), shipped.processIndexUrl(), shipped.impacttoetsen(),
                shipped.impacttoetsenGrouping(), shipped.sourceDataGrouping(), shipped.provider(), shipped.publiccode(),
                shipped.sourceId(), shipped.tags());

        // When the entry is generated, then it is refused, naming each problem with its key
        assertThatThrownBy(() -> RegisterEntry.json(Ruleset.load("v1"), wrong))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name: 101 characters, the register allows 100")
                .hasMessageContaining("status: 'Actief' is not one of [In ontwikkeling, In gebruik, Buiten gebruik]")
                .hasMessageContaining("contact_email (Contactgegevens): required")
                .hasMessageContaining("lawful_basis_grouping[0].link (Link naar wettelijke basis): required");
    }

    @Test
    void theShippedConfigSaysWhatIsStillToFillIn() {
        // Given the shipped register config, when asked what is still open
        final List<String> open = RegisterEntry.toFillIn(RegisterEntry.Config.load(null));

        // Then it names the placeholders and the fields left out, and not what is filled in
        assertThat(open).contains("organization", "contact_email", "begin_date", "website", "publiccode", "risks")
                .doesNotContain("name", "status", "publication_category", "lawful_basis_grouping");
    }

    @Test
    void aSwitchedOffIndicatorIsListedAsSwitchedOff() {
        // Given ruleset v1 with I3 switched off
        final Ruleset rules = Ruleset.load("v1").withDisabled("I3");

        // When the entry is generated
        final String markdown = RegisterEntry.markdown(rules, RegisterEntry.Config.load(null));
        final String json = RegisterEntry.json(rules, RegisterEntry.Config.load(null));

        // Then I3 says so in the table, in its section, in the technical description and in the JSON
        assertThat(markdown).contains("| I3 | Aankoop zonder hypotheek | 2 | UITGEZET (telt niet mee) | PROPERTY |")
                .contains("Uitgezet in regelset v1: I3.")
                .contains("Deze indicatoren bouwen voort op een uitgezette indicator en gaan daardoor minder vaak af: "
                        + "I9 (transferRules = I3,I4).")
                .contains("| I1 | ABC-transactie | 3 | aan | PROPERTY |");
        assertThat(json).contains("Uitgezet in regelset v1: I3.")
                .contains("I3 Aankoop zonder hypotheek (gewicht 2, UITGEZET (telt niet mee), onderwerp PROPERTY)");
    }

    private static String recordedDigest() throws IOException {
        try (InputStream in = RegisterEntryTest.class.getResourceAsStream("/register/README.md")) {
            final String readme = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return readme.replaceAll("(?s).*SHA-256: `([0-9a-f]{64})`.*", "$1");
        }
    }

    private static void assertMatchesGolden(final String actual, final String name) throws IOException {
        final Path golden = Path.of("src", "test", "resources", "golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
