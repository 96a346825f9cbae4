package nl.barriere.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.barriere.detect.Ruleset;
import org.junit.jupiter.api.Test;

/**
 * The Algoritmeregister entry: every field DOMAIN.md §3 item 11 lists, stable output for a given ruleset and config
 * (golden files; after an intended change run with {@code -Dgolden.update=true} and commit them), and a switched-off
 * indicator shown as switched off (rule 9).
 */
class RegisterEntryTest {

    private static final List<String> FIELDS = List.of("Naam", "Korte omschrijving", "Organisatie", "Thema", "Status",
            "Begindatum", "Einddatum", "Contactgegevens", "Link naar publiekspagina", "Publicatiecategorie",
            "Link naar bronregistratie", "Doel en impact", "Afwegingen", "Menselijke tussenkomst", "Risicobeheer",
            "Wettelijke basis", "Verwerkingsregister", "Impacttoets(en)", "Gegevens", "Gegevensbron",
            "Technische werking", "Leverancier", "Link naar broncode", "Taal", "Schema", "Bron-ID", "Zoektermen");

    @Test
    void theEntryForRulesetV1HasEveryFieldAndMatchesTheGoldenFiles() throws IOException {
        // Given the built-in ruleset and register config
        final Ruleset rules = Ruleset.load("v1");
        final RegisterEntry.Config config = RegisterEntry.Config.load(null);

        // When the entry is generated
        final RegisterEntry.Entry entry = RegisterEntry.of(rules, config);
        final String markdown = RegisterEntry.markdown(rules, config);

        // Then every register field is there, in the register's order, none empty
        assertThat(entry.fields().keySet()).containsExactlyElementsOf(FIELDS);
        assertThat(entry.fields().values()).allSatisfy(value -> assertThat(value).isNotBlank());
        assertThat(entry.fields().get("Publicatiecategorie")).isEqualTo("Impactvolle algoritmes");
        assertThat(entry.fields().get("Menselijke tussenkomst")).contains("tweede, andere analist");
        assertThat(entry.fields().get("Technische werking")).contains("minstens 2").contains("alle indicatoren aan");
        assertThat(markdown).contains("| I1 | ABC-transactie | 3 | aan | PROPERTY |");
        assertMatchesGolden(markdown, "register-entry-v1.md");
        assertMatchesGolden(RegisterEntry.json(rules, config), "register-entry-v1.json");
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
        assertThat(json).contains("\"id\" : \"I3\"").containsPattern(
                "\"id\" : \"I3\",[^}]*\"status\" : \"UITGEZET \\(telt niet mee\\)\",\\s*\"aan\" : false");
    }

    private static void assertMatchesGolden(final String actual, final String name) throws IOException {
        final Path golden = Path.of("src", "test", "resources", "golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
