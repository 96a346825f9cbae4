package nl.barriere.connect.woz;

import static nl.barriere.connect.woz.WozFixture.found;
import static nl.barriere.connect.woz.WozFixture.none;
import static nl.barriere.connect.woz.WozFixture.object;
import static nl.barriere.connect.woz.WozFixture.waarde;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import nl.barriere.connect.ConnectPlatform;
import nl.barriere.connect.RefusedRecords;
import nl.barriere.connect.http.SpecServer;
import nl.barriere.connect.http.SpecServer.Exchange;
import nl.barriere.connect.http.SpecServer.Reply;
import nl.barriere.contract.Topics;
import nl.barriere.schema.Party;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import nl.barriere.schema.WozValuation;
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
 * The WOZ connector in a real Connect worker: transfers are written to kadaster.property-transfers by a plain
 * producer (only their keys matter), and WOZ Bevragen is served by a local API checked against the official
 * document. One story in steps, because each step depends on the offsets and the topic the one before left: first
 * load, a restart with a 429 and a 503 on the way, a malformed answer, and transfers while the worker runs.
 */
class WozSourceConnectorTest {

    private static final String API_KEY = WozFixture.API_KEY;
    private static final String OWNER_BSN = WozFixture.OWNER_BSN;
    private static final String OWNER_NAME = WozFixture.OWNER_NAME;

    /** A house with its own WOZ object; its 2021 and 2022 values have several beschikkingen. */
    private static final String HOUSE = "0546010000000101";
    /** Two apartments valued as one WOZ object. */
    private static final String FLAT_1 = "0546010000000102";
    private static final String FLAT_2 = "0546010000000103";
    /** Found, but connected to no WOZ object (an empty answer). */
    private static final String NO_OBJECT = "0546010000000104";
    /** Unknown to the API (404). */
    private static final String UNKNOWN = "0546010000000105";
    /** The API answers with a value that is not a number. */
    private static final String BROKEN = "0546010000000106";
    /** First transferred while the second worker runs. */
    private static final String SHOP = "0546010000000107";

    @TempDir
    static Path dir;

    private static ConnectPlatform platform;
    private static final Instant FIRST_TRANSFER = Instant.parse("2024-03-01T12:00:00Z");
    private static final AtomicInteger transfers = new AtomicInteger();

    /** The 2024 values are set (beschikkingen of February) between the two workers. */
    private final AtomicBoolean newYear = new AtomicBoolean();
    private final List<String> apiKeys = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startPlatform() throws Exception {
        platform = ConnectPlatform.start(dir);
    }

    @AfterAll
    static void stopPlatform() {
        platform.close();
    }

    @Test
    void valuationsArriveOncePerWozObjectDateAndBagObjectAtTheTimeOfTheirTransferAndNoPersons() throws Exception {
        try (SpecServer woz = WozFixture.start()) {
            woz.on("/wozobjecten", this::wozObjecten);

            // Given transfers of the house (twice), the first flat, and two objects without a WOZ object
            transfer(HOUSE, HOUSE, FLAT_1, NO_OBJECT, UNKNOWN);

            // When a worker runs the connector (first load)
            Connect<StandaloneHerder> worker = platform.startWorker(WozFixture.config(platform, woz));
            final List<ConsumerRecord<String, byte[]>> firstLoad = platform.read(Topics.WOZ_VALUATIONS.name(), 5);
            worker.stop();

            // Then the house has one valuation per valuation date, the value of the latest beschikking of that date
            // (2022: the new owner's), an annulled beschikking ignored (2021), event time that of the transfer it was looked up for
            assertThat(firstLoad).extracting(ConsumerRecord::key)
                    .containsExactly(HOUSE, HOUSE, HOUSE, FLAT_1, FLAT_2);
            final List<WozValuation> values = platform.decode(WozValuation.class, firstLoad);
            assertThat(values).extracting(WozValuation::getEventId).containsExactly(
                    "woz-054600000101-2023-01-01-" + HOUSE, "woz-054600000101-2022-01-01-" + HOUSE,
                    "woz-054600000101-2021-01-01-" + HOUSE, "woz-054600000102-2023-01-01-" + FLAT_1,
                    "woz-054600000102-2023-01-01-" + FLAT_2);
            assertThat(values).extracting(WozValuation::getValue).containsExactly(400_000L, 352_000L, 310_000L,
                    900_000L, 900_000L);
            assertThat(values.get(0).getOccurredAt()).isEqualTo(FIRST_TRANSFER);
            assertThat(values.get(2).getOccurredAt()).isEqualTo(FIRST_TRANSFER);
            assertThat(values.get(3).getOccurredAt()).isEqualTo(FIRST_TRANSFER.plusSeconds(2 * 3600));
            assertThat(values.get(0).getValuationDate()).isEqualTo(LocalDate.parse("2023-01-01"));
            assertThat(values.get(0).getWozObjectNumber()).isEqualTo("054600000101");
            assertThat(values.get(0).getSource().getSystem()).isEqualTo("woz-bevragen");
            assertThat(values.get(0).getSource().getReference()).isEqualTo("054600000101:2023-01-01");
            assertThat(values.get(0).getBagVboId()).isEqualTo(HOUSE);
            // and the flats' shared WOZ object gives a valuation for each flat, marked as covering several objects
            assertThat(values).extracting(WozValuation::getCoversMultipleObjects)
                    .containsExactly(false, false, false, true, true);
            // and the house was looked up once for its two transfers; each lookup asked only for what is used
            final List<String> firstRequests = woz.requests();
            assertThat(firstRequests).filteredOn(r -> r.contains(HOUSE)).hasSize(1);
            assertThat(firstRequests).hasSize(4).allMatch(r -> r.startsWith("GET /wozobjecten?adresseerbaarObjectIdentificatie=")
                    && r.contains("&fields=identificatie,adresseerbaarObjectIdentificaties,waarden"));
            assertThat(apiKeys).hasSize(4).containsOnly(API_KEY);

            // Given, while no worker runs, transfers of the second flat (its valuation is on the topic already), of a
            // key that is no BAG id, and of an object the API answers malformed for; and the API's first two answers
            // are a 429 and a 503
            transfer(FLAT_2, "kadastraal-perceel-zonder-adres", BROKEN);
            woz.thenReply(Reply.status(429).withHeader("Retry-After", "1"), Reply.status(503));

            // When a second worker resumes from the first one's offsets
            worker = platform.startWorker(WozFixture.config(platform, woz));
            final List<ConsumerRecord<String, byte[]>> refused = platform.read(ConnectPlatform.REFUSED_TOPIC, 2);
            // and, while it runs, the 2024 values are set and the house and a shop are transferred
            newYear.set(true);
            transfer(HOUSE, SHOP);
            final List<ConsumerRecord<String, byte[]>> all = platform.read(Topics.WOZ_VALUATIONS.name(), 7);
            worker.stop();

            // Then only the house's new value and the shop's are added: nothing twice over the restart, not the
            // second flat's valuation (emitted for the first flat's transfer) and not the house's older values
            assertThat(platform.decode(WozValuation.class, all)).extracting(WozValuation::getEventId)
                    .containsExactly("woz-054600000101-2023-01-01-" + HOUSE, "woz-054600000101-2022-01-01-" + HOUSE,
                            "woz-054600000101-2021-01-01-" + HOUSE, "woz-054600000102-2023-01-01-" + FLAT_1,
                            "woz-054600000102-2023-01-01-" + FLAT_2, "woz-054600000101-2024-01-01-" + HOUSE,
                            "woz-054600000107-2023-01-01-" + SHOP);
            final List<String> secondRequests = woz.requests().subList(firstRequests.size(), woz.requests().size());
            assertThat(secondRequests).anyMatch(r -> r.contains(FLAT_2)).anyMatch(r -> r.contains(SHOP))
                    .noneMatch(r -> r.contains(FLAT_1));
            // and the 429 and the 503 were retried: the first request after the restart was asked three times (the
            // objects after the last committed valuation are read again; they give nothing)
            assertThat(secondRequests.subList(0, 3)).containsOnly(secondRequests.get(0));
            assertThat(secondRequests.get(0)).contains(NO_OBJECT);
            // and the key that is no BAG id (not asked for) and the malformed answer are refused records with the
            // reason and the transfer's position, without value
            assertThat(refused).extracting(ConsumerRecord::key)
                    .containsExactly("kadastraal-perceel-zonder-adres", BROKEN);
            assertThat(refused).allMatch(r -> r.value() == null);
            assertThat(ConnectPlatform.header(refused.get(0), RefusedRecords.REASON_HEADER)).contains("16 digits");
            assertThat(ConnectPlatform.header(refused.get(1), RefusedRecords.REASON_HEADER))
                    .contains("vastgesteldeWaarde");
            assertThat(ConnectPlatform.header(refused.get(1), RefusedRecords.SOURCE_OFFSET_HEADER))
                    .isEqualTo("{position=8}");
            assertThat(secondRequests).noneMatch(r -> r.contains("kadastraal"));
            // and the owner and occupant the API sent reached no record
            for (final ConsumerRecord<String, byte[]> r : concat(all, refused)) {
                assertThat(ConnectPlatform.everything(r)).doesNotContain(OWNER_BSN, OWNER_NAME);
            }
            // and every request and every checked answer was what the official document allows
            assertThat(woz.violations()).isEmpty();
        }
    }

    private Reply wozObjecten(final Exchange x) {
        apiKeys.add(x.headers().getOrDefault("X-api-key", x.headers().get("X-Api-Key")));
        final String vbo = x.param("adresseerbaarObjectIdentificatie");
        return switch (vbo) {
            case HOUSE -> found(object("054600000101", List.of(HOUSE), (newYear.get()
                    ? waarde(425_000, "2024-01-01", "2025-01-01", "beschikking_genomen") + "," : "")
                    + waarde(400_000, "2023-01-01", "2024-01-01", "beschikking_genomen") + ","
                    + waarde(352_000, "2022-01-01", "2023-03-17", "beschikking_genomen") + ","
                    + waarde(350_000, "2022-01-01", "2023-01-01", "beschikking_genomen") + ","
                    + waarde(300_000, "2021-01-01", "2022-07-01", "beschikking_vernietigd") + ","
                    + waarde(310_000, "2021-01-01", "2022-01-01", "beschikking_genomen")));
            // as the BevragenProxy answers: one waarde per date, without ingangsdatum and statuses
            case FLAT_1, FLAT_2 -> found(object("054600000102", List.of(FLAT_1, FLAT_2),
                    "{\"vastgesteldeWaarde\":900000,\"waardepeildatum\":\"2023-01-01\"}"));
            case SHOP -> found(object("054600000107", List.of(SHOP),
                    waarde(610_000, "2023-01-01", "2024-01-01", "bezwaar_ingediend")));
            case NO_OBJECT -> none(vbo);
            case BROKEN -> Reply.malformed("{\"_embedded\":{\"wozObjecten\":[" + object("054600000106", List.of(BROKEN),
                    "{\"vastgesteldeWaarde\":\"onbekend\",\"waardepeildatum\":\"2023-01-01\"}") + "]}}");
            default -> Reply.status(404);
        };
    }

    /**
     * Transfers of the given BAG objects, in order, an hour apart from {@link #FIRST_TRANSFER} on; the connector reads
     * their keys and event times.
     */
    private static void transfer(final String... vbos) throws Exception {
        final Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, platform.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
             Serializer<PropertyTransfer> values = Topics.KADASTER_PROPERTY_TRANSFERS
                     .valueSerde(Map.of("schema.registry.url", platform.registryUrl())).serializer()) {
            for (final String vbo : vbos) {
                final int n = transfers.getAndIncrement();
                final PropertyTransfer transfer = PropertyTransfer.newBuilder().setEventId("kad-" + n)
                        .setOccurredAt(FIRST_TRANSFER.plusSeconds(3600L * n)).setSource(new Source("test", "D-" + n))
                        .setBagVboId(vbo).setCadastralParcel("LDN00-K-" + n).setDeedDate(LocalDate.parse("2024-03-01"))
                        .setPrice(300_000).setBuyer(new Party("12345678", null)).setSeller(new Party("87654321", null))
                        .build();
                producer.send(new ProducerRecord<>(Topics.KADASTER_PROPERTY_TRANSFERS.name(), vbo,
                        values.serialize(Topics.KADASTER_PROPERTY_TRANSFERS.name(), transfer))).get();
            }
        }
    }

    @SafeVarargs
    private static <T> List<T> concat(final List<T>... lists) {
        final List<T> all = new ArrayList<>();
        for (final List<T> l : lists) {
            all.addAll(l);
        }
        return all;
    }
}
