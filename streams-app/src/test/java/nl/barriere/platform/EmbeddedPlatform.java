package nl.barriere.platform;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import nl.barriere.contract.Topic;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.devkit.generator.GeneratorTopics;
import nl.barriere.devkit.generator.Profile;
import nl.barriere.schema.EvidenceRef;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What an integration test stands on: a real in-process broker and schema registry on free ports, every topic of
 * {@link Topics} created, and a config pointing at both with Kafka Streams state under {@code target/} (a directory of
 * its own per platform, so tests that run one after another never share state).
 */
public final class EmbeddedPlatform implements AutoCloseable {

    private final EmbeddedKafka kafka;
    private final EmbeddedSchemaRegistry registry;
    private final AppConfig config;

    private EmbeddedPlatform(final EmbeddedKafka kafka, final EmbeddedSchemaRegistry registry, final AppConfig config) {
        this.kafka = kafka;
        this.registry = registry;
        this.config = config;
    }

    /** Starts the broker and the registry and creates the topics; {@code name} names the state directory. */
    public static EmbeddedPlatform start(final String name) throws Exception {
        final EmbeddedKafka kafka = EmbeddedKafka.start();
        final EmbeddedSchemaRegistry registry;
        try {
            registry = EmbeddedSchemaRegistry.start(0);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        final Path stateDir = Path.of("target", "kafka-streams", name + "-" + UUID.randomUUID()).toAbsolutePath();
        Files.createDirectories(stateDir);
        // One key for every review instance of this platform, as an installation has (ReviewScaleOutTest runs two).
        final byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        final Path signingKey = Files.writeString(stateDir.resolve("review-signing.properties"),
                "review.signing.key=" + Base64.getEncoder().encodeToString(key) + "\n");
        final EmbeddedPlatform platform = new EmbeddedPlatform(kafka, registry, AppConfig.defaults()
                .with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(AppConfig.REGISTRY_URL, registry.url())
                .with(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString())
                .with(AppConfig.REVIEW_SIGNING_KEY_FILE, signingKey.toString()));
        try (Admin admin = Admin.create(platform.config.kafkaProperties())) {
            TopicAdmin.createAll(admin, platform.config);
        } catch (Exception e) {
            platform.close();
            throw e;
        }
        return platform;
    }

    public AppConfig config() {
        return config;
    }

    /**
     * Generates {@code years} of the Leiden profile with {@code seed} into {@code dir} (beside the ground truth) and
     * loads the files of {@code inputs} onto their topics.
     *
     * @return how many records were loaded
     */
    public long loadLeiden(final int years, final long seed, final Path dir,
                           final List<? extends Topic<String, ? extends SpecificRecord>> inputs) throws Exception {
        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, years, seed), dir);
        long loaded = 0;
        for (final Topic<String, ? extends SpecificRecord> topic : inputs) {
            loaded += JsonLinesLoader.load(dir.resolve(GeneratorTopics.fileName(topic.name())), topic, config, n -> { });
        }
        return loaded;
    }

    /**
     * Writes {@code values} to {@code topic} one by one, keyed and timestamped as the topic says, each acknowledged
     * before the next is sent.
     */
    @SafeVarargs
    public final <V extends SpecificRecord> void write(final Topic<String, V> topic, final V... values) throws Exception {
        for (final V value : values) {
            send(topic, value);
        }
    }

    /** Writes {@code value} like {@link #write(Topic, SpecificRecord[])}; where it landed is its evidence reference. */
    public <V extends SpecificRecord> EvidenceRef write(final Topic<String, V> topic, final V value, final String eventId)
            throws Exception {
        final RecordMetadata written = send(topic, value);
        return new EvidenceRef(eventId, topic.name(), written.partition(), written.offset(),
                Instant.ofEpochMilli(written.timestamp()));
    }

    private <V extends SpecificRecord> RecordMetadata send(final Topic<String, V> topic, final V value) throws Exception {
        try (KafkaProducer<String, V> producer = new KafkaProducer<>(config.kafkaProperties(),
                topic.keySerde().serializer(), topic.valueSerde(config.serdeConfig()).serializer())) {
            return producer.send(new ProducerRecord<>(topic.name(), null, topic.timestampOf(value), topic.keyOf(value),
                    value)).get();
        }
    }

    @Override
    public void close() {
        try {
            registry.close();
        } finally {
            kafka.close();
        }
    }
}
