package nl.barriere.detect;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.LongSupplier;
import nl.barriere.contract.Topics;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.HealthServer;
import nl.barriere.platform.Lag;
import nl.barriere.platform.Metrics;
import nl.barriere.platform.PrometheusScrape;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicAdmin;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.serde.AvroSerde;
import nl.barriere.serde.AvroSerializer;
import nl.barriere.serde.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md rule 7 (nothing lost) while the schema registry is down: a valid record whose writer schema the
 * application has not cached waits for the registry instead of becoming a dead letter, the application says it is
 * not ready, and it resumes by itself when the registry returns. An instance started during the outage runs from
 * the registry answers it keeps on disk.
 *
 * <p>Detection releases an event once the newest event time is the ruleset's hold (14 days in v1) past it; the
 * events are 20 days apart, so each releases the one before it and the processed counter trails the input by one; the committed input offsets show that the last one was taken in too.
 */
class RegistryOutageTest {

    private static final String APPLICATION_ID = "barriere-detect";
    private static final String SUBJECT = Topics.KVK_BUSINESS_EVENTS.name() + "-value";
    private static final Duration WAIT = Duration.ofSeconds(90);
    /** How long the serde waits for the registry before the stream thread is replaced; 30 s in production. */
    private static final String MAX_WAIT_MS = "2000";

    private EmbeddedKafka kafka;
    private EmbeddedSchemaRegistry registry;
    private AppConfig config;
    private final HttpClient http = HttpClient.newHttpClient();
    private AvroSerializer<BusinessEvent> writer;

    @BeforeEach
    void startPlatform() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.start(0);
        config = AppConfig.defaults()
                .with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(AppConfig.REGISTRY_URL, registry.url())
                .with(AppConfig.REGISTRY_UNAVAILABLE_MAX_WAIT_MS, MAX_WAIT_MS)
                .with(AppConfig.REGISTRY_CONNECT_TIMEOUT_MS, "500")
                .with(AppConfig.REGISTRY_REQUEST_TIMEOUT_MS, "1000")
                // A replaced thread (and a restarted instance) rejoins once the broker drops the old member:
                // 6 s here instead of the 45 s default, so the test does not wait the default out.
                .with(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), "6000")
                .with(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "kafka-streams",
                        "registry-outage-" + UUID.randomUUID()).toAbsolutePath().toString());
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            TopicAdmin.createAll(admin, config);
        }
        writer = new AvroSerde<>(BusinessEvent.class, new SchemaRegistryClient(registry.url()), true).serializer();
    }

    @AfterEach
    void stopPlatform() {
        registry.close();
        kafka.close();
    }

    @Test
    void validRecordsWaitOutARegistryOutageAndAColdStartRunsFromTheDiskCache() throws Exception {
        // Given detection running with its health endpoints, and two events (1 and 2 March 2024) in schema v1:
        // event 1 is processed, event 2 waits for a later one
        StreamsApp app = DetectCommandShape.detection(config).start();
        HealthServer health = HealthServer.start(0, List.of(app));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config.kafkaProperties(),
                new StringSerializer(), new ByteArraySerializer())) {
            assertThat(app.awaitRunning(WAIT)).isTrue();
            final int v1Id = ByteBuffer.wrap(v1Frame(event(1)), 1, 4).getInt();
            send(producer, event(1), Version.V1);
            send(producer, event(2), Version.V1);
            assertThat(await(processed(app), 1)).isEqualTo(1);
            assertThat(status(health)).isEqualTo(200);

            // Given a compatible version 2 of BusinessEvent (one optional field more), which the app has never seen
            final Schema v2 = withOptionalField(BusinessEvent.getClassSchema());
            v2Id = new SchemaRegistryClient(registry.url()).register(SUBJECT, v2);
            assertThat(v2Id).isNotEqualTo(v1Id);

            // When the registry stops, and events 3 and 4 (3 and 4 March) arrive written with version 2
            final double unreachableBefore = unreachableRequests(health);
            registry.close();
            send(producer, event(3), Version.V2);
            send(producer, event(4), Version.V2);

            // Then for 8 s (four times the serde's 2 s wait, so the stream thread is replaced at least once)
            // nothing is processed, nothing is dead-lettered, and ready says why it is not ready
            final long stallUntil = System.nanoTime() + Duration.ofSeconds(8).toNanos();
            while (System.nanoTime() < stallUntil) {
                assertThat(deadLetters()).isZero();
                Thread.sleep(500);
            }
            // (a replaced thread's store may be read while it is restored, so below 1 is possible, beyond it never)
            assertThat(processed(app).getAsLong()).isLessThanOrEqualTo(1L);
            final HttpResponse<String> notReady = ready(health);
            assertThat(notReady.statusCode()).as(notReady.body()).isEqualTo(503);
            assertThat(notReady.body()).contains(APPLICATION_ID + ": schema registry at " + registry.url()
                    + " unreachable since");
            assertThat(app.isAlive()).isTrue();
            // And /metrics counts the unanswered requests (the serde's retries, the readiness probes) by kind
            assertThat(unreachableRequests(health)).isGreaterThan(unreachableBefore);

            // When the registry starts again on the same port with the same schemas
            registry = registry.startAgain();

            // Then events 2 and 3 are processed (4 waits for a later event), every input offset is committed,
            // ready answers 200 again, and there is still not one dead letter
            assertThat(await(processed(app), 3)).isEqualTo(3);
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                assertThat(Lag.awaitCaughtUp(admin, APPLICATION_ID, List.of(Topics.KVK_BUSINESS_EVENTS.name()), WAIT))
                        .isTrue();
            }
            assertThat(awaitStatus(health, 200)).isEqualTo(200);
            assertThat(deadLetters()).isZero();

            // When the registry stops again and detection is restarted cold: new serdes with nothing in memory
            registry.close();
            health.close();
            app.close();
            app = DetectCommandShape.detection(config).start();
            health = HealthServer.start(0, List.of(app));

            // Then it runs from the disk cache: event 5 (v2) is read, event 4 (v2, from the buffer) is processed,
            // and nothing is dead-lettered, while ready says the registry is unreachable
            send(producer, event(5), Version.V2);
            assertThat(app.awaitRunning(WAIT)).isTrue();
            assertThat(await(processed(app), 4)).isEqualTo(4);
            assertThat(deadLetters()).isZero();
            assertThat(awaitStatus(health, 503)).isEqualTo(503);
        } finally {
            health.close();
            app.close();
        }
    }

    /** What {@code barriere detect} runs, with this test's configuration. */
    private static final class DetectCommandShape {
        static StreamsApp detection(final AppConfig config) {
            return new StreamsApp(APPLICATION_ID,
                    DetectionTopology.build(Ruleset.load("v1"), config.serdeConfig(), Topics.SIGNALS.name()), config);
        }
    }

    /** KvK registrations 20 days apart from 2024-01-01, past the 14-day hold, so each releases the one before it. */
    private static BusinessEvent event(final int n) {
        return Events.registered("9000000" + n, Events.at(LocalDate.parse("2024-01-01").plusDays(20L * n).toString()),
                "20240101", "5630", "054601000001234" + n);
    }

    /** The test's own writer: memory cache only, so it never reads the application's disk cache. */
    private byte[] v1Frame(final BusinessEvent event) {
        return writer.serialize(Topics.KVK_BUSINESS_EVENTS.name(), event);
    }

    /**
     * The event as a version-2 writer sends it: the v1 body, then the extra optional field at the end as null
     * (union branch 0, one zero byte), under the v2 schema id.
     */
    private byte[] v2Frame(final int v2Id, final BusinessEvent event) {
        final byte[] v1 = v1Frame(event);
        final byte[] body = Arrays.copyOfRange(v1, 5, v1.length);
        return ByteBuffer.allocate(5 + body.length + 1).put((byte) 0).putInt(v2Id).put(body).put((byte) 0).array();
    }

    private static Schema withOptionalField(final Schema v1) throws Exception {
        final ObjectMapper json = new ObjectMapper();
        final ObjectNode schema = (ObjectNode) json.readTree(v1.toString());
        final ObjectNode remark = ((ArrayNode) schema.get("fields")).addObject();
        remark.put("name", "remark");
        remark.putArray("type").add("null").add("string");
        remark.putNull("default");
        return new Schema.Parser().parse(json.writeValueAsString(schema));
    }

    private enum Version { V1, V2 }

    private int v2Id;

    private static double unreachableRequests(final HealthServer health) throws Exception {
        final HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + health.port() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        return PrometheusScrape.parse(metrics.body()).value(Metrics.REGISTRY_ERRORS, Map.of("kind", "unreachable"))
                .orElseThrow();
    }

    private void send(final KafkaProducer<String, byte[]> producer, final BusinessEvent event, final Version version)
            throws Exception {
        final byte[] value = version == Version.V1 ? v1Frame(event) : v2Frame(v2Id, event);
        producer.send(new ProducerRecord<>(Topics.KVK_BUSINESS_EVENTS.name(), null,
                Topics.KVK_BUSINESS_EVENTS.timestampOf(event), event.getKvkNumber(), value)).get();
    }

    /** Dead letters committed so far, counted as raw records: counting must not need the registry. */
    private long deadLetters() {
        final Properties props = config.kafkaProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEAD_LETTERS.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long count = 0;
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
                count += consumer.poll(Duration.ofMillis(200)).count();
            }
            return count;
        }
    }

    /** Detection's own count of processed events, or -1 while its store is not queryable (a thread restarting). */
    private static LongSupplier processed(final StreamsApp app) {
        return () -> {
            try {
                final ReadOnlyKeyValueStore<String, Long> clock = app.streams().store(StoreQueryParameters
                        .fromNameAndType(DetectionTopology.CLOCK_STORE, QueryableStoreTypes.<String, Long>keyValueStore()));
                final Long count = clock.get(DetectionProcessor.PROCESSED);
                return count == null ? 0 : count;
            } catch (final InvalidStateStoreException notNow) {
                return -1;
            }
        };
    }

    private static long await(final LongSupplier value, final long expected) throws InterruptedException {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        long last = value.getAsLong();
        while (last != expected && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = value.getAsLong();
        }
        return last;
    }

    private int awaitStatus(final HealthServer health, final int status) throws Exception {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        int last = status(health);
        while (last != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = status(health);
        }
        return last;
    }

    private int status(final HealthServer health) throws Exception {
        return ready(health).statusCode();
    }

    private HttpResponse<String> ready(final HealthServer health) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + health.port() + "/health/ready"))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
