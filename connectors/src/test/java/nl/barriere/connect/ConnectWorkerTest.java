package nl.barriere.connect;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.barriere.contract.Topics;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicAdmin;
import nl.barriere.schema.PermitEvent;
import nl.barriere.serde.AvroSerde;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.cli.ConnectStandalone;
import org.apache.kafka.connect.runtime.Connect;
import org.apache.kafka.connect.runtime.Herder;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorInfo;
import org.apache.kafka.connect.runtime.standalone.StandaloneHerder;
import org.apache.kafka.connect.util.FutureCallback;
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

    private static final String REFUSED_TOPIC = "connect.refused-records";
    private static final String HMAC_KEY = "test-only-key-0123456789abcdef0123456789";
    private static final String RAW_BSN = "123456782";
    private static final String RAW_STAFF_NUMBER = "MDW-000417";

    @TempDir
    static Path dir;

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static AppConfig config;

    @BeforeAll
    static void startPlatform() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.start(0);
        config = AppConfig.defaults().with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(AppConfig.REGISTRY_URL, registry.url());
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            TopicAdmin.createAll(admin, config);
            admin.createTopics(List.of(new NewTopic(REFUSED_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stopPlatform() {
        registry.close();
        kafka.close();
    }

    @Test
    void permitEventsArriveWithPseudonymsOnlyAndTheRefusedOneIsRoutedAside() throws Exception {
        // Given the HMAC key in a secrets file, and three permit events from the permit system with raw identifiers:
        // two well-formed, one whose manager identifier is a number
        final Path secrets = Files.writeString(dir.resolve("barriere-secrets.properties"), "hmac.key=" + HMAC_KEY + "\n");
        final Path input = Files.write(dir.resolve("permit-events.jsonl"), List.of(
                permitEvent("hor-1", "HV-2024-0017", "2024-06-10T08:00:00Z", "[\"" + RAW_BSN + "\"]"),
                permitEvent("hor-2", "HV-2024-0018", "2024-06-11T08:00:00Z", "[123456782]"),
                permitEvent("hor-3", "HV-2024-0019", "2024-06-12T08:00:00Z",
                        "[\"" + RAW_STAFF_NUMBER + "\", \" " + RAW_BSN + " \"]")));

        // When a Connect worker runs the file source with the transform chain into horeca.permit-events
        final Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(workerProperties());
        try {
            final FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
            connect.herder().putConnectorConfig("permit-events-file", connectorConfig(input, secrets), false, created);
            created.get(60, TimeUnit.SECONDS);
            final List<ConsumerRecord<String, byte[]>> permits = read(Topics.HORECA_PERMIT_EVENTS.name(), 2);
            final List<ConsumerRecord<String, byte[]>> refused = read(REFUSED_TOPIC, 1);

            // Then the two good events arrive as PermitEvent Avro, keyed by application id, with pseudonyms
            assertThat(permits).extracting(ConsumerRecord::key).containsExactly("HV-2024-0017", "HV-2024-0019");
            try (AvroSerde<PermitEvent> serde = new AvroSerde<>(PermitEvent.class)) {
                serde.configure(config.serdeConfig(), false);
                final List<List<String>> managers = new ArrayList<>();
                for (final ConsumerRecord<String, byte[]> r : permits) {
                    managers.add(serde.deserializer().deserialize(r.topic(), r.value()).getManagerPseudonyms());
                }
                assertThat(managers).containsExactly(
                        List.of(expectedPseudonym(RAW_BSN)),
                        List.of(expectedPseudonym(RAW_STAFF_NUMBER), expectedPseudonym(RAW_BSN)));
            }
            // and no byte sequence of a raw identifier is anywhere in what reached Kafka
            for (final ConsumerRecord<String, byte[]> r : concat(permits, refused)) {
                assertThat(everything(r)).doesNotContain(RAW_BSN, RAW_STAFF_NUMBER);
            }

            // and the refused event is on the refused-records topic: its key, no value, the reason and the position
            final ConsumerRecord<String, byte[]> aside = refused.get(0);
            assertThat(aside.key()).isEqualTo("HV-2024-0018");
            assertThat(aside.value()).isNull();
            assertThat(header(aside, PseudonymisePersons.REASON_HEADER)).isEqualTo(
                    "managerPseudonyms[0]: is a number, not text; a person identifier must be text"
                            + " (a number would lose leading zeros)");
            assertThat(header(aside, PseudonymisePersons.TOPIC_HEADER)).isEqualTo(Topics.HORECA_PERMIT_EVENTS.name());
            assertThat(header(aside, PseudonymisePersons.SOURCE_OFFSET_HEADER)).startsWith("{position=");
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

    private static Map<String, String> workerProperties() {
        return Map.ofEntries(
                Map.entry("bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("listeners", "http://localhost:0"),
                Map.entry("offset.storage.file.filename", dir.resolve("connect.offsets").toString()),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("config.providers", "file"),
                Map.entry("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"),
                Map.entry("offset.flush.interval.ms", "1000"),
                Map.entry("plugin.discovery", "only_scan"));
    }

    /** The same chain as {@code connectors/config/kadaster-extracts.json}, on permit events. */
    private static Map<String, String> connectorConfig(final Path input, final Path secrets) {
        return Map.ofEntries(
                Map.entry("name", "permit-events-file"),
                Map.entry("connector.class", "org.apache.kafka.connect.file.FileStreamSourceConnector"),
                Map.entry("tasks.max", "1"),
                Map.entry("file", input.toString()),
                Map.entry("topic", Topics.HORECA_PERMIT_EVENTS.name()),
                Map.entry("value.converter", ContractConverter.class.getName()),
                Map.entry("value.converter.record.class", PermitEvent.class.getName()),
                Map.entry("value.converter.schema.registry.url", registry.url()),
                Map.entry("transforms", "json,key,extractKey,persons"),
                Map.entry("transforms.json.type", ParseJson.class.getName()),
                Map.entry("transforms.key.type", "org.apache.kafka.connect.transforms.ValueToKey"),
                Map.entry("transforms.key.fields", "applicationId"),
                Map.entry("transforms.extractKey.type", "org.apache.kafka.connect.transforms.ExtractField$Key"),
                Map.entry("transforms.extractKey.field", "applicationId"),
                Map.entry("transforms.persons.type", PseudonymisePersons.class.getName()),
                Map.entry("transforms.persons.fields", "managerPseudonyms[]"),
                Map.entry("transforms.persons.hmac.key", "${file:" + secrets + ":hmac.key}"),
                Map.entry("transforms.persons.refused.topic", REFUSED_TOPIC));
    }

    /** HMAC-SHA256 computed here, independently of the transform, over the identifier without surrounding blanks. */
    private static String expectedPseudonym(final String raw) throws Exception {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "p-" + HexFormat.of().formatHex(mac.doFinal(raw.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<ConsumerRecord<String, byte[]>> read(final String topic, final int expected) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "connect-worker-test-" + topic);
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // one more poll: a record beyond the expected count would be a duplicate
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    private static String everything(final ConsumerRecord<String, byte[]> r) {
        final StringBuilder all = new StringBuilder(String.valueOf(r.key()));
        if (r.value() != null) {
            all.append(new String(r.value(), StandardCharsets.ISO_8859_1));
        }
        for (final Header h : r.headers()) {
            all.append(h.key()).append(new String(h.value(), StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    private static String header(final ConsumerRecord<String, byte[]> r, final String key) {
        final Header header = r.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static <T> List<T> concat(final List<T> a, final List<T> b) {
        final List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }
}
