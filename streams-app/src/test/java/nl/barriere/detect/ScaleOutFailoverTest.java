package nl.barriere.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.devkit.generator.GeneratorTopics;
import nl.barriere.devkit.generator.Profile;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.JsonLinesLoader;
import nl.barriere.platform.Lag;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicAdmin;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two detection instances with one application id, each in its own JVM, against one broker; the one running the
 * task is killed ({@link Process#destroyForcibly()}: no close, no commit, its transaction left open) in the middle
 * of three generated years; the other takes over. The signals on the topic are then exactly those of a
 * single-instance run over the same input: same keys, same partitions, same order, same bytes.
 *
 * <p>Detection's input topics have one partition on purpose (one task merges all sources in event-time order), so
 * the second instance does not share the work: it is a hot standby ({@code num.standby.replicas=1}) that keeps a
 * copy of the task's state and takes the task over. Scaling out buys availability, not throughput.
 *
 * <p>The instances run with a 6 s session timeout and a 20 s transaction timeout, so the test does not wait the
 * production defaults out; the printed times say which part of the failover each of them bounds.
 */
class ScaleOutFailoverTest {

    private static final String APPLICATION_ID = "barriere-detect";
    private static final String BASELINE_SIGNALS = "baseline.signals";
    private static final List<String> INPUT_TOPICS = DetectionTopology.INPUTS.stream().map(Topic::name).toList();

    @TempDir
    static Path data;

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static AppConfig config;
    private static Path work;

    @BeforeAll
    static void loadTheMunicipality() throws Exception {
        kafka = EmbeddedKafka.start();
        registry = EmbeddedSchemaRegistry.start(0);
        work = Path.of("target", "failover-" + UUID.randomUUID()).toAbsolutePath();
        config = AppConfig.defaults().with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                .with(AppConfig.REGISTRY_URL, registry.url())
                .with(StreamsConfig.STATE_DIR_CONFIG, work.resolve("baseline-state").toString());
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            TopicAdmin.createAll(admin, config);
            // Made like the live signals topic: with the broker's default seven-day retention, the first retention
            // check would delete baseline signals whose event time lies years back (EventTimeRetentionTest).
            TopicAdmin.createLike(admin, config, Topics.SIGNALS, BASELINE_SIGNALS);
        }
        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 3, 42), data);
        for (final Topic<String, ?> topic : DetectionTopology.INPUTS) {
            JsonLinesLoader.load(data.resolve(GeneratorTopics.fileName(topic.name())), topic, config, n -> { });
        }
    }

    @AfterAll
    static void stop() throws Exception {
        registry.close();
        kafka.close();
        Utils.delete(work.toFile());
    }

    @Test
    void afterOneOfTwoInstancesIsKilledTheSurvivorFinishesWithExactlyTheSignalsOfASingleInstance() throws Exception {
        // Given the signals of one instance that ran undisturbed over the input
        final String baselineId = "detect-baseline-" + UUID.randomUUID();
        try (StreamsApp baseline = new StreamsApp(baselineId,
                DetectionTopology.build(Ruleset.load("v1"), config.serdeConfig(), BASELINE_SIGNALS), config).start();
             Admin admin = Admin.create(config.kafkaProperties())) {
            assertThat(Lag.awaitCaughtUp(admin, baselineId, INPUT_TOPICS, Duration.ofMinutes(5))).isTrue();
            awaitQuiet(admin, BASELINE_SIGNALS);
            assertNothingDeleted(admin, BASELINE_SIGNALS);
        }
        final List<String> expected = read(BASELINE_SIGNALS);
        assertThat(expected).hasSizeGreaterThan(10);

        // When two instances of `barriere detect` start in their own JVMs, and the one holding the task is killed
        // once about a third of the input is committed
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            final long total = Lag.of(admin, APPLICATION_ID, INPUT_TOPICS);
            final Process a = detect("detect-a");
            final Process b = detect("detect-b");
            try {
                final long deadline = System.nanoTime() + Duration.ofMinutes(4).toNanos();
                Optional<String> owner = Optional.empty();
                long lag = total;
                while (System.nanoTime() < deadline) {
                    lag = Lag.of(admin, APPLICATION_ID, INPUT_TOPICS);
                    owner = taskOwner(admin);
                    if (owner.isPresent() && members(admin) == 2 && lag < total * 2 / 3) {
                        break;
                    }
                    Thread.sleep(100);
                }
                assertThat(lag).as("the instances finished before one could be killed mid-stream").isPositive();
                assertThat(owner).as("an instance owns the task").isPresent();
                final boolean killA = owner.get().startsWith("detect-a");
                final Process victim = killA ? a : b;
                final String survivor = killA ? "detect-b" : "detect-a";

                final long killedAt = System.nanoTime();
                victim.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                final long lagAtKill = lag;
                long takenOverAt = 0;
                long resumedAt = 0;
                while (System.nanoTime() < deadline && resumedAt == 0) {
                    if (takenOverAt == 0 && taskOwner(admin).filter(o -> o.startsWith(survivor)).isPresent()) {
                        takenOverAt = System.nanoTime();
                    }
                    if (takenOverAt != 0 && Lag.of(admin, APPLICATION_ID, INPUT_TOPICS) < lagAtKill) {
                        resumedAt = System.nanoTime();
                    }
                    Thread.sleep(100);
                }
                assertThat(Lag.awaitCaughtUp(admin, APPLICATION_ID, INPUT_TOPICS, Duration.ofMinutes(4))).isTrue();
                final long caughtUpAt = System.nanoTime();
                awaitQuiet(admin, Topics.SIGNALS.name());
                final long visibleAt = System.nanoTime();
                assertNothingDeleted(admin, Topics.SIGNALS.name());

                // Then the survivor's signals are exactly the single instance's
                final List<String> actual = read(Topics.SIGNALS.name());
                System.out.printf("%nfailover: killed %s with %,d of %,d input records uncommitted; after the kill "
                                + "%s owned the task at %.1f s, committed new progress at %.1f s, caught up at %.1f s, "
                                + "all signals readable (read_committed) at %.1f s; %,d signals%n",
                        killA ? "detect-a" : "detect-b", lagAtKill, total, survivor, seconds(takenOverAt - killedAt),
                        seconds(resumedAt - killedAt), seconds(caughtUpAt - killedAt), seconds(visibleAt - killedAt),
                        actual.size());
                assertThat(actual.stream().map(line -> line.substring(0, line.lastIndexOf(' '))).toList())
                        .as("partition and signal id, in order").containsExactlyElementsOf(
                                expected.stream().map(line -> line.substring(0, line.lastIndexOf(' '))).toList());
                assertThat(actual).containsExactlyElementsOf(expected);
            } finally {
                a.destroyForcibly();
                b.destroyForcibly();
            }
        }
    }

    /** {@code barriere detect} in a JVM of its own, with its own state directory and client id. */
    private static Process detect(final String clientId) throws Exception {
        Files.createDirectories(work);
        final ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m",
                "-cp", System.getProperty("java.class.path"), "nl.barriere.cli.Barriere", "detect",
                "--bootstrap", kafka.bootstrapServers(), "--registry", registry.url(), "--health-port", "0");
        final Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("BARRIERE_"));
        env.put("BARRIERE_CLIENT_ID", clientId);
        env.put("BARRIERE_STATE_DIR", work.resolve(clientId + "-state").toString());
        env.put("BARRIERE_NUM_STANDBY_REPLICAS", "1");
        env.put("BARRIERE_SESSION_TIMEOUT_MS", "6000");
        env.put("BARRIERE_HEARTBEAT_INTERVAL_MS", "1000");
        env.put("BARRIERE_PRODUCER_TRANSACTION_TIMEOUT_MS", "20000");
        final File log = work.resolve(clientId + ".log").toFile();
        return builder.redirectErrorStream(true).redirectOutput(log).start();
    }

    /** The client id of the member whose assignment holds the input partitions, if the group has settled. */
    private static Optional<String> taskOwner(final Admin admin) throws Exception {
        return group(admin).stream().flatMap(g -> g.members().stream())
                .filter(m -> m.assignment().topicPartitions().stream().anyMatch(tp -> INPUT_TOPICS.contains(tp.topic())))
                .map(MemberDescription::clientId).findFirst();
    }

    private static int members(final Admin admin) throws Exception {
        return group(admin).map(g -> g.members().size()).orElse(0);
    }

    /** The group, or empty before its first member joined. */
    private static Optional<ConsumerGroupDescription> group(final Admin admin) throws Exception {
        try {
            return Optional.of(admin.describeConsumerGroups(List.of(APPLICATION_ID)).all().get(10, TimeUnit.SECONDS)
                    .get(APPLICATION_ID));
        } catch (final ExecutionException e) {
            if (e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /**
     * Waits until no transaction is open on {@code topic} (the last stable offset is the log end, so a
     * read_committed reader sees everything written) and the log end has not moved for three seconds (the
     * detector's background drain has released what was due).
     */
    private static void awaitQuiet(final Admin admin, final String topic) throws Exception {
        Map<TopicPartition, Long> last = Map.of();
        long stableSince = System.nanoTime();
        final long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            final Map<TopicPartition, Long> committed = ends(admin, topic, IsolationLevel.READ_COMMITTED);
            final Map<TopicPartition, Long> written = ends(admin, topic, IsolationLevel.READ_UNCOMMITTED);
            if (!committed.equals(last)) {
                last = committed;
                stableSince = System.nanoTime();
            } else if (committed.equals(written) && System.nanoTime() - stableSince > Duration.ofSeconds(3).toNanos()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError(topic + " did not settle within 3 minutes");
    }

    /**
     * A comparison of two topics only means something if the broker removed nothing from either: every partition
     * still starts at offset 0.
     */
    private static void assertNothingDeleted(final Admin admin, final String topic) throws Exception {
        final Map<TopicPartition, Long> starts = offsets(admin, topic, OffsetSpec.earliest(), IsolationLevel.READ_COMMITTED);
        assertThat(starts.values()).as("log start offsets of " + topic + ": " + starts).containsOnly(0L);
    }

    private static Map<TopicPartition, Long> ends(final Admin admin, final String topic, final IsolationLevel isolation)
            throws Exception {
        return offsets(admin, topic, OffsetSpec.latest(), isolation);
    }

    private static Map<TopicPartition, Long> offsets(final Admin admin, final String topic, final OffsetSpec spec,
                                                     final IsolationLevel isolation) throws Exception {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec));
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get()
                .forEach((tp, info) -> offsets.put(tp, info.offset()));
        return offsets;
    }

    /**
     * Every committed record of {@code topic} as "partition key body", partition by partition in offset order. The
     * body is the value without its 5-byte wire-format header: the two topics register the same schema under
     * different subjects, and the header carries the registry's id, not the signal.
     */
    private static List<String> read(final String topic) {
        final Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        final List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records.stream()
                .sorted((x, y) -> x.partition() != y.partition() ? Integer.compare(x.partition(), y.partition())
                        : Long.compare(x.offset(), y.offset()))
                .map(r -> r.partition() + " " + r.key() + " " + (r.value() == null ? "null"
                        : HexFormat.of().formatHex(Arrays.copyOfRange(r.value(), 5, r.value().length))))
                .toList();
    }

    private static double seconds(final long nanos) {
        return nanos / 1e9;
    }
}
