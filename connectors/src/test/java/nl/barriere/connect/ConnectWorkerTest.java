package nl.barriere.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topics;
import nl.barriere.schema.PermitEvent;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Kafka Connect worker (standalone herder, in this JVM) against a real broker and registry: a file source
 * connector reads permit-system events that carry raw manager identifiers, and the pseudonymisation transform with a
 * key from a config provider rewrites them before they reach {@code horeca.permit-events}. What arrives is the
 * contract's Avro, with pseudonyms only; the record the transform refuses is on the refused-records topic without
 * its value.
 */
class ConnectWorkerTest {

    private static final String RAW_BSN = "123456782";
    private static final String RAW_STAFF_NUMBER = "MDW-000417";

    @TempDir
    static Path dir;

    private static ConnectPlatform platform;

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = ConnectPlatform.start(dir);
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void permitEventsArriveWithPseudonymsOnlyAndTheRefusedOneIsRoutedAside() throws Exception {
        // Given the HMAC key in a secrets file, and three permit events from the permit system with raw identifiers:
        // two well-formed, one whose manager identifier is a number
        final Path input = Files.write(dir.resolve("permit-events.jsonl"), List.of(
                permitEvent("hor-1", "HV-2024-0017", "2024-06-10T08:00:00Z", "[\"" + RAW_BSN + "\"]"),
                permitEvent("hor-2", "HV-2024-0018", "2024-06-11T08:00:00Z", "[123456782]"),
                permitEvent("hor-3", "HV-2024-0019", "2024-06-12T08:00:00Z",
                        "[\"" + RAW_STAFF_NUMBER + "\", \" " + RAW_BSN + " \"]")));

        // When a Connect worker runs the file source with the transform chain into horeca.permit-events
        final Connect<StandaloneHerder> connect = platform.startWorker(connectorConfig(input));
        try {
            final List<ConsumerRecord<String, byte[]>> permits = platform.read(Topics.HORECA_PERMIT_EVENTS.name(), 2);
            final List<ConsumerRecord<String, byte[]>> refused = platform.read(ConnectPlatform.REFUSED_TOPIC, 1);

            // Then the two good events arrive as PermitEvent Avro, keyed by application id, with pseudonyms
            assertThat(permits).extracting(ConsumerRecord::key).containsExactly("HV-2024-0017", "HV-2024-0019");
            assertThat(platform.decode(PermitEvent.class, permits)).extracting(PermitEvent::getManagerPseudonyms)
                    .containsExactly(
                            List.of(ConnectPlatform.expectedPseudonym(RAW_BSN)),
                            List.of(ConnectPlatform.expectedPseudonym(RAW_STAFF_NUMBER),
                                    ConnectPlatform.expectedPseudonym(RAW_BSN)));
            // and no byte sequence of a raw identifier is anywhere in what reached Kafka
            for (final ConsumerRecord<String, byte[]> r : concat(permits, refused)) {
                assertThat(ConnectPlatform.everything(r)).doesNotContain(RAW_BSN, RAW_STAFF_NUMBER);
            }

            // and the refused event is on the refused-records topic: its key, no value, the reason and the position
            final ConsumerRecord<String, byte[]> aside = refused.get(0);
            assertThat(aside.key()).isEqualTo("HV-2024-0018");
            assertThat(aside.value()).isNull();
            assertThat(ConnectPlatform.header(aside, RefusedRecords.REASON_HEADER)).isEqualTo(
                    "managerPseudonyms[0]: is a number, not text; a person identifier must be text"
                            + " (a number would lose leading zeros)");
            assertThat(ConnectPlatform.header(aside, RefusedRecords.TOPIC_HEADER))
                    .isEqualTo(Topics.HORECA_PERMIT_EVENTS.name());
            assertThat(ConnectPlatform.header(aside, RefusedRecords.SOURCE_OFFSET_HEADER)).startsWith("{position=");
        } finally {
            connect.stop();
        }
    }

    private static String permitEvent(final String eventId, final String applicationId, final String at,
                                      final String managers) {
        return "{\"eventId\":\"" + eventId + "\",\"occurredAt\":\"" + at + "\","
                + "\"source\":{\"system\":\"horeca-zaaksysteem\",\"reference\":\"Z-" + eventId + "\"},"
                + "\"applicationId\":\"" + applicationId + "\",\"type\":\"SUBMITTED\",\"permitKind\":\"EXPLOITATIE\","
                + "\"applicantKvkNumber\":\"12345678\",\"establishmentNumber\":\"000012345678\","
                + "\"bagVboId\":\"0546010000012345\",\"managerPseudonyms\":" + managers + ",\"outcome\":null}";
    }

    /** The same chain as {@code connectors/config/kadaster-extracts.json}, on permit events. */
    private static Map<String, String> connectorConfig(final Path input) {
        return Map.ofEntries(
                Map.entry("name", "permit-events-file"),
                Map.entry("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector"),
                Map.entry("tasks.max", "1"),
                Map.entry("file", input.toString()),
                Map.entry("topic", Topics.HORECA_PERMIT_EVENTS.name()),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.record.class", PermitEvent.class.getName()),
                Map.entry("value.converter.schema.registry.url", platform.registryUrl()),
                Map.entry("transforms", "json,key,extractKey,persons"),
                Map.entry("transforms.json.type", ParseJson.class.getName()),
                Map.entry("transforms.key.type", "org.apache.kafka.connect.transforms.ValueToKey"),
                Map.entry("transforms.key.fields", "applicationId"),
                Map.entry("transforms.extractKey.type", "org.apache.kafka.connect.transforms.ExtractField$Key"),
                Map.entry("transforms.extractKey.field", "applicationId"),
                Map.entry("transforms.persons.type", PseudonymisePersons.class.getName()),
                Map.entry("transforms.persons.fields", "managerPseudonyms[]"),
                Map.entry("transforms.persons.hmac.key", platform.hmacKeyReference()),
                Map.entry("transforms.persons.refused.topic", ConnectPlatform.REFUSED_TOPIC));
    }

    private static <T> List<T> concat(final List<T> a, final List<T> b) {
        final List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
