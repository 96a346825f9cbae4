package nl.barriere.audit;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.DetectionTopology.ReplaySteps;
import nl.barriere.detect.EventTimeOrder.Buffered;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.DeadLetterProductionHandler;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicAdmin;
import nl.barriere.platform.TopicReader;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.CloseOptions.GroupMembershipOperation;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replays a period of retained input through the detection topology (DESIGN.md §8), so an operator can prove that
 * the same input and ruleset give the same signals, or see what another ruleset would have given.
 *
 * <p>The replay is a Kafka Streams application of its own, with an application id and state directory unique to
 * the run, reading the analyst-zone input topics from the beginning up to the end offsets they had at the start:
 * the state a signal in the period depends on is rebuilt from all earlier input, exactly as the live run built it.
 * Only signals detected in [{@code from}, {@code to}) are written, to {@code replay.NAME.signals} (made like
 * {@code ondermijning.signals}); dead letters go to {@code replay.NAME.dead-letters}. Nothing of the live run is read or
 * written, so replays can run beside it and beside each other. When done, the replay removes its state, its
 * changelog topics and its consumer group; its output topics stay for {@code audit-diff}.
 *
 * <p>Done means: every input record below the end offsets is committed, and detection's ordering buffer holds no
 * event that is due. The buffer always keeps the events at the newest event time until a later one arrives; the
 * live run holds the same events, so they are not in either output.
 */
public final class Replay {

    private static final Logger LOG = LoggerFactory.getLogger(Replay.class);
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9._-]{0,100}");
    private static final Duration PROGRESS_INTERVAL = Duration.ofSeconds(2);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    /** What a replay did. */
    public record Summary(String name, String applicationId, String rulesetVersion, Instant from, Instant to,
                          long inputRecords, double seconds, long signals, long deadLetters) {

        public String signalsTopic() {
            return Replay.signalsTopic(name);
        }

        public double recordsPerSecond() {
            return seconds == 0 ? 0 : inputRecords / seconds;
        }
    }

    private final AppConfig config;
    private final Clock clock;

    public Replay(final AppConfig config, final Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Every replay's topics start with this, so the operator's ACL can grant them by prefix (deploy/kafka/acls.txt). */
    public static final String TOPIC_PREFIX = "replay.";

    public static String signalsTopic(final String name) {
        return TOPIC_PREFIX + name + ".signals";
    }

    public static String deadLettersTopic(final String name) {
        return TOPIC_PREFIX + name + ".dead-letters";
    }

    /**
     * Runs the replay to the end and reports progress on {@code out} every two seconds.
     *
     * @throws IllegalArgumentException when {@code replay.NAME.signals} exists already (an earlier or a running replay)
     */
    public Summary run(final String name, final Instant from, final Instant to, final Ruleset ruleset,
                       final PrintWriter out) throws ExecutionException, InterruptedException {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("replay name '" + name + "': use letters, digits, '.', '_' or '-'");
        }
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("--from " + from + " must be before --to " + to);
        }
        final String applicationId = "barriere-replay-" + name + "-" + clock.millis();
        try (Admin admin = Admin.create(config.kafkaProperties())) {
            if (!TopicAdmin.createLike(admin, config, Topics.SIGNALS, signalsTopic(name))) {
                throw new IllegalArgumentException("topic " + signalsTopic(name) + " exists already (an earlier or "
                        + "a running replay); choose another name");
            }
            TopicAdmin.createLike(admin, config, Topics.DEAD_LETTERS, deadLettersTopic(name));
            final Map<TopicPartition, Long> begin = offsets(admin, OffsetSpec.earliest());
            final Map<TopicPartition, Long> end = offsets(admin, OffsetSpec.latest());
            final long total = end.entrySet().stream().mapToLong(e -> e.getValue() - begin.get(e.getKey())).sum();
            out.printf("Replay %s: %,d input records (%s), ruleset %s (%s), keeping signals detected in [%s, %s) -> %s%n",
                    name, total, String.join(", ", inputNames()), ruleset.version(), ruleset.digest(), from, to,
                    signalsTopic(name));
            out.flush();
            final long started = System.nanoTime();
            if (total > 0) {
                runApplication(admin, applicationId, ruleset, name, from, to, begin, end, total, started, out);
            }
            final double seconds = (System.nanoTime() - started) / 1e9;
            final long signals = count(Topics.SIGNALS, signalsTopic(name));
            final long deadLetters = count(Topics.DEAD_LETTERS, deadLettersTopic(name));
            return new Summary(name, applicationId, ruleset.version(), from, to, total, seconds, signals, deadLetters);
        }
    }

    private void runApplication(final Admin admin, final String applicationId, final Ruleset ruleset,
                                final String name, final Instant from, final Instant to,
                                final Map<TopicPartition, Long> begin, final Map<TopicPartition, Long> end,
                                final long total, final long started, final PrintWriter out)
            throws ExecutionException, InterruptedException {
        final ReplaySteps steps = new ReplaySteps(() -> new ReplayInputScope(end),
                () -> new ReplayPeriodFilter(from, to), deadLettersTopic(name));
        final String stateBase = config.get(StreamsConfig.STATE_DIR_CONFIG) != null
                ? config.get(StreamsConfig.STATE_DIR_CONFIG)
                : Path.of(System.getProperty("java.io.tmpdir"), "barriere-state").toString();
        final AppConfig replayConfig = config.with(StreamsConfig.STATE_DIR_CONFIG,
                Path.of(stateBase, applicationId).toString())
                .with(DeadLetterProductionHandler.DEAD_LETTERS_TOPIC_CONFIG, deadLettersTopic(name));
        final StreamsApp app = new StreamsApp(applicationId,
                DetectionTopology.build(ruleset, config.serdeConfig(), signalsTopic(name), steps), replayConfig);
        try {
            app.start();
            long lastReport = 0;
            while (true) {
                if (!app.isAlive()) {
                    throw new IllegalStateException("replay " + applicationId + " stopped before reading all input: "
                            + app.state() + " (see the log above)");
                }
                final long done = committed(admin, applicationId, begin, end);
                final long now = System.nanoTime();
                if (done == total && drained(app, ruleset)) {
                    progress(out, done, total, now - started);
                    break;
                }
                if (now - lastReport >= PROGRESS_INTERVAL.toNanos()) {
                    progress(out, done, total, now - started);
                    lastReport = now;
                }
                Thread.sleep(POLL_INTERVAL.toMillis());
            }
        } finally {
            // Closing commits the last transaction: the signals released while draining become visible. Leaving the
            // group lets it be deleted at once.
            app.streams().close(CloseOptions.groupMembershipOperation(GroupMembershipOperation.LEAVE_GROUP)
                    .withTimeout(Duration.ofSeconds(30)));
            app.streams().cleanUp();
            removeInternalTopics(admin, applicationId);
            // Already stopped; this takes its metrics out of the process's registry.
            app.close();
        }
    }

    private static void progress(final PrintWriter out, final long done, final long total, final long nanos) {
        final double seconds = nanos / 1e9;
        final double rate = seconds == 0 ? 0 : done / seconds;
        final String eta = done == total ? "done" : rate == 0 ? "ETA unknown"
                : String.format("ETA %.0f s", (total - done) / rate);
        out.printf("  %,d / %,d records (%.0f%%), %,.0f records/s, %s%n", done, total,
                total == 0 ? 100.0 : 100.0 * done / total, rate, eta);
        out.flush();
    }

    /** Input records the replay has committed, counted from the first retained offset, capped at the end offsets. */
    private static long committed(final Admin admin, final String groupId, final Map<TopicPartition, Long> begin,
                                  final Map<TopicPartition, Long> end) throws ExecutionException, InterruptedException {
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        long done = 0;
        for (final Map.Entry<TopicPartition, Long> partition : end.entrySet()) {
            final OffsetAndMetadata offset = committed.get(partition.getKey());
            if (offset != null) {
                done += Math.min(offset.offset(), partition.getValue()) - begin.get(partition.getKey());
            }
        }
        return Math.max(0, done);
    }

    /**
     * True when detection's ordering buffer holds no event that is due: every buffered event is within the hold
     * (the largest lateness) of the newest one; those wait for later events in every run.
     */
    static boolean drained(final StreamsApp app, final Ruleset ruleset) {
        final ReadOnlyKeyValueStore<String, Buffered> buffer;
        try {
            buffer = app.streams().store(StoreQueryParameters.fromNameAndType(DetectionTopology.BUFFER_STORE,
                    QueryableStoreTypes.<String, Buffered>keyValueStore()));
        } catch (InvalidStateStoreException notReady) {
            return false;
        }
        final Long oldest = firstTime(buffer.all());
        final Long newest = firstTime(buffer.reverseAll());
        return oldest == null || oldest >= newest - ruleset.holdMs(DetectionTopology.INPUTS.stream().map(Topic::name).toList());
    }

    private static Long firstTime(final KeyValueIterator<String, Buffered> iterator) {
        try (iterator) {
            if (!iterator.hasNext()) {
                return null;
            }
            final KeyValue<String, Buffered> first = iterator.next();
            return first.value.time();
        }
    }

    private static Map<TopicPartition, Long> offsets(final Admin admin, final OffsetSpec spec)
            throws ExecutionException, InterruptedException {
        final Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        admin.describeTopics(inputNames()).allTopicNames().get().forEach((topic, description) -> description.partitions()
                .forEach(p -> request.put(new TopicPartition(topic, p.partition()), spec)));
        final Map<TopicPartition, Long> offsets = new HashMap<>();
        admin.listOffsets(request).all().get().forEach((partition, info) -> offsets.put(partition, info.offset()));
        return offsets;
    }

    private static List<String> inputNames() {
        return DetectionTopology.INPUTS.stream().map(Topic::name).toList();
    }

    /** The changelog topics and the consumer group of this run: nobody reads them again. */
    private static void removeInternalTopics(final Admin admin, final String applicationId)
            throws ExecutionException, InterruptedException {
        final List<String> internal = admin.listTopics().names().get().stream()
                .filter(topic -> topic.startsWith(applicationId + "-")).toList();
        if (!internal.isEmpty()) {
            admin.deleteTopics(internal).all().get();
        }
        try {
            admin.deleteConsumerGroups(List.of(applicationId)).all().get();
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof GroupIdNotFoundException)) {
                LOG.warn("replay {}: could not delete its consumer group; delete it by hand: {}", applicationId,
                        e.getCause().getMessage());
            }
        }
    }

    private long count(final Topic<?, ?> like, final String name) {
        return TopicReader.readAll(like.named(name), config, (raw, value) -> { });
    }
}
