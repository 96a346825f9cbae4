package nl.barriere.connect;

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
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.TopicAdmin;
import nl.barriere.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
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

/**
 * What the connector tests run on: a real broker and schema registry with Barrière's topics and the refused-records
 * topic, and real Kafka Connect workers (standalone herder, in this JVM) whose source offsets live in a file, so a
 * test can stop a worker and start another that resumes where the first stopped.
 */
public final class ConnectPlatform implements AutoCloseable {

    public static final String REFUSED_TOPIC = "connect.refused-records";
    public static final String HMAC_KEY = "test-only-key-0123456789abcdef0123456789";

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final AppConfig config;
    private final Path dir;
    private final Path secrets;

    private ConnectPlatform(final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry, final Path dir)
            throws Exception {
        this.kafka = kafka;
        this.registry = registry;
        this.dir = dir;
        this.config = AppConfig.defaults().with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(AppConfig.REGISTRY_URL, registry.url());
        this.secrets = Files.writeString(dir.resolve("barriere-secrets.properties"), "hmac.key=" + HMAC_KEY + "\n");
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            TopicAdmin.createAll(admin, config);
            admin.createTopics(List.of(new NewTopic(REFUSED_TOPIC, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
    }

    /** Starts the broker and the registry, and creates the topics; {@code dir} holds secrets and offsets. */
    public static ConnectPlatform start(final Path dir) throws Exception {
        final EmbeddedKafka kafka = EmbeddedKafka.start();
        return new ConnectPlatform(kafka, EmbeddedSchemaRegistry.start(0), dir);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    public String registryUrl() {
        return registry.url();
    }

    /** Barrière's configuration pointing at this broker and registry, e.g. for a Streams app of streams-app. */
    public AppConfig config() {
        return config;
    }

    /** The config-provider reference to the HMAC key, as the shipped configs give it. */
    public String hmacKeyReference() {
        return "${file:" + secrets + ":hmac.key}";
    }

    /** A secrets file of its own in the worker's file config provider's reach; returns the reference to {@code key}. */
    public String secret(final String file, final String key, final String value) throws Exception {
        final Path path = Files.writeString(dir.resolve(file), key + "=" + value + "\n");
        return "${file:" + path + ":" + key + "}";
    }

    /**
     * A worker, with the connectors deployed; its offsets are in {@code dir}, shared by every worker of this test, so
     * run one worker at a time.
     */
    @SafeVarargs
    public final Connect<StandaloneHerder> startWorker(final Map<String, String>... connectors) throws Exception {
        final Connect<StandaloneHerder> connect = new ConnectStandalone().startConnect(workerProperties());
        for (final Map<String, String> connector : connectors) {
            final FutureCallback<Herder.Created<ConnectorInfo>> created = new FutureCallback<>();
            connect.herder().putConnectorConfig(connector.get("name"), connector, false, created);
            created.get(60, TimeUnit.SECONDS);
        }
        return connect;
    }

    private Map<String, String> workerProperties() {
        return Map.ofEntries(
                Map.entry("bootstrap.servers", kafka.bootstrapServers()),
                Map.entry("listeners", "http://localhost:0"),
                Map.entry("offset.storage.file.filename", dir.resolve("connect.offsets").toString()),
                Map.entry("key.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("value.converter", "org.apache.kafka.connect.storage.StringConverter"),
                Map.entry("config.providers", "file"),
                Map.entry("config.providers.file.class", "org.apache.kafka.common.config.provider.FileConfigProvider"),
                Map.entry("offset.flush.interval.ms", "500"),
                Map.entry("plugin.discovery", "only_scan"));
    }

    /**
     * The records of {@code topic} from the start, waiting until {@code expected} have arrived (or 60 s), then one more
     * second: a record beyond the expected count would be a duplicate.
     */
    public List<ConsumerRecord<String, byte[]>> read(final String topic, final int expected) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "connector-test-" + java.util.UUID.randomUUID());
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            consumer.poll(Duration.ofSeconds(1)).forEach(records::add);
        }
        return records;
    }

    /** The contract records of {@code topic}'s values, decoded through the registry. */
    public <V extends SpecificRecord> List<V> decode(final Class<V> type, final List<ConsumerRecord<String, byte[]>> records) {
        try (AvroSerde<V> serde = new AvroSerde<>(type)) {
            serde.configure(config.serdeConfig(), false);
            final List<V> values = new ArrayList<>();
            for (final ConsumerRecord<String, byte[]> r : records) {
                values.add(serde.deserializer().deserialize(r.topic(), r.value()));
            }
            return values;
        }
    }

    /** HMAC-SHA256 computed here, independently of the transform, over the identifier without surrounding blanks. */
    public static String expectedPseudonym(final String raw) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HMAC_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "p-" + HexFormat.of().formatHex(mac.doFinal(raw.strip().getBytes(StandardCharsets.UTF_8)));
        } catch (final java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Key, value bytes and headers of a record as one text, to look for a raw identifier anywhere in it. */
    public static String everything(final ConsumerRecord<String, byte[]> r) {
        final StringBuilder all = new StringBuilder(String.valueOf(r.key()));
        if (r.value() != null) {
            all.append(new String(r.value(), StandardCharsets.ISO_8859_1));
        }
        for (final Header h : r.headers()) {
            all.append(h.key()).append(new String(h.value(), StandardCharsets.ISO_8859_1));
        }
        return all.toString();
    }

    public static String header(final ConsumerRecord<String, byte[]> r, final String key) {
        final Header header = r.headers().lastHeader(key);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        registry.close();
        kafka.close();
    }
}
