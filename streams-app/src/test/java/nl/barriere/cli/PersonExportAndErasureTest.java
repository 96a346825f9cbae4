package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topics;
import nl.barriere.json.AvroJson;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.TopicReader;
import nl.barriere.pseudonym.Pseudonyms;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code subject-export --person} and {@code erase-person} on a real broker and registry, with the connectors' key
 * material: a person is found by the pseudonym the connectors gave them, the identifier is written nowhere, and
 * after erasure nothing can be linked to them.
 */
class PersonExportAndErasureTest {

    private static final String KEY = "unit-test-key-0123456789abcdef0123456789";
    private static final String PERSON = "123456782";

    @TempDir
    static Path dir;
    private static EmbeddedPlatform platform;
    private static AppConfig config;
    private static Path secrets;
    private static Path personKeys;
    private static String pseudonym;

    @BeforeAll
    static void givenAPersonWhoIsDirectorOfTheSubjectOfASignal() throws Exception {
        platform = EmbeddedPlatform.start("person-export");
        config = platform.config();
        secrets = Files.writeString(dir.resolve("barriere.properties"), "hmac.key=" + KEY + "\n");
        personKeys = Files.createDirectories(dir.resolve("person-keys"));
        pseudonym = Pseudonyms.withPersonKeys(KEY.getBytes(StandardCharsets.UTF_8), personKeys).of(PERSON);
        final BusinessEvent registered = AvroJson.fromJsonLine("""
                {"eventId":"kvk-p1","occurredAt":"2024-03-01T09:00:00Z","source":{"system":"kvk","reference":"M-1"},"type":"REGISTERED","kvkNumber":"33333333","legalForm":"BV","sbiCodes":["5630"],"startDate":"20240301","officer":{"personPseudonym":"%s","role":"DIRECTOR"}}""".formatted(pseudonym), BusinessEvent.class);
        final BusinessEvent other = AvroJson.fromJsonLine("""
                {"eventId":"kvk-p2","occurredAt":"2024-03-02T09:00:00Z","source":{"system":"kvk","reference":"M-2"},"type":"REGISTERED","kvkNumber":"44444444","legalForm":"BV","sbiCodes":["5630"],"startDate":"20240302"}""", BusinessEvent.class);
        final EvidenceRef p1 = platform.write(Topics.KVK_BUSINESS_EVENTS, registered, "kvk-p1");
        final EvidenceRef p2 = platform.write(Topics.KVK_BUSINESS_EVENTS, other, "kvk-p2");
        platform.write(Topics.SIGNALS, signal("sig-p1", "33333333", p1), signal("sig-p2", "44444444", p2));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aPersonIsFoundByTheirPseudonymAndAfterErasureNothingIsLinkedToThem() throws Exception {
        // When the privacy officer exports the person
        final Cli.Run export = run("subject-export", "--person", PERSON, "--hmac-key-file", secrets.toString(),
                "--person-keys", personKeys.toString());

        // Then the export holds the signal whose evidence names them as director, with that event, and no other
        assertThat(export.exit()).as(export.err()).isZero();
        final JsonNode document = new ObjectMapper().readTree(export.out());
        assertThat(document.path("personPseudonym").asText()).isEqualTo(pseudonym);
        assertThat(document.path("signals")).hasSize(1);
        assertThat(document.path("signals").get(0).path("signal").path("signalId").asText()).isEqualTo("sig-p1");
        assertThat(document.path("signals").get(0).path("evidence").get(0).path("event").path("officer")
                .path("personPseudonym").asText()).isEqualTo(pseudonym);
        // And the identifier is in neither the document nor the access log, which names the pseudonym
        assertThat(export.out()).doesNotContain(PERSON);
        final List<String> details = new ArrayList<>();
        TopicReader.readAll(Topics.ACCESS_LOG, config, (raw, access) -> details.add(String.valueOf(access.getDetail())));
        assertThat(details).containsExactly("subject-export person " + pseudonym);

        // When the person is erased, and exported again
        final Cli.Run erase = run("erase-person", "--person", PERSON, "--hmac-key-file", secrets.toString(),
                "--person-keys", personKeys.toString());
        final Cli.Run again = run("subject-export", "--person", PERSON, "--hmac-key-file", secrets.toString(),
                "--person-keys", personKeys.toString());

        // Then their key is gone, and nothing can be linked to them
        assertThat(erase.out()).startsWith("Erased");
        assertThat(personKeys).isEmptyDirectory();
        assertThat(again.exit()).isZero();
        assertThat(again.out()).isEmpty();
        assertThat(again.err()).contains("This person has no pseudonym: never seen by the connectors, or erased.");

        // And erasing with one key for everyone is refused, for it cannot be done
        final Cli.Run oneKey = run("erase-person", "--person", PERSON, "--hmac-key-file", secrets.toString());
        assertThat(oneKey.exit()).isEqualTo(1);
        assertThat(oneKey.err()).contains("--person-keys is required");
    }

    private static Cli.Run run(final String... args) {
        return Cli.run(config, null, args);
    }

    private static RiskSignal signal(final String id, final String kvk, final EvidenceRef evidence) {
        return RiskSignal.newBuilder().setSignalId(id).setSubject(new SignalSubject(SubjectType.BUSINESS, kvk))
                .setIndicators(List.of(IndicatorResult.newBuilder().setRuleId("I8").setRuleVersion(1).setWeight(4)
                        .setParameters(Map.of()).setExplanationNl("uitleg").setExplanationEn("explanation")
                        .setEvidence(List.of(evidence)).build()))
                .setScore(4).setRulesetVersion("v1").setDetectedAt(evidence.getOccurredAt()).setSupersedes(null).build();
    }
}
