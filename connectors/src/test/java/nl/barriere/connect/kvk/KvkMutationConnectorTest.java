package nl.barriere.connect.kvk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Reply;
import nl.barriere.contract.Topics;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KvK connector in a real Connect worker against a local Mutatieservice (checked against the stand-in document,
 * there being no public one) and a local Basisprofiel API (checked against KvK's OpenAPI document): first load with
 * a 429 and a 503 on the way, a malformed profile refused, incremental changes found by comparing profiles, and a
 * restart on a second worker that neither repeats nor skips a signal.
 */
class KvkMutationConnectorTest {

    private static final String KVK = "12345678";
    private static final String BROKEN_KVK = "23456789";
    private static final String HOLDING = "87654321";
    private static final String RAW_BSN = "123456782";
    private static final String RAW_NEW_OFFICER = "999999990";

    @TempDir
    static Path dir;

    private static ConnectPlatform platform;
    private static KvkRegisters kvk;
    private static SpecServer mutatieservice;

    @BeforeAll
    static void start() throws Exception {
        platform = ConnectPlatform.start(dir);
        kvk = KvkRegisters.start();
        mutatieservice = kvk.mutatieservice();
    }

    @AfterAll
    static void stop() {
        kvk.close();
        platform.close();
    }

    @Test
    void signalsBecomeBusinessEventsWithPseudonymsAndARestartNeitherRepeatsNorSkips() throws Exception {
        // Given two new registrations, one of whose profiles is not JSON, and a Mutatieservice that first answers
        // 429 (Retry-After 1 s) and then 503
        kvk.signal("sig-1", "2026-03-02T09:00:00Z", KVK, "SignaalNieuweInschrijving");
        kvk.signal("sig-2", "2026-03-02T09:05:00Z", BROKEN_KVK, "SignaalNieuweInschrijving");
        kvk.profile(KVK, Reply.json(profile("0546010000012345")));
        kvk.profile(BROKEN_KVK, Reply.malformed("<html>gateway</html>"));
        kvk.officers(KVK, officer(RAW_BSN, null, "Bestuurder"), officer(null, HOLDING, "Bestuurder"));
        kvk.officers(BROKEN_KVK);
        mutatieservice.thenReply(Reply.status(429).withHeader("Retry-After", "1"), Reply.status(503));

        // When a worker runs the connector
        Connect<StandaloneHerder> connect = platform.startWorker(config());
        final List<ConsumerRecord<String, byte[]>> firstLoad;
        final List<ConsumerRecord<String, byte[]>> refused;
        try {
            firstLoad = platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 3);
            refused = platform.read(ConnectPlatform.REFUSED_TOPIC, 1);

            // Then the connector asked three times for the first page (429, 503, answer), from the configured start
            assertThat(mutatieservice.requests().subList(0, 3)).containsOnly("GET /abonnementen/" + KvkRegisters.SUBSCRIPTION
                    + "?vanaf=2026-01-01T00:00:00Z&pagina=1&aantal=100");
            // and the registration and its two officers arrive, keyed by KvK number, dated by the register
            assertThat(firstLoad).hasSize(3).extracting(ConsumerRecord::key).containsOnly(KVK);
            final List<BusinessEvent> first = platform.decode(BusinessEvent.class, firstLoad);
            assertThat(first).extracting(BusinessEvent::getType).containsExactly(BusinessEventType.REGISTERED,
                    BusinessEventType.OFFICER_APPOINTED, BusinessEventType.OFFICER_APPOINTED);
            assertThat(first.get(0).getOccurredAt()).isEqualTo(Instant.parse("2026-03-01T00:00:00Z"));
            assertThat(first.get(0).getSbiCodes()).containsExactly("5610");
            assertThat(first.get(0).getAddress().getBagVboId()).isEqualTo("0546010000012345");
            assertThat(first).extracting(e -> e.getOfficer() == null ? null : e.getOfficer().getPersonPseudonym())
                    .contains(ConnectPlatform.expectedPseudonym(RAW_BSN));
            assertThat(first).extracting(e -> e.getOfficer() == null ? null : e.getOfficer().getKvkNumber())
                    .contains(HOLDING);
            // and the malformed profile is refused: its KvK number, no value, the reason and the position
            assertThat(refused.get(0).key()).isEqualTo(BROKEN_KVK);
            assertThat(refused.get(0).value()).isNull();
            assertThat(ConnectPlatform.header(refused.get(0), RefusedRecords.TOPIC_HEADER))
                    .isEqualTo(Topics.KVK_BUSINESS_EVENTS.name());
            assertThat(ConnectPlatform.header(refused.get(0), RefusedRecords.SOURCE_OFFSET_HEADER)).contains("sig-2");

            // When the register changes the address and replaces the natural-person officer
            kvk.profile(KVK, Reply.json(profile("0546010000099999")));
            kvk.officers(KVK, officer(RAW_NEW_OFFICER, null, "Bestuurder"), officer(null, HOLDING, "Bestuurder"));
            kvk.signal("sig-3", "2026-04-10T10:00:00Z", KVK, "SignaalGewijzigdeInschrijving");
            final List<ConsumerRecord<String, byte[]>> changed = platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 6);
            assertThat(platform.decode(BusinessEvent.class, changed.subList(3, 6))).extracting(BusinessEvent::getType)
                    .containsExactly(BusinessEventType.ADDRESS_CHANGED, BusinessEventType.OFFICER_RESIGNED,
                            BusinessEventType.OFFICER_APPOINTED);
        } finally {
            connect.stop();
        }

        // When the business ends while no worker runs, and a second worker takes over
        kvk.signal("sig-4", "2026-05-20T08:00:00Z", KVK, "SignaalBeeindiging");
        connect = platform.startWorker(config());
        try {
            // Then exactly one more event arrives: the deregistration with its reason; nothing repeated
            final List<ConsumerRecord<String, byte[]>> all = platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 7);
            assertThat(all).hasSize(7);
            final List<BusinessEvent> events = platform.decode(BusinessEvent.class, all);
            assertThat(events.get(6).getType()).isEqualTo(BusinessEventType.DEREGISTERED);
            assertThat(events.get(6).getDeregistrationReason()).isEqualTo("BR");
            assertThat(events.get(6).getOccurredAt()).isEqualTo(Instant.parse("2026-05-20T08:00:00Z"));
            assertThat(events).extracting(BusinessEvent::getEventId).doesNotHaveDuplicates()
                    .contains("kvk-sig-1-registered-0", "kvk-sig-4-deregistered-0");
            final List<ConsumerRecord<String, byte[]>> everything = new ArrayList<>(all);
            everything.addAll(platform.read(ConnectPlatform.REFUSED_TOPIC, 1));
            for (final ConsumerRecord<String, byte[]> r : everything) {
                assertThat(ConnectPlatform.everything(r)).doesNotContain(RAW_BSN, RAW_NEW_OFFICER, "Jansen", "1970");
            }
        } finally {
            connect.stop();
        }
        assertThat(kvk.violations()).isEmpty();
    }

    private static String profile(final String vbo) {
        return KvkRegisters.basisprofiel(KVK, "Besloten Vennootschap", "5610", vbo, "20260301");
    }

    private static String officer(final String person, final String kvkNumber, final String role) {
        return KvkRegisters.officer(person, kvkNumber, role);
    }

    private static Map<String, String> config() throws Exception {
        return kvk.config(platform, dir.resolve("kvk-state"), "2026-01-01T00:00:00Z");
    }
}
