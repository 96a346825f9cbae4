package nl.barriere.connect.kvk;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.ContractConverter;
import nl.barriere.connect.PseudonymisePersons;
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
    private static final String SUBSCRIPTION = "abo-leiden-1";

    @TempDir
    static Path dir;

    private static ConnectPlatform platform;
    private static SpecServer mutatieservice;
    private static SpecServer basisprofiel;
    private static final List<String> signals = new CopyOnWriteArrayList<>();
    private static final Map<String, Reply> profiles = new ConcurrentHashMap<>();
    private static final Map<String, String> officers = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() throws Exception {
        platform = ConnectPlatform.start(dir);
        mutatieservice = SpecServer.start("/openapi/kvk/mutatieservice-stand-in.yaml", "/api/v1")
                .on("/abonnementen/" + SUBSCRIPTION + "/signalen/", x -> Reply.json(
                        "{\"id\":\"" + x.path().substring(x.path().lastIndexOf('/') + 1) + "\","
                                + "\"signaalType\":\"SignaalBeeindiging\","
                                + "\"aanleiding\":{\"code\":\"BR\",\"omschrijving\":\"Beeindigen rechtspersoon\"}}"))
                .on("/abonnementen/" + SUBSCRIPTION, x -> page(Instant.parse(x.param("vanaf"))))
                .on("/functionarissen/", x -> Reply.json(officers.get(x.path().substring("/functionarissen/".length()))));
        basisprofiel = SpecServer.start("/openapi/kvk/basisprofiel-openapi.yaml", "/api/v1")
                .on("/basisprofielen/", x -> profiles.get(x.path().substring("/basisprofielen/".length())));
    }

    @AfterAll
    static void stop() {
        mutatieservice.close();
        basisprofiel.close();
        platform.close();
    }

    @Test
    void signalsBecomeBusinessEventsWithPseudonymsAndARestartNeitherRepeatsNorSkips() throws Exception {
        // Given two new registrations, one of whose profiles is not JSON, and a Mutatieservice that first answers
        // 429 (Retry-After 1 s) and then 503
        signals.add(signal("sig-1", "2026-03-02T09:00:00Z", KVK, "SignaalNieuweInschrijving"));
        signals.add(signal("sig-2", "2026-03-02T09:05:00Z", BROKEN_KVK, "SignaalNieuweInschrijving"));
        profiles.put(KVK, Reply.json(profile("Besloten Vennootschap", "5610", "0546010000012345", "20260301")));
        profiles.put(BROKEN_KVK, Reply.malformed("<html>gateway</html>"));
        officers.put(KVK, officers(officer(RAW_BSN, null, "Bestuurder"), officer(null, HOLDING, "Bestuurder")));
        officers.put(BROKEN_KVK, officers());
        mutatieservice.thenReply(Reply.status(429).withHeader("Retry-After", "1"), Reply.status(503));

        // When a worker runs the connector
        Connect<StandaloneHerder> connect = platform.startWorker(config());
        final List<ConsumerRecord<String, byte[]>> firstLoad;
        final List<ConsumerRecord<String, byte[]>> refused;
        try {
            firstLoad = platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 3);
            refused = platform.read(ConnectPlatform.REFUSED_TOPIC, 1);

            // Then the connector asked three times for the first page (429, 503, answer), from the configured start
            assertThat(mutatieservice.requests().subList(0, 3)).containsOnly("GET /abonnementen/" + SUBSCRIPTION
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
            profiles.put(KVK, Reply.json(profile("Besloten Vennootschap", "5610", "0546010000099999", "20260301")));
            officers.put(KVK, officers(officer(RAW_NEW_OFFICER, null, "Bestuurder"), officer(null, HOLDING, "Bestuurder")));
            signals.add(signal("sig-3", "2026-04-10T10:00:00Z", KVK, "SignaalGewijzigdeInschrijving"));
            final List<ConsumerRecord<String, byte[]>> changed = platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 6);
            assertThat(platform.decode(BusinessEvent.class, changed.subList(3, 6))).extracting(BusinessEvent::getType)
                    .containsExactly(BusinessEventType.ADDRESS_CHANGED, BusinessEventType.OFFICER_RESIGNED,
                            BusinessEventType.OFFICER_APPOINTED);
        } finally {
            connect.stop();
        }

        // When the business ends while no worker runs, and a second worker takes over
        signals.add(signal("sig-4", "2026-05-20T08:00:00Z", KVK, "SignaalBeeindiging"));
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
        assertThat(mutatieservice.violations()).isEmpty();
        assertThat(basisprofiel.violations()).isEmpty();
    }

    private static Reply page(final Instant vanaf) {
        final List<String> page = signals.stream()
                .filter(s -> !Instant.parse(s.replaceAll(".*\"timestamp\":\"([^\"]+)\".*", "$1")).isBefore(vanaf))
                .toList();
        return Reply.json("{\"pagina\":1,\"aantal\":100,\"totaal\":" + page.size() + ",\"totaalPaginas\":1,"
                + "\"signalen\":[" + String.join(",", page) + "]}");
    }

    private static String signal(final String id, final String at, final String kvk, final String type) {
        return "{\"id\":\"" + id + "\",\"timestamp\":\"" + at + "\",\"kvknummer\":\"" + kvk + "\",\"signaalType\":\""
                + type + "\"}";
    }

    private static String profile(final String rechtsvorm, final String sbi, final String vbo, final String start) {
        return "{\"kvkNummer\":\"" + KVK + "\",\"naam\":\"Snackbar De Hoek B.V.\",\"formeleRegistratiedatum\":\""
                + start + "\",\"materieleRegistratie\":{\"datumAanvang\":\"" + start + "\"},"
                + "\"sbiActiviteiten\":[{\"sbiCode\":\"" + sbi + "\",\"sbiOmschrijving\":\"Restaurants\","
                + "\"indHoofdactiviteit\":\"Ja\"}],"
                + "\"_embedded\":{\"eigenaar\":{\"rechtsvorm\":\"" + rechtsvorm + "\"},"
                + "\"hoofdvestiging\":{\"vestigingsnummer\":\"000012345678\",\"adressen\":[{\"type\":\"bezoekadres\","
                + "\"straatnaam\":\"Breestraat\",\"huisnummer\":12,\"postcode\":\"2311CS\",\"plaats\":\"Leiden\","
                + "\"geoData\":{\"addresseerbaarObjectId\":\"" + vbo + "\"}}]}}}";
    }

    private static String officer(final String person, final String kvk, final String role) {
        return "{" + (person != null ? "\"persoonId\":\"" + person + "\",\"naam\":\"J. Jansen\","
                + "\"geboortedatum\":\"19700101\"," : "\"kvkNummer\":\"" + kvk + "\",") + "\"functie\":\"" + role + "\"}";
    }

    private static String officers(final String... officers) {
        return "{\"functionarissen\":[" + String.join(",", officers) + "]}";
    }

    private static Map<String, String> config() throws Exception {
        return Map.ofEntries(
                Map.entry("name", "kvk-mutations"),
                Map.entry("connector.class", KvkMutationConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("register.url", mutatieservice.url()),
                Map.entry("register.api.key", platform.secret("kvk.properties", "api.key", "test-api-key")),
                Map.entry("register.backoff.initial.ms", "100"),
                Map.entry("register.requests.per.second", "50"),
                Map.entry("kvk.profile.url", basisprofiel.url()),
                Map.entry("kvk.officers.url", mutatieservice.url()),
                Map.entry("kvk.subscription.id", SUBSCRIPTION),
                Map.entry("kvk.start", "2026-01-01T00:00:00Z"),
                Map.entry("kvk.poll.interval.ms", "200"),
                Map.entry("kvk.state.dir", dir.resolve("kvk-state").toString()),
                Map.entry("kvk.state.key", platform.secret("kvk-state.properties", "state.key",
                        "test-only-state-key-0123456789abcdef")),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.schema.registry.url", platform.registryUrl()),
                Map.entry("transforms", "persons"),
                Map.entry("transforms.persons.type", PseudonymisePersons.class.getName()),
                Map.entry("transforms.persons.fields", "officer.personPseudonym"),
                Map.entry("transforms.persons.hmac.key", platform.hmacKeyReference()),
                Map.entry("transforms.persons.refused.topic", ConnectPlatform.REFUSED_TOPIC),
                Map.entry("errors.tolerance", "none"));
    }
}
