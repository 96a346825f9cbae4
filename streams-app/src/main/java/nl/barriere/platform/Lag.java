package nl.barriere.platform;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** How far a Streams application (a consumer group) is behind on its input topics. */
public final class Lag {

    private Lag() {}

    /** Records in {@code topics} not yet committed by the group, summed over all partitions. */
    public static long of(final Admin admin, final String groupId, final Collection<String> topics)
            throws ExecutionException, InterruptedException {
        return perTopic(admin, groupId, topics).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Records in each of {@code topics} not yet committed by the group, summed over the topic's partitions; a
     * partition the group never committed counts whole (from offset 0, whatever retention removed).
     */
    public static Map<String, Long> perTopic(final Admin admin, final String groupId, final Collection<String> topics)
            throws ExecutionException, InterruptedException {
        final Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        admin.describeTopics(topics).allTopicNames().get().forEach((name, description) -> description.partitions()
                .forEach(p -> latest.put(new TopicPartition(name, p.partition()), OffsetSpec.latest())));
        final Map<TopicPartition, OffsetAndMetadata> committed =
                admin.listConsumerGroupOffsets(groupId).partitionsToOffsetAndMetadata().get();
        final Map<String, Long> lag = new TreeMap<>();
        topics.forEach(topic -> lag.put(topic, 0L));
        for (final Map.Entry<TopicPartition, ListOffsetsResultInfo> end
                : admin.listOffsets(latest).all().get().entrySet()) {
            final OffsetAndMetadata done = committed.get(end.getKey());
            lag.merge(end.getKey().topic(), end.getValue().offset() - (done == null ? 0 : done.offset()), Long::sum);
        }
        return lag;
    }

    /** Waits until the group has committed everything in {@code topics}; false if {@code timeout} passed first. */
    public static boolean awaitCaughtUp(final Admin admin, final String groupId, final Collection<String> topics,
                                        final Duration timeout) throws ExecutionException, InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (of(admin, groupId, topics) == 0) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
