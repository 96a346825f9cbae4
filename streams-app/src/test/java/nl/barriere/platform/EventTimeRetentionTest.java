package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.devkit.EmbeddedKafka;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Barrière's records carry their event time as the Kafka timestamp, and the generated municipality's events (and so
 * its signals) are years old. The broker's time-based retention judges a segment by the largest timestamp in it, so
 * on a topic with the broker's default {@code retention.ms} (seven days) such a record is past retention the moment
 * it is written, and the first retention check after the write deletes its segment, committed or not, even when it
 * is the active one. Every topic Barrière writes must therefore be made by {@link TopicAdmin}, which gives each one a
 * retention that suits event time.
 *
 * <p>Why only the first record of each partition goes: the commit marker that ends a transaction is stamped with
 * the broker's clock, more than {@code segment.ms} (seven days) after the old record before it, so the broker starts
 * a new segment at the marker. The first segment holds the first transaction's records alone and is past retention;
 * every later segment begins with a marker of today and is not.
 *
 * <p>The broker runs its first retention check {@code log.initial.task.delay.ms} (30 s) after it starts and then every
 * {@code log.retention.check.interval.ms} (5 min), the production defaults; the test waits for one, which it
 * recognises by the topic made with the broker's defaults losing its first record.
 */
class EventTimeRetentionTest {

    private static final Instant DETECTED_AT = Instant.parse("2024-03-14T09:30:00Z");
    private static final String BROKER_DEFAULTS = "broker-defaults.signals";
    private static final String REPLAYED = "audit-2024.signals";
    /** Normally the first check, 30 s after the broker started; on a slow machine that missed the writes, the next. */
    private static final Duration RETENTION_CHECK = Duration.ofMinutes(6);

    private static EmbeddedKafka kafka;
    private static AppConfig config;

    @BeforeAll
    static void startBroker() {
        kafka = EmbeddedKafka.start();
        config = AppConfig.defaults().with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers());
    }

    @AfterAll
    static void stopBroker() {
        kafka.close();
    }

    @Test
    void everyTopicTopicAdminMakesKeepsYearsOldEventTimesThroughTheBrokersRetentionCheck() throws Exception {
        // Given every Barrière topic, a replay's signals topic made like the live one, and a topic made the way the
        // failover test made its baseline: with the broker's defaults
        final List<String> ours = new ArrayList<>(Topics.ALL.stream().map(Topic::name).toList());
        ours.add(REPLAYED);
        final long started = System.currentTimeMillis();
        appendTimes.clear();
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            TopicAdmin.createAll(admin, config);
            assertThat(TopicAdmin.createLike(admin, config, Topics.SIGNALS, REPLAYED)).isTrue();
            admin.createTopics(List.of(new NewTopic(BROKER_DEFAULTS, 1, (short) 1))).all().get(30, TimeUnit.SECONDS);

            // When two transactions, one after the other, each write a record with event time 2024-03-14 to
            // partition 0 of each, and the broker's first retention check has run
            final List<String> all = new ArrayList<>(ours);
            all.add(BROKER_DEFAULTS);
            writeInOneTransaction(all, "first-signal");
            writeInOneTransaction(all, "second-signal");
            final Map<String, String> expected = new HashMap<>();
            all.forEach(topic -> expected.put(topic, "first-signal@" + DETECTED_AT.toEpochMilli()
                    + ", second-signal@" + DETECTED_AT.toEpochMilli()));
            // (the input and dead-letter topics have the broker stamp the time a record arrived, whatever the
            // producer set)
            Stream.concat(Topics.INPUTS.stream(), Stream.of(Topics.DEAD_LETTERS, Topics.BIBOB_DEAD_LETTERS))
                    .forEach(topic -> expected.put(topic.name(), "first-signal@arrival, second-signal@arrival"));
            assertThat(read(all)).as("before the retention check").isEqualTo(expected);
            final long deadline = System.nanoTime() + RETENTION_CHECK.toNanos();
            while (logStart(admin, BROKER_DEFAULTS) == 0 && System.nanoTime() < deadline) {
                Thread.sleep(500);
            }

            // Then the broker-defaults topic lost its first committed record (offset 0; the marker at 1 began a new
            // segment), and every topic TopicAdmin made still has both
            assertThat(logStart(admin, BROKER_DEFAULTS)).as("log start offset of " + BROKER_DEFAULTS).isEqualTo(1);
            expected.put(BROKER_DEFAULTS, "second-signal@" + DETECTED_AT.toEpochMilli());
            assertThat(read(all)).isEqualTo(expected);
            assertThat(appendTimes).as("input and dead-letter record timestamps are the broker's, not the producer's")
                    .allSatisfy(time -> assertThat(time).isGreaterThanOrEqualTo(started));
            for (final String topic : ours) {
                assertThat(logStart(admin, topic)).as("log start offset of " + topic).isZero();
            }
        }
    }

    private static void writeInOneTransaction(final List<String> topics, final String key) {
        final Properties props = config.kafkaProperties();
        props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "event-time-retention");
        try (KafkaProducer<String, String> producer =
                     new KafkaProducer<>(props, new StringSerializer(), new StringSerializer())) {
            producer.initTransactions();
            producer.beginTransaction();
            for (final String topic : topics) {
                producer.send(new ProducerRecord<>(topic, 0, DETECTED_AT.toEpochMilli(), key, "detected"));
            }
            producer.commitTransaction();
        }
    }

    /** Every committed record of partition 0 of each topic, as topic → "key@timestamp". */
    /** The timestamps read from input topics. */
    private static final List<Long> appendTimes = new ArrayList<>();

    private static Map<String, String> read(final List<String> topics) {
        final Properties props = config.kafkaProperties();
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final Map<String, String> records = new HashMap<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            final List<TopicPartition> partitions = topics.stream().map(t -> new TopicPartition(t, 0)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            final long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read up to " + end);
                }
                for (final ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(200))) {
                    final boolean arrival = r.timestampType() == TimestampType.LOG_APPEND_TIME;
                    if (arrival) {
                        appendTimes.add(r.timestamp());
                    }
                    records.merge(r.topic(), r.key() + "@" + (arrival ? "arrival" : r.timestamp()), (a, b) -> a + ", " + b);
                }
            }
        }
        return records;
    }

    private static long logStart(final Admin admin, final String topic) throws Exception {
        final TopicPartition partition = new TopicPartition(topic, 0);
        return admin.listOffsets(Map.of(partition, OffsetSpec.earliest()), new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
                .partitionResult(partition).get(30, TimeUnit.SECONDS).offset();
    }
}
