package nl.barriere.connect.bag;

import static nl.barriere.connect.bag.BagFixture.adres;
import static nl.barriere.connect.bag.BagFixture.adressen;
import static nl.barriere.connect.bag.BagFixture.found;
import static nl.barriere.connect.bag.BagFixture.vbo;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Collectors;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.bag.BagFixture.Vbo;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Exchange;
import nl.barriere.connect.http.SpecServer.Reply;
import nl.barriere.contract.Topics;
import nl.barriere.schema.Address;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BagPurpose;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.Party;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The BAG connector in a real Connect worker: transfers, permit events and business events are written to their
 * topics by a plain producer in the contract's Avro, and the BAG API is served by a local API checked against the
 * official document. One story in steps, because each step depends on the offsets and the topic the one before left:
 * first load from the three topics (with an undecodable record, a malformed answer and a multi-tenant building whose
 * objects come in two pages), a restart mid-stream with a 429 and a 503, an object named while the worker runs, and
 * a lookup after the interval (a new version, and an unchanged one).
 */
class BagLookupConnectorTest {

    private static final long DAY_MS = 24L * 60 * 60 * 1000;

    private static final String HOUSE_PAND = "0546100000000201";
    private static final String CAFE_PAND = "0546100000000202";
    /** A business building: the office and 129 other objects, more than one page of 100. */
    private static final String OFFICE_PAND = "0546100000000203";

    /** Registered two days after the date it is valid from: its event time is the registration. */
    private static final Vbo HOUSE = vbo("0546010000000201", "woonfunctie", 85, HOUSE_PAND);
    /** Registered before the date it is valid from: its event time is that date. */
    private static final Vbo CAFE = new Vbo("0546010000000202", 3, "2024-02-01", "2024-01-20T09:00:00.000+01:00",
            List.of("bijeenkomstfunctie", "overige gebruiksfunctie"), 120, List.of(CAFE_PAND), "Verblijfsobject in gebruik");
    private static final Vbo OFFICE = vbo("0546010000000203", "kantoorfunctie", 40, OFFICE_PAND);
    /** The API answers without a voorkomen. */
    private static final String BROKEN = "0546010000000204";
    /** First named while no worker runs. */
    private static final Vbo SHOP = vbo("0546010000000205", "winkelfunctie", 60, "0546100000000205");
    /** First named while the second worker runs; shares the cafe's pand. */
    private static final Vbo NEW = vbo("0546010000000206", "kantoorfunctie", 75, CAFE_PAND);
    /** Named after the cafe, on the same topic, while the third worker runs. */
    private static final Vbo LATE = vbo("0546010000000207", "winkelfunctie", 45, "0546100000000207");

    @TempDir
    static Path dir;

    private static ConnectPlatform platform;
    private static final Instant FIRST_EVENT = Instant.parse("2024-03-01T12:00:00Z");
    private static final AtomicInteger events = new AtomicInteger();

    private final List<Vbo> officeBuilding = new ArrayList<>();
    private final AtomicReference<Vbo> house = new AtomicReference<>(HOUSE);
    private final List<Exchange> exchanges = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = ConnectPlatform.start(dir);
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void everyNamedObjectArrivesOncePerVersionWithItsUseBuildingAndAddress() throws Exception {
        officeBuilding.add(OFFICE);
        for (int i = 1; i <= 129; i++) {
            officeBuilding.add(vbo(String.format("05460100000%05d", 10_000 + i), "kantoorfunctie", 30, OFFICE_PAND));
        }
        try (SpecServer bag = BagFixture.start()) {
            bag.on("/verblijfsobjecten/", this::verblijfsobject);
            bag.on("/verblijfsobjecten", this::objectsOfPand);
            bag.on("/adressen", this::adressenOf);

            // Given the house on a transfer and on a permit; the cafe on a permit after a record that is no Avro; the
            // office on a business registration after a business event without address and one the API answers
            // malformed for
            transfer(HOUSE.id());
            undecodablePermit("A-0");
            permit("A-1", CAFE.id());
            permit("A-2", HOUSE.id());
            business("12345670", null);
            business("12345671", BROKEN);
            business("12345672", OFFICE.id());

            // When a worker runs the connector (first load)
            Connect<StandaloneHerder> worker = platform.startWorker(BagFixture.config(platform, bag, 30 * DAY_MS));
            final List<ConsumerRecord<String, byte[]>> firstLoad = platform.read(Topics.BAG_OBJECTS.name(), 3);
            final List<ConsumerRecord<String, byte[]>> refused = platform.read(ConnectPlatform.REFUSED_TOPIC, 2);
            worker.stop();

            // Then each of the three objects arrives once, keyed by its id, whatever topic named it
            assertThat(firstLoad).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(HOUSE.id(), CAFE.id(), OFFICE.id());
            final Map<String, BagObject> loaded = byId(platform.decode(BagObject.class, firstLoad));
            final BagObject house1 = loaded.get(HOUSE.id());
            assertThat(house1.getEventId()).isEqualTo("bag-" + HOUSE.id() + "-1");
            assertThat(house1.getSource().getSystem()).isEqualTo("bag-individuele-bevragingen");
            assertThat(house1.getSource().getReference()).isEqualTo(HOUSE.id() + ":1");
            assertThat(house1.getStatus()).isEqualTo("Verblijfsobject in gebruik");
            assertThat(house1.getPurposes()).containsExactly(BagPurpose.WOONFUNCTIE);
            assertThat(house1.getFloorArea()).isEqualTo(85);
            assertThat(house1.getBuildingIds()).containsExactly(HOUSE_PAND);
            // and the house's main address is the hoofdadres, not the nevenadres the API lists first
            assertThat(List.of(house1.getStreet(), house1.getHouseNumber(), house1.getPostcode(), house1.getCity()))
                    .containsExactly("Breestraat", "12A-2", "2311CS", "Leiden");
            // and the event time is that of the record that asked for the object, the versions being older (the
            // house's registered in 2019, the cafe's valid since 1 February 2024); the house was named by the transfer
            // (the first event) and by permit A-2 (the third), on two topics the task reads in no fixed order
            assertThat(house1.getOccurredAt()).isIn(FIRST_EVENT, FIRST_EVENT.plusSeconds(2 * 3600));
            final BagObject cafe = loaded.get(CAFE.id());
            assertThat(cafe.getOccurredAt()).isEqualTo(FIRST_EVENT.plusSeconds(3600));
            assertThat(cafe.getPurposes()).containsExactly(BagPurpose.BIJEENKOMSTFUNCTIE,
                    BagPurpose.OVERIGE_GEBRUIKSFUNCTIE);
            assertThat(cafe.getEventId()).isEqualTo("bag-" + CAFE.id() + "-3");
            // and the office lies in a multi-tenant building: all 130 current objects of its pand, counted over two
            // pages; the house alone in its pand
            assertThat(loaded.get(OFFICE.id()).getObjectsInBuilding()).isEqualTo(130);
            assertThat(loaded.get(OFFICE.id()).getPurposes()).containsExactly(BagPurpose.KANTOORFUNCTIE);
            assertThat(house1.getObjectsInBuilding()).isEqualTo(1);
            assertThat(requests(bag, "/verblijfsobjecten?pandIdentificatie=" + OFFICE_PAND))
                    .containsExactly("GET /verblijfsobjecten?pandIdentificatie=" + OFFICE_PAND
                                    + "&huidig=true&page=1&pageSize=100",
                            "GET /verblijfsobjecten?pandIdentificatie=" + OFFICE_PAND + "&huidig=true&page=2&pageSize=100");
            // and the house, named twice, was looked up once
            final int firstRequests = bag.requests().size();
            assertThat(requests(bag, "/verblijfsobjecten/" + HOUSE.id())).hasSize(1);
            // and every request carried the API key, and those whose answer holds a geometry the CRS
            assertThat(exchanges).hasSize(firstRequests).allMatch(x -> BagFixture.API_KEY.equals(header(x, "X-Api-Key")));
            assertThat(exchanges).filteredOn(x -> x.path().startsWith("/verblijfsobjecten")).isNotEmpty()
                    .allMatch(x -> "epsg:28992".equals(header(x, "Accept-Crs")));
            // and the record that is no Avro and the malformed answer are refused records, without value, with the
            // reason and the input's position; the connector went on to the cafe and the office after them
            assertThat(refused).extracting(ConsumerRecord::key).containsExactlyInAnyOrder("A-0", BROKEN);
            assertThat(refused).allMatch(r -> r.value() == null);
            final Map<String, ConsumerRecord<String, byte[]>> refusals = refused.stream()
                    .collect(Collectors.toMap(ConsumerRecord::key, Function.identity()));
            assertThat(ConnectPlatform.header(refusals.get("A-0"), RefusedRecords.REASON_HEADER))
                    .contains("horeca.permit-events at offset 0", "does not decode as PermitEvent");
            assertThat(ConnectPlatform.header(refusals.get("A-0"), RefusedRecords.SOURCE_OFFSET_HEADER))
                    .isEqualTo("{position=1}");
            assertThat(ConnectPlatform.header(refusals.get(BROKEN), RefusedRecords.REASON_HEADER))
                    .contains("voorkomen.versie");
            assertThat(ConnectPlatform.header(refusals.get(BROKEN), RefusedRecords.TOPIC_HEADER))
                    .isEqualTo(Topics.BAG_OBJECTS.name());

            // Given, while no worker runs, the house named again and a shop named for the first time, and the API's
            // next two answers are a 429 and a 503
            transfer(HOUSE.id());
            permit("A-3", SHOP.id());
            bag.thenReply(Reply.status(429).withHeader("Retry-After", "1"), Reply.status(503));

            // When a second worker resumes from the first one's offsets
            worker = platform.startWorker(BagFixture.config(platform, bag, 30 * DAY_MS));
            final List<ConsumerRecord<String, byte[]>> afterRestart = platform.read(Topics.BAG_OBJECTS.name(), 4);

            // Then only the shop is added: no gap, nothing twice
            assertThat(afterRestart).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder(HOUSE.id(), CAFE.id(), OFFICE.id(), SHOP.id());
            // and the 429 and the 503 were retried: the shop's lookup was asked three times, its record came once
            final List<String> secondRequests = bag.requests().subList(firstRequests, bag.requests().size());
            assertThat(secondRequests.subList(0, 3)).containsOnly("GET /verblijfsobjecten/" + SHOP.id());
            // and the objects already on bag.objects were not asked again: the memory of the lookups is the topic
            assertThat(secondRequests).noneMatch(r -> r.contains(HOUSE.id()) || r.contains(CAFE.id())
                    || r.contains(OFFICE.id()));

            // When, while it runs, a business moves to a new object
            business("12345673", NEW.id());
            final List<ConsumerRecord<String, byte[]>> incremental = platform.read(Topics.BAG_OBJECTS.name(), 5);
            worker.stop();

            // Then that object arrives, once, counted with the cafe in their pand
            assertThat(incremental).extracting(ConsumerRecord::key).containsExactlyInAnyOrder(HOUSE.id(), CAFE.id(),
                    OFFICE.id(), SHOP.id(), NEW.id());
            final BagObject moved = platform.decode(BagObject.class, incremental.subList(4, 5)).get(0);
            assertThat(moved.getBagVboId()).isEqualTo(NEW.id());
            assertThat(moved.getObjectsInBuilding()).isEqualTo(2);

            // Given BAG registered a new version of the house, the cafe unchanged, and both named
            // again after the lookup interval (a worker with an interval of 0)
            house.set(HOUSE.version(2, "2024-04-01", "2024-04-02T11:00:00.000+02:00"));
            final int beforeThird = bag.requests().size();
            worker = platform.startWorker(BagFixture.config(platform, bag, 0));
            transfer(HOUSE.id());
            // (and an object named after the cafe on the same topic, so its record shows the cafe was done)
            permit("A-4", CAFE.id());
            permit("A-5", LATE.id());
            final List<ConsumerRecord<String, byte[]>> afterInterval = platform.read(Topics.BAG_OBJECTS.name(), 7);
            worker.stop();

            // Then the house's new version is a new record; the cafe's unchanged version none, after one call
            assertThat(afterInterval).extracting(ConsumerRecord::key).hasSize(7)
                    .containsOnlyOnce(LATE.id(), CAFE.id()).containsExactlyInAnyOrder(HOUSE.id(), CAFE.id(),
                            OFFICE.id(), SHOP.id(), NEW.id(), HOUSE.id(), LATE.id());
            final BagObject house2 = byId(platform.decode(BagObject.class, afterInterval.subList(5, 7)))
                    .get(HOUSE.id());
            assertThat(house2.getEventId()).isEqualTo("bag-" + HOUSE.id() + "-2");
            // (a version registered after the record that asked for it keeps its own time)
            assertThat(house2.getOccurredAt()).isEqualTo(Instant.parse("2024-04-02T09:00:00Z"));
            final List<String> thirdRequests = bag.requests().subList(beforeThird, bag.requests().size());
            assertThat(thirdRequests).filteredOn(r -> r.contains(CAFE.id()))
                    .containsExactly("GET /verblijfsobjecten/" + CAFE.id());
            // and every request and every checked answer was what the official document allows
            assertThat(bag.violations()).isEmpty();
        }
    }

    private Reply verblijfsobject(final Exchange x) {
        exchanges.add(x);
        final String id = x.path().substring("/verblijfsobjecten/".length());
        if (id.equals(BROKEN)) {
            return Reply.malformed(vbo(BROKEN, "woonfunctie", 50, HOUSE_PAND).json()
                    .replaceAll("\"voorkomen\":\\{[^}]*},", ""));
        }
        return known(id).map(BagFixture::found).orElse(Reply.status(404));
    }

    private Reply objectsOfPand(final Exchange x) {
        exchanges.add(x);
        final String pand = x.param("pandIdentificatie");
        final int page = Integer.parseInt(x.param("page"));
        final int size = Integer.parseInt(x.param("pageSize"));
        final List<Vbo> inPand = switch (pand) {
            case OFFICE_PAND -> officeBuilding;
            case HOUSE_PAND -> List.of(house.get());
            case CAFE_PAND -> List.of(CAFE, NEW);
            default -> known(pand.substring(0, 4) + "01" + pand.substring(6)).map(List::of).orElse(List.of());
        };
        return BagFixture.objectsOf(pand, inPand, page, size);
    }

    private Reply adressenOf(final Exchange x) {
        exchanges.add(x);
        final String id = x.param("adresseerbaarObjectIdentificatie");
        return known(id).map(v -> v.id().equals(HOUSE.id())
                        ? adressen(id, adres(v, "Rapenburg", 3, null, null, "2311EZ", true),
                                adres(v, "Breestraat", 12, "A", "2", "2311CS", false))
                        : adressen(id, adres(v, "Haarlemmerstraat", 100, null, null, "2312GD", false)))
                .orElse(Reply.status(404));
    }

    private java.util.Optional<Vbo> known(final String id) {
        return java.util.stream.Stream.of(house.get(), CAFE, OFFICE, SHOP, NEW, LATE).filter(v -> v.id().equals(id))
                .findFirst();
    }

    private static List<String> requests(final SpecServer server, final String prefix) {
        return server.requests().stream().filter(r -> r.startsWith("GET " + prefix)).toList();
    }

    private static String header(final Exchange x, final String name) {
        return x.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    private static Map<String, BagObject> byId(final List<BagObject> objects) {
        return objects.stream().collect(Collectors.toMap(BagObject::getBagVboId, Function.identity()));
    }

    private static Instant nextEventTime() {
        return FIRST_EVENT.plusSeconds(3600L * events.getAndIncrement());
    }

    private static void transfer(final String vbo) throws Exception {
        final Instant at = nextEventTime();
        send(Topics.KADASTER_PROPERTY_TRANSFERS.name(), vbo, PropertyTransfer.newBuilder().setEventId("kad-" + at)
                .setOccurredAt(at).setSource(new Source("test", "D-" + at)).setBagVboId(vbo)
                .setCadastralParcel("LDN00-K-1").setDeedDate(LocalDate.parse("2024-03-01")).setPrice(300_000)
                .setBuyer(new Party("12345678", null)).setSeller(new Party("87654321", null)).build(),
                Topics.KADASTER_PROPERTY_TRANSFERS.valueSerde(serdeConfig()).serializer());
    }

    private static void permit(final String application, final String vbo) throws Exception {
        final Instant at = nextEventTime();
        send(Topics.HORECA_PERMIT_EVENTS.name(), application, PermitEvent.newBuilder().setEventId("permit-" + at)
                .setOccurredAt(at).setSource(new Source("test", application)).setApplicationId(application)
                .setType(PermitEventType.SUBMITTED).setPermitKind(PermitKind.EXPLOITATIE)
                .setApplicantKvkNumber("12345678").setBagVboId(vbo).build(),
                Topics.HORECA_PERMIT_EVENTS.valueSerde(serdeConfig()).serializer());
    }

    /** A business event; with {@code vbo} null one without an address (an officer appointed). */
    private static void business(final String kvk, final String vbo) throws Exception {
        final Instant at = nextEventTime();
        send(Topics.KVK_BUSINESS_EVENTS.name(), kvk, BusinessEvent.newBuilder().setEventId("kvk-" + at)
                .setOccurredAt(at).setSource(new Source("test", kvk)).setKvkNumber(kvk)
                .setType(vbo == null ? BusinessEventType.OFFICER_APPOINTED : BusinessEventType.REGISTERED)
                .setAddress(vbo == null ? null : new Address(vbo, "2311CS", "12")).build(),
                Topics.KVK_BUSINESS_EVENTS.valueSerde(serdeConfig()).serializer());
    }

    private static void undecodablePermit(final String application) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer()) {
            producer.send(new ProducerRecord<>(Topics.HORECA_PERMIT_EVENTS.name(), application,
                    "{\"applicationId\":\"A-0\"} is JSON, not the contract's Avro".getBytes(StandardCharsets.UTF_8)))
                    .get();
        }
    }

    private static <V extends SpecificRecord> void send(final String topic, final String key, final V value,
                                                        final Serializer<V> serializer) throws Exception {
        try (KafkaProducer<String, byte[]> producer = producer(); serializer) {
            producer.send(new ProducerRecord<>(topic, key, serializer.serialize(topic, value))).get();
        }
    }

    private static Map<String, String> serdeConfig() {
        return Map.of("schema.registry.url", platform.registryUrl());
    }

    private static KafkaProducer<String, byte[]> producer() {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        return new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }
}
