package nl.barriere.devkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.server.common.MetadataVersion;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedKafkaTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void createdTopicCarriesProducedRecordsToAConsumer() throws Exception {
        // Given a topic created explicitly with three partitions
        final String topic = "plain-" + UUID.randomUUID();
        createTopic(topic, 3);

        // When three records are produced
        try (KafkaProducer<String, String> producer = producer(Map.of())) {
            producer.send(new ProducerRecord<>(topic, "kvk-1", "opgericht")).get();
            producer.send(new ProducerRecord<>(topic, "kvk-2", "uitgeschreven")).get();
            producer.send(new ProducerRecord<>(topic, "kvk-1", "verhuisd")).get();
        }

        // Then a consumer reads exactly those, in order per key
        final List<ConsumerRecord<String, String>> records = consumeAll(topic, 3, IsolationLevel.READ_UNCOMMITTED);
        assertThat(records)
            .extracting(ConsumerRecord::key, ConsumerRecord::value)
            .containsExactlyInAnyOrder(
                tuple("kvk-1", "opgericht"), tuple("kvk-2", "uitgeschreven"), tuple("kvk-1", "verhuisd"));
        assertThat(records.stream().filter(r -> r.key().equals("kvk-1")).map(ConsumerRecord::value))
            .containsExactly("opgericht", "verhuisd");
    }

    @Test
    void transactionalProducerCommitsAndAbortsForReadCommittedConsumers() throws Exception {
        // Given a topic and a transactional producer, which needs the transaction state log
        final String topic = "transactional-" + UUID.randomUUID();
        createTopic(topic, 1);
        try (KafkaProducer<String, String> producer = producer(Map.of(
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "tx-" + UUID.randomUUID()))) {
            producer.initTransactions();

            // When one transaction is aborted and the next one committed
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "pand-7", "aborted"));
            producer.abortTransaction();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "pand-7", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "pand-7", "committed-2"));
            producer.commitTransaction();
        }

        // Then a read_committed consumer sees only the committed records
        final List<ConsumerRecord<String, String>> records = consumeAll(topic, 2, IsolationLevel.READ_COMMITTED);
        assertThat(records).extracting(ConsumerRecord::value).containsExactly("committed-1", "committed-2");
    }

    @Test
    void kafkaStreamsRunsWithExactlyOnceV2(@TempDir final Path stateDir) throws Exception {
        // Given an input and an output topic and a Streams application with exactly_once_v2
        final String input = "streams-in-" + UUID.randomUUID();
        final String output = "streams-out-" + UUID.randomUUID();
        createTopic(input, 2);
        createTopic(output, 2);
        final StreamsBuilder builder = new StreamsBuilder();
        builder.stream(input, Consumed.with(Serdes.String(), Serdes.String()).withName("read-input"))
            .mapValues(value -> value.toUpperCase(Locale.ROOT), Named.as("shout"))
            .to(output, Produced.with(Serdes.String(), Serdes.String()).withName("write-output"));
        final Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "eos-" + UUID.randomUUID());
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        config.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        config.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100);

        try (KafkaStreams streams = new KafkaStreams(builder.build(), config)) {
            streams.start();

            // When two records arrive on the input
            try (KafkaProducer<String, String> producer = producer(Map.of())) {
                producer.send(new ProducerRecord<>(input, "bibob-1", "advies")).get();
                producer.send(new ProducerRecord<>(input, "bibob-2", "weigering")).get();
            }

            // Then a read_committed consumer sees both transformed, committed by Streams' transactions
            final List<ConsumerRecord<String, String>> records = consumeAll(output, 2, IsolationLevel.READ_COMMITTED);
            assertThat(records)
                .extracting(ConsumerRecord::key, ConsumerRecord::value)
                .containsExactlyInAnyOrder(tuple("bibob-1", "ADVIES"), tuple("bibob-2", "WEIGERING"));
            assertThat(streams.state()).isEqualTo(KafkaStreams.State.RUNNING);
        }
    }

    @Test
    void clusterRunsTheLatestProductionMetadataVersion() throws Exception {
        // Given the running broker
        try (Admin admin = admin()) {
            // When its finalized features are described
            final var metadataVersion = admin.describeFeatures().featureMetadata().get()
                .finalizedFeatures().get(MetadataVersion.FEATURE_NAME);

            // Then metadata.version is the newest one this Kafka release calls production-ready
            assertThat(metadataVersion.maxVersionLevel()).isEqualTo(MetadataVersion.LATEST_PRODUCTION.featureLevel());
        }
    }

    @Test
    void topicsAreNotCreatedImplicitly() throws Exception {
        // Given a topic name nobody created
        final String topic = "never-created-" + UUID.randomUUID();

        // When a consumer asks for its metadata
        try (KafkaConsumer<String, String> consumer = consumer(IsolationLevel.READ_UNCOMMITTED)) {
            consumer.partitionsFor(topic, Duration.ofSeconds(2));
        } catch (final org.apache.kafka.common.errors.TimeoutException expected) {
            // the consumer may give up waiting for a topic that never appears
        }

        // Then the broker still does not know it
        try (Admin admin = admin()) {
            assertThat(admin.listTopics().names().get()).doesNotContain(topic);
        }
    }

    @Test
    void closeShutsTheBrokerDownAndDeletesItsData() {
        // Given a second broker that has written its storage
        final EmbeddedKafka second = EmbeddedKafka.start();
        assertThat(second.dataDir()).isDirectory().isNotEmptyDirectory();
        assertThat(second.bootstrapServers()).isNotEqualTo(kafka.bootstrapServers()).startsWith("localhost:");

        // When it is closed twice
        second.close();
        second.close();

        // Then its data directory is gone
        assertThat(second.dataDir()).doesNotExist();
    }

    private static void createTopic(final String topic, final int partitions) throws Exception {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1))).all().get();
            assertThat(admin.describeTopics(Set.of(topic)).allTopicNames().get().get(topic).partitions())
                .hasSize(partitions);
        }
    }

    private static Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()));
    }

    private static KafkaProducer<String, String> producer(final Map<String, Object> extra) {
        final Map<String, Object> config = new java.util.HashMap<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ProducerConfig.ACKS_CONFIG, "all",
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true));
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(final IsolationLevel isolation) {
        return new KafkaConsumer<>(Map.of(
            ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
            ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
            ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
            ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString()),
            new StringDeserializer(), new StringDeserializer());
    }

    private static List<ConsumerRecord<String, String>> consumeAll(
            final String topic, final int expected, final IsolationLevel isolation) {
        final List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = consumer(isolation)) {
            consumer.subscribe(List.of(topic));
            final long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (records.size() < expected && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            // one more poll so that records beyond the expected count would show up as a failure
            consumer.poll(Duration.ofMillis(500)).forEach(records::add);
        }
        return records;
    }
}
