package nl.barriere.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import nl.barriere.cli.DetectCommand;
import nl.barriere.connect.bag.BagFixture;
import nl.barriere.connect.bag.BagFixture.Vbo;
import nl.barriere.connect.brk.BrkFixture;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Exchange;
import nl.barriere.connect.http.SpecServer.Reply;
import nl.barriere.connect.kvk.KvkRegisters;
import nl.barriere.connect.woz.WozFixture;
import nl.barriere.connect.zgw.ZakenFixture;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.Lag;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * From the registers to the signals, with nothing written to Kafka but by the connectors: the KvK, ZGW, BRK and WOZ
 * connectors and the BAG lookup in one real Connect worker, each against its register served by a local API checked against the
 * official document, and the unchanged detection of streams-app (ruleset v1) reading what they wrote. One case per
 * pair of sources: a business registered at the KvK a week before it applies for a horeca permit (I11), a property
 * sold for far below its WOZ value (I2), a property bought by a company without a mortgage (I3, decided when its
 * window closes in event time), and five fresh companies at one flat (I6) where five at an office in a building of
 * twelve are not a signal, because BAG says that building is multi-tenant.
 */
class SourcesToSignalsTest {

    /** The business that registers and then applies; its premises. */
    private static final String APPLICANT = "12345678";
    private static final String PREMISES = "0546010000012345";
    private static final String APPLICATION = "HOR-2024-0001";
    private static final String ZAAK = "a1b2c3d4-0000-4000-8000-00000000000a";
    private static final String SUBMITTED_STATUS = "5a000000-0000-4000-8000-0000000000a1";
    /** K1 (BAG object CHEAP), sold by a person to a person far below its WOZ value. */
    private static final String CHEAP = BrkFixture.vbo("K1");
    private static final String CHEAP_WOZ_OBJECT = "054600000101";
    /** K3 (BAG object UNFINANCED), bought by a company without a mortgage; it has no WOZ object. */
    private static final String UNFINANCED = BrkFixture.vbo("K3");
    private static final String BUYER_KADASTER_ID = "NNP-1";
    private static final String BUYER = "87654321";
    /** The person identifiers the registers serve: the applicant's officer, its manager, the sellers and a buyer. */
    private static final String OFFICER_ID = "999999990";
    private static final String MANAGER_BSN = "123456782";
    private static final String SELLER_BSN = "999990020";
    private static final String BUYER_BSN = "999990057";
    private static final String LATER_BUYER_BSN = "999990044";
    /** A flat alone in its building, and an office in a building [pand] of twelve offices; five companies at each. */
    private static final String FLAT = "0546010000020001";
    private static final String OFFICE = "0546010000020002";
    private static final String OFFICE_PAND = "0546100000020002";
    private static final List<String> AT_FLAT = List.of("30000001", "30000002", "30000003", "30000004", "30000005");
    private static final List<String> AT_OFFICE = List.of("40000001", "40000002", "40000003", "40000004", "40000005");
    private static final String CALLBACK_AUTH = "Bearer callback-secret-of-the-abonnement";
    private static final List<String> INPUTS = DetectionTopology.INPUTS.stream().map(Topic::name).toList();

    @TempDir
    static Path dir;

    private static ConnectPlatform platform;
    private static AppConfig config;
    private static KvkRegisters kvk;
    private static SpecServer zaken;
    private static ZakenFixture zgw;
    private static SpecServer feed;
    private static SpecServer brk;
    private static SpecServer woz;
    private static SpecServer bag;
    private static final List<String> brkEvents = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        platform = ConnectPlatform.start(dir);
        config = platform.config().with(StreamsConfig.STATE_DIR_CONFIG,
                Path.of("target", "kafka-streams", "sources-to-signals-" + UUID.randomUUID()).toAbsolutePath().toString());
        kvk = KvkRegisters.start();
        zaken = SpecServer.start("/openapi/zgw/zaken-openapi.validator.yaml", "/zaken/api/v1");
        zgw = new ZakenFixture(zaken);
        feed = BrkFixture.feed().on("/kadastraalonroerendezaakevents", x -> BrkFixture.feedPage(brkEvents, x));
        brk = BrkFixture.bevragen().on("/kadastraalonroerendezaken/", SourcesToSignalsTest::kadastraalObject)
                .on("/kadasternietnatuurlijkpersonen/", SourcesToSignalsTest::legalPerson);
        woz = WozFixture.start().on("/wozobjecten", SourcesToSignalsTest::wozObject);
        bag = BagFixture.start().on("/verblijfsobjecten/", SourcesToSignalsTest::bagObject)
                .on("/verblijfsobjecten", SourcesToSignalsTest::objectsOfPand)
                .on("/adressen", SourcesToSignalsTest::bagAddress);
    }

    @AfterAll
    static void stop() {
        for (final AutoCloseable server : new AutoCloseable[] {kvk, zaken, feed, brk, woz, bag, platform}) {
            try {
                server.close();
            } catch (final Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void oneCasePerSourceReachesDetectionThroughItsConnectorAndBecomesASignal() throws Exception {
        // Given the KvK's signal of a new registration: a restaurant company that started on 2 January 2024, with one
        // natural-person officer
        kvk.signal("sig-1", "2024-01-03T09:00:00Z", APPLICANT, "SignaalNieuweInschrijving");
        kvk.profile(APPLICANT, Reply.json(KvkRegisters.basisprofiel(APPLICANT, "Besloten Vennootschap", "5610", PREMISES,
                "20240102")));
        kvk.officers(APPLICANT, KvkRegisters.officer(OFFICER_ID, null, "Bestuurder"));
        // and its application for an exploitatievergunning received on 9 January, with a manager
        zgw.zaak(ZAAK, APPLICATION, APPLICANT, PREMISES, List.of(MANAGER_BSN));
        zgw.status(ZAAK, SUBMITTED_STATUS, ZakenFixture.ST_ONTVANGEN, "2024-01-09T09:00:00Z");
        // and the registration on 10 January of the sale of K1 between two persons for 150,000 euros, its WOZ value
        // for 2024 (valuation date 1 January 2023) being 400,000 euros. (The WOZ connector looks the value up after
        // the transfer and dates it at the transfer, so detection never refuses it as late; I2 takes the value in
        // force at the deed from its valuation date.)
        brkEvents.add(BrkFixture.transfer("e1", "2024-01-10T10:00:00+01:00", "K1", BrkFixture.person(SELLER_BSN),
                BrkFixture.person(BUYER_BSN), 150_000, false));
        // and on 12 January the sale of K3 by a person to a company for 450,000 euros, no mortgage on it
        brkEvents.add(BrkFixture.transfer("e3", "2024-01-12T10:00:00+01:00", "K3", BrkFixture.person(SELLER_BSN),
                BrkFixture.company(BUYER_KADASTER_ID), 450_000, false));

        // When detection runs and one worker runs the four connectors
        final int callbackPort = freePort();
        try (StreamsApp detection = DetectCommand.detection(config, Ruleset.load("v1")).start();
             Admin admin = Admin.create(config.kafkaProperties())) {
            final Connect<StandaloneHerder> worker = platform.startWorker(
                    kvk.config(platform, dir.resolve("kvk-state"), "2024-01-01T00:00:00Z"),
                    ZakenFixture.config(platform, zaken.url(), callbackPort, CALLBACK_AUTH),
                    BrkFixture.config(platform, feed, brk),
                    WozFixture.config(platform, woz),
                    BagFixture.config(platform, bag, Duration.ofDays(30).toMillis()));
            try {
                // Then each case's records arrive on the sources' topics and detection reads them
                assertThat(platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 2)).hasSize(2);
                assertThat(platform.read(Topics.HORECA_PERMIT_EVENTS.name(), 1)).hasSize(1);
                assertThat(platform.read(Topics.KADASTER_PROPERTY_TRANSFERS.name(), 2)).hasSize(2);
                assertThat(platform.read(Topics.WOZ_VALUATIONS.name(), 1)).hasSize(1);
                awaitLookup(UNFINANCED);
                // (and the BAG objects of the premises, K1 and K3)
                assertThat(platform.read(Topics.BAG_OBJECTS.name(), 3)).hasSize(3);
                assertThat(Lag.awaitCaughtUp(admin, DetectCommand.APPLICATION_ID, INPUTS, Duration.ofSeconds(60))).isTrue();
                // and nothing is a signal yet: every event waits for event time to pass it by the hold
                assertThat(signals()).isEmpty();

                // When the KvK then signals five companies registered at one flat, one a day from 15 January on, and
                // five at an office the same days. (Signalled while the sources run, as in production. Signalled in
                // one burst with the first case, the BAG lookup of its premises, asked for on 2 January, would come
                // after events up to 19 January: SourceClock dates it a week behind the newest event it sees then
                // (SourceClockTest), but how far the burst has come by then is a race a test must not depend on.)
                for (int i = 0; i < 5; i++) {
                    final LocalDate start = LocalDate.parse("2024-01-15").plusDays(i);
                    registration("sig-flat-" + i, AT_FLAT.get(i), FLAT, start, "09:00");
                    registration("sig-office-" + i, AT_OFFICE.get(i), OFFICE, start, "10:00");
                }
                assertThat(platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 12)).hasSize(12);
                assertThat(platform.read(Topics.BAG_OBJECTS.name(), 5)).hasSize(5);
                assertThat(Lag.awaitCaughtUp(admin, DetectCommand.APPLICATION_ID, INPUTS, Duration.ofSeconds(60))).isTrue();
                assertThat(signals()).isEmpty();

                // When a later sale elsewhere (a person to a person, no WOZ object) moves event time to 15 March,
                // past the hold after every planted event and past the close of K3's mortgage window (12 February)
                brkEvents.add(BrkFixture.transfer("e2", "2024-03-15T10:00:00+01:00", "K2", BrkFixture.person(SELLER_BSN),
                        BrkFixture.person(LATER_BUYER_BSN), 300_000, false));
                assertThat(platform.read(Topics.KADASTER_PROPERTY_TRANSFERS.name(), 3)).hasSize(3);
                awaitLookup(BrkFixture.vbo("K2"));
                assertThat(platform.read(Topics.BAG_OBJECTS.name(), 6)).hasSize(6);
                assertThat(Lag.awaitCaughtUp(admin, DetectCommand.APPLICATION_ID, INPUTS, Duration.ofSeconds(60))).isTrue();
            } finally {
                worker.stop();
            }

            // Then the permit application is flagged by I11 on the registration and the submission
            final List<RiskSignal> signals = awaitSignals(4);
            assertThat(signals).hasSize(4);
            final RiskSignal permit = only(signals, SubjectType.PERMIT_APPLICATION, APPLICATION);
            assertThat(permit.getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I11");
            assertThat(permit.getScore()).isEqualTo(2);
            assertThat(evidence(permit, "I11")).containsExactly(
                    Topics.KVK_BUSINESS_EVENTS.name() + " kvk-sig-1-registered-0",
                    Topics.HORECA_PERMIT_EVENTS.name() + " zgw-status-" + SUBMITTED_STATUS);
            assertThat(permit.getIndicators().get(0).getParameters()).containsEntry("ageDays", "7");
            // and K1 by I2 on its transfer and its WOZ value
            final RiskSignal cheap = only(signals, SubjectType.PROPERTY, CHEAP);
            assertThat(cheap.getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I2");
            assertThat(evidence(cheap, "I2")).containsExactly(
                    Topics.KADASTER_PROPERTY_TRANSFERS.name() + " brk-overdracht-e1-" + CHEAP,
                    Topics.WOZ_VALUATIONS.name() + " woz-" + CHEAP_WOZ_OBJECT + "-2023-01-01-" + CHEAP);
            assertThat(cheap.getIndicators().get(0).getParameters()).containsEntry("price", "150000")
                    .containsEntry("wozValue", "400000");
            // and K3 by I3 on its transfer, decided when its mortgage window closed in event time
            final RiskSignal unfinanced = only(signals, SubjectType.PROPERTY, UNFINANCED);
            assertThat(unfinanced.getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I3");
            assertThat(evidence(unfinanced, "I3")).containsExactly(
                    Topics.KADASTER_PROPERTY_TRANSFERS.name() + " brk-overdracht-e3-" + UNFINANCED);
            assertThat(unfinanced.getIndicators().get(0).getParameters()).containsEntry("buyerIsLegalEntity", "true")
                    .containsEntry("windowClosedOn", "2024-02-11");
            assertThat(unfinanced.getDetectedAt()).isEqualTo(Instant.parse("2024-02-12T00:00:00Z"));
            // and the flat by I6 on the five registrations, the office not at all: BAG says its building has twelve
            // objects and no homes, so many companies there are its purpose
            final RiskSignal flat = only(signals, SubjectType.PROPERTY, FLAT);
            assertThat(flat.getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I6");
            assertThat(evidence(flat, "I6")).containsExactly(AT_FLAT.stream().map(k -> Topics.KVK_BUSINESS_EVENTS.name()
                    + " kvk-sig-flat-" + AT_FLAT.indexOf(k) + "-registered-0").toArray(String[]::new));
            assertThat(flat.getIndicators().get(0).getParameters()).containsEntry("newEstablishments", "5");
            assertThat(signals).noneMatch(s -> s.getSubject().getId().equals(OFFICE));
            final Map<String, BagObject> described = new HashMap<>();
            platform.decode(BagObject.class, platform.read(Topics.BAG_OBJECTS.name(), 6))
                    .forEach(o -> described.put(o.getBagVboId(), o));
            assertThat(described.get(OFFICE).getObjectsInBuilding()).isEqualTo(12);
            assertThat(described.get(FLAT).getObjectsInBuilding()).isEqualTo(1);
            assertThat(described.get(FLAT).getPurposes()).containsExactly(BagPurpose.WOONFUNCTIE);
        }

        // and detection refused nothing the connectors wrote, and the connectors refused nothing either
        final List<ConsumerRecord<String, byte[]>> everything = everythingInKafka();
        assertThat(everything).extracting(ConsumerRecord::topic).contains(Topics.SIGNALS.name(),
                Topics.WOZ_VALUATIONS.name()).doesNotContain(Topics.DEAD_LETTERS.name(), ConnectPlatform.REFUSED_TOPIC);
        // and the persons reached Kafka as the keyed pseudonyms of their identifiers
        assertThat(platform.decode(BusinessEvent.class, platform.read(Topics.KVK_BUSINESS_EVENTS.name(), 2)))
                .extracting(e -> e.getOfficer() == null ? null : e.getOfficer().getPersonPseudonym())
                .contains(ConnectPlatform.expectedPseudonym(OFFICER_ID));
        assertThat(platform.decode(PermitEvent.class, platform.read(Topics.HORECA_PERMIT_EVENTS.name(), 1)).get(0)
                .getManagerPseudonyms()).containsExactly(ConnectPlatform.expectedPseudonym(MANAGER_BSN));
        assertThat(platform.decode(PropertyTransfer.class, platform.read(Topics.KADASTER_PROPERTY_TRANSFERS.name(), 3))
                .get(0).getBuyer().getPersonPseudonym()).isEqualTo(ConnectPlatform.expectedPseudonym(BUYER_BSN));
        // and no identifier of a person the registers served is anywhere in Kafka: not in a source topic, a signal
        // or detection's state (its changelogs)
        for (final ConsumerRecord<String, byte[]> r : everything) {
            assertThat(ConnectPlatform.everything(r)).as(r.topic())
                    .doesNotContain(OFFICER_ID, MANAGER_BSN, SELLER_BSN, BUYER_BSN, LATER_BUYER_BSN, WozFixture.OWNER_BSN);
        }
        // and every request and answer was what the registers' documents allow (BRK: but the validator's allOf
        // misreading, see BrkSourceConnectorTest)
        assertThat(kvk.violations()).isEmpty();
        assertThat(zaken.violations()).isEmpty();
        assertThat(woz.violations()).isEmpty();
        assertThat(bag.violations()).isEmpty();
        assertThat(feed.violations()).allMatch(BrkFixture::allOfMisreading);
        assertThat(brk.violations()).allMatch(BrkFixture::allOfMisreading);
    }

    // ------------------------------------------------------------------ the registers' answers

    /** BRK Bevragen: objects K1, K2 and K3, none with a mortgage. */
    private static Reply kadastraalObject(final Exchange x) {
        final String[] parts = x.path().split("/");
        return parts.length > 3 ? BrkFixture.noHypotheken() : BrkFixture.zaak(parts[2]);
    }

    /** BRK Bevragen: the buyer of K3, a company with a KvK number. */
    private static Reply legalPerson(final Exchange x) {
        return BrkFixture.hal("{\"identificatie\":\"" + BrkFixture.last(x) + "\",\"type\":"
                + "\"kadaster_niet_natuurlijk_persoon\",\"kvkNummer\":\"" + BUYER + "\"}");
    }

    /** WOZ Bevragen: K1's object valued at 400,000 euros on 1 January 2023; nothing else has a WOZ object. */
    private static Reply wozObject(final Exchange x) {
        final String vbo = x.param("adresseerbaarObjectIdentificatie");
        return vbo.equals(CHEAP)
                ? WozFixture.found(WozFixture.object(CHEAP_WOZ_OBJECT, List.of(CHEAP),
                        WozFixture.waarde(400_000, "2023-01-01", "2024-01-01", "beschikking_genomen")))
                : WozFixture.none(vbo);
    }

    /** BAG: the office lies in a building of twelve offices; every other object is a home alone in its building. */
    private static Reply bagObject(final Exchange x) {
        return BagFixture.found(described(x.path().substring("/verblijfsobjecten/".length())));
    }

    private static Reply objectsOfPand(final Exchange x) {
        final String pand = x.param("pandIdentificatie");
        final List<Vbo> inPand = new ArrayList<>();
        if (pand.equals(OFFICE_PAND)) {
            inPand.add(described(OFFICE));
            for (int i = 1; i < 12; i++) {
                inPand.add(BagFixture.vbo(String.format("05460100000300%02d", i), "kantoorfunctie", 40, OFFICE_PAND));
            }
        } else {
            inPand.add(described(pand.substring(0, 4) + "01" + pand.substring(6)));
        }
        return BagFixture.objectsOf(pand, inPand, Integer.parseInt(x.param("page")), Integer.parseInt(x.param("pageSize")));
    }

    private static Reply bagAddress(final Exchange x) {
        final String vbo = x.param("adresseerbaarObjectIdentificatie");
        return BagFixture.adressen(vbo, BagFixture.adres(described(vbo), "Breestraat", 12, null, null, "2311CS", false));
    }

    private static Vbo described(final String vbo) {
        return vbo.equals(OFFICE) ? BagFixture.vbo(vbo, "kantoorfunctie", 40, OFFICE_PAND)
                : BagFixture.vbo(vbo, "woonfunctie", 80, vbo.substring(0, 4) + "10" + vbo.substring(6));
    }

    // ------------------------------------------------------------------ helpers

    /** The KvK's signal of a new registration of a consultancy [SBI 7022] at {@code vbo} that started on {@code start}. */
    private static void registration(final String signal, final String kvkNumber, final String vbo,
                                     final LocalDate start, final String signalledAt) {
        kvk.signal(signal, start.plusDays(1) + "T" + signalledAt + ":00Z", kvkNumber, "SignaalNieuweInschrijving");
        kvk.profile(kvkNumber, Reply.json(KvkRegisters.basisprofiel(kvkNumber, "Besloten Vennootschap", "7022", vbo,
                start.format(DateTimeFormatter.BASIC_ISO_DATE))));
        kvk.officers(kvkNumber);
    }

    /** Waits until the WOZ connector has asked for {@code vbo}: it has handled that transfer. */
    private static void awaitLookup(final String vbo) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (woz.requests().stream().noneMatch(r -> r.contains(vbo)) && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(woz.requests()).anyMatch(r -> r.contains(vbo));
    }

    private static List<RiskSignal> signals() {
        final List<RiskSignal> signals = new ArrayList<>();
        TopicReader.readAll(Topics.SIGNALS, config, (raw, signal) -> signals.add(signal));
        return signals;
    }

    private static List<RiskSignal> awaitSignals(final int expected) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<RiskSignal> signals = signals();
        while (signals.size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(200);
            signals = signals();
        }
        return signals;
    }

    private static RiskSignal only(final List<RiskSignal> signals, final SubjectType type, final String id) {
        final List<RiskSignal> of = signals.stream()
                .filter(s -> s.getSubject().getType() == type && s.getSubject().getId().equals(id)).toList();
        assertThat(of).hasSize(1);
        return of.get(0);
    }

    /** The evidence of {@code rule} in {@code signal}, as "topic eventId", in the signal's (event-time) order. */
    private static List<String> evidence(final RiskSignal signal, final String rule) {
        return signal.getIndicators().stream().filter(i -> i.getRuleId().equals(rule))
                .flatMap(i -> i.getEvidence().stream()).map(e -> e.getTopic() + " " + e.getEventId()).toList();
    }

    /** Every record of every topic on the broker, to the end, aborted transactions included. */
    private static List<ConsumerRecord<String, byte[]>> everythingInKafka() throws Exception {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (Admin admin = Admin.create(config.kafkaProperties());
             KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = new ArrayList<>();
            admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get().values().forEach(topic ->
                    topic.partitions().forEach(p -> partitions.add(new TopicPartition(topic.name(), p.partition()))));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p)) && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
