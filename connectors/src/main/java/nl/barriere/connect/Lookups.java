package nl.barriere.connect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.storage.OffsetStorageReader;

/**
 * What the lookup connectors (WOZ, BAG) share. They follow topics of the pipeline with consumers of their own, without
 * a group and without offset commits: the consumer's position per input topic-partition is the connector's source
 * offset ({@code {topic, partition} → {position}}), so a restart seeks where Connect committed. And they know what
 * they wrote before by a header on every record ({@link #EVENT_ID_HEADER}), read back from their own topic at start.
 */
public final class Lookups {

    /** The event id of a record a lookup connector wrote, as a header (its value is Avro, this is plain text). */
    public static final String EVENT_ID_HEADER = "barriere.event.id";
    static final String TOPIC = "topic";
    static final String PARTITION = "partition";
    static final String POSITION = "position";
    private static final Duration POLL = Duration.ofSeconds(1);

    private Lookups() {}

    /**
     * Settings of a lookup task's consumers: every setting under {@code prefix} (e.g. the SASL login) and the
     * bootstrap servers; never a group, never an offset commit, committed records only.
     */
    public static Properties consumer(final AbstractConfig config, final String prefix, final String bootstrapServers) {
        final Map<String, Object> settings = new HashMap<>(config.originalsWithPrefix(prefix));
        settings.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        final Properties properties = new Properties();
        properties.putAll(settings);
        return properties;
    }

    /** The source partition of an input topic-partition. */
    public static Map<String, Object> sourcePartition(final ConsumerRecord<?, ?> input) {
        return sourcePartition(new TopicPartition(input.topic(), input.partition()));
    }

    /** The source offset that makes a restart read {@code input} again: for the records of an input not yet done. */
    public static Map<String, Object> at(final ConsumerRecord<?, ?> input) {
        return Map.of(POSITION, input.offset());
    }

    /** The source offset after {@code input}: a restart goes on with the next record. */
    public static Map<String, Object> after(final ConsumerRecord<?, ?> input) {
        return Map.of(POSITION, input.offset() + 1);
    }

    /**
     * Assigns every partition of {@code topics} to {@code consumer}, each at its stored position or else at the
     * beginning (a first run reads everything retained).
     *
     * @param setting the setting that named the topics, for the error when one does not exist
     * @return how many partitions had a stored position
     */
    public static long follow(final KafkaConsumer<?, ?> consumer, final List<String> topics,
                              final OffsetStorageReader offsets, final String setting) {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : topics) {
            final List<TopicPartition> ofTopic = partitions(consumer, topic);
            if (ofTopic.isEmpty()) {
                throw new ConnectException("topic " + topic + " (" + setting + ") does not exist");
            }
            partitions.addAll(ofTopic);
        }
        consumer.assign(partitions);
        final Map<Map<String, Object>, Map<String, Object>> stored =
                offsets.offsets(partitions.stream().map(Lookups::sourcePartition).toList());
        for (final TopicPartition partition : partitions) {
            final Map<String, Object> offset = stored.get(sourcePartition(partition));
            if (offset != null && offset.get(POSITION) instanceof Number position) {
                consumer.seek(partition, position.longValue());
            } else {
                consumer.seekToBeginning(List.of(partition));
            }
        }
        return stored.values().stream().filter(Objects::nonNull).count();
    }

    /** Hands every record of {@code topic}, from its beginning to the end it has now, to {@code each}. */
    public static void readAll(final Properties consumer, final String topic,
                               final Consumer<ConsumerRecord<String, byte[]>> each) {
        try (KafkaConsumer<String, byte[]> own =
                     new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = partitions(own, topic);
            own.assign(partitions);
            own.seekToBeginning(partitions);
            final Map<TopicPartition, Long> end = own.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> own.position(p) < end.get(p))) {
                own.poll(POLL).forEach(each);
            }
        }
    }

    private static Map<String, Object> sourcePartition(final TopicPartition partition) {
        final Map<String, Object> map = new HashMap<>();
        map.put(TOPIC, partition.topic());
        map.put(PARTITION, partition.partition());
        return map;
    }

    private static List<TopicPartition> partitions(final KafkaConsumer<?, ?> consumer, final String topic) {
        return consumer.partitionsFor(topic).stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    }
}
