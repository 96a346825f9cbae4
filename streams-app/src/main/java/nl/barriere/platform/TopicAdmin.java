package nl.barriere.platform;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.schema.DeadLetter;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates Barrière's topics from {@link Topics}; running it again changes nothing. */
public final class TopicAdmin {

    /** What happened to one topic. */
    public record Outcome(String topic, boolean created, int partitions, String cleanupPolicy) {}

    private static final Duration METADATA_WAIT = Duration.ofSeconds(30);
    private static final Duration METADATA_POLL = Duration.ofMillis(200);

    private TopicAdmin() {}

    /** Creates every missing topic of {@link Topics#ALL}; existing ones are left as they are and reported. */
    public static List<Outcome> createAll(final Admin admin, final AppConfig config)
            throws ExecutionException, InterruptedException {
        final Set<String> existing = admin.listTopics().names().get();

        final List<NewTopic> missing = new ArrayList<>();
        for (final Topic<?, ?> topic : Topics.ALL) {
            if (!existing.contains(topic.name())) {
                missing.add(newTopic(config, topic, topic.name()));
            }
        }
        if (!missing.isEmpty()) {
            admin.createTopics(missing).all().get();
        }

        final Map<String, TopicDescription> described = describe(admin, Topics.ALL.stream().map(Topic::name).toList());
        final List<Outcome> outcomes = new ArrayList<>();
        for (final Topic<?, ?> topic : Topics.ALL) {
            outcomes.add(new Outcome(topic.name(), !existing.contains(topic.name()),
                    described.get(topic.name()).partitions().size(), cleanupPolicy(topic)));
        }
        return outcomes;
    }

    /**
     * Creates a topic named {@code name} with the partitions, cleanup policy and retention of {@code like} (a
     * replay's {@code replay.NAME.signals} is made like {@code ondermijning.signals}).
     *
     * @return false, creating nothing, when the topic exists already
     */
    public static boolean createLike(final Admin admin, final AppConfig config, final Topic<?, ?> like, final String name)
            throws ExecutionException, InterruptedException {
        if (admin.listTopics().names().get().contains(name)) {
            return false;
        }
        try {
            admin.createTopics(List.of(newTopic(config, like, name))).all().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TopicExistsException) {
                return false;
            }
            throw e;
        }
        return true;
    }

    /**
     * {@code name} with the partitions, replication, cleanup policy and retention of {@code like}: what
     * {@code create-topics} creates, and what the Strimzi {@code KafkaTopic} resources are made from.
     */
    public static NewTopic newTopic(final AppConfig config, final Topic<?, ?> like, final String name) {
        final int partitions = config.getInt(Topics.INPUTS.contains(like) ? AppConfig.INPUT_PARTITIONS : AppConfig.PARTITIONS);
        final Map<String, String> configs = new HashMap<>(configs(like, config));
        if (Topics.INPUTS.contains(like)) {
            configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, INPUT_TIMESTAMP_TYPE);
        }
        return new NewTopic(name, partitions, (short) config.getInt(AppConfig.REPLICATION_FACTOR)).configs(configs);
    }

    /**
     * The broker stamps every input record with the time it was appended, whatever its producer set (a connector
     * sets ingestion time, a hand-written producer may set the event time). A record's timestamp then always says
     * when it was reported, and ingest refuses an event dated more than a day after that: one mistyped year cannot
     * pass as a record from the future. Detection orders by the events' own time, never by this.
     */
    static final String INPUT_TIMESTAMP_TYPE = "LogAppendTime";

    /**
     * Describes the topics, waiting (bounded) while the broker does not know a just-created one yet: creation is
     * acknowledged by the controller before every broker's metadata has it, so on a freshly started broker the
     * first describe can fail with {@link UnknownTopicOrPartitionException}.
     */
    private static Map<String, TopicDescription> describe(final Admin admin, final List<String> names)
            throws ExecutionException, InterruptedException {
        final long deadline = System.nanoTime() + METADATA_WAIT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(METADATA_POLL.toMillis());
            }
        }
    }

    /**
     * Kafka's time-based retention judges a segment by the largest record timestamp in it, and Barrière's records
     * carry their event time, which may lie years back. Under the broker's default seven days such a record would be
     * deleted at the next retention check after it was written, so every topic gets its retention here, never from
     * the broker's defaults (EventTimeRetentionTest).
     */
    public static Map<String, String> configs(final Topic<?, ?> topic, final AppConfig config) {
        final Map<String, String> configs = new HashMap<>(retentionConfigs(topic, config));
        if (topic.valueType() == DeadLetter.class) {
            // Said explicitly rather than left to the broker's default: a dead letter is bounded to fit this
            // (DeadLetters), and the producers' max.request.size is the same number, so a dead letter the
            // producer accepts the topic accepts too.
            configs.put(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, Integer.toString(DeadLetters.MAX_DEAD_LETTER_BYTES));
            // A dead letter's failedAt is the time its record had in detection's order (so a replay writes the
            // same dead letter), which for a record without a usable event time of its own is its partition's time
            // so far, or 0 before the first. Retention must count from when the dead letter was written, or a
            // record refused on a load of old history (or the first of a partition) would be deleted at once.
            configs.put(TopicConfig.MESSAGE_TIMESTAMP_TYPE_CONFIG, INPUT_TIMESTAMP_TYPE);
        }
        return Map.copyOf(configs);
    }

    private static Map<String, String> retentionConfigs(final Topic<?, ?> topic, final AppConfig config) {
        return switch (topic.retention()) {
            case RAW_EVENTS -> deleteAfter(config.getInt(AppConfig.INPUT_RETENTION_DAYS));
            case ARCHIVE -> deleteAfter(config.getInt(AppConfig.ARCHIVE_RETENTION_DAYS));
            case FOREVER -> deleteAfter(-1);
            case COMPACTED -> Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT);
        };
    }

    /** Deletion by time after {@code days}; a negative number keeps everything (and no size limit either). */
    private static Map<String, String> deleteAfter(final int days) {
        return days < 0 ? Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, "-1",
                TopicConfig.RETENTION_BYTES_CONFIG, "-1")
                : Map.of(
                TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_DELETE,
                TopicConfig.RETENTION_MS_CONFIG, Long.toString(Duration.ofDays(days).toMillis()));
    }

    private static String cleanupPolicy(final Topic<?, ?> topic) {
        return configs(topic, AppConfig.defaults()).get(TopicConfig.CLEANUP_POLICY_CONFIG);
    }
}
