package nl.barriere.platform;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import nl.barriere.contract.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a topic without joining a consumer group or committing offsets, so looking never changes what the
 * pipeline will read. Values are decoded one by one: a record that cannot be decoded is reported with its
 * partition and offset and reading goes on.
 */
public final class TopicReader {

    /** What a reader is told per record. */
    public interface Handler<V> {
        void record(ConsumerRecord<byte[], byte[]> raw, V value);

        default void undecodable(final ConsumerRecord<byte[], byte[]> raw, final SerializationException error) {
            System.err.printf("%s-%d@%d: cannot decode: %s%n", raw.topic(), raw.partition(), raw.offset(), error.getMessage());
        }
    }

    /** Where to start and when to stop. */
    public record Options(boolean fromBeginning, long max, boolean stopAtEnd) {}

    private TopicReader() {}

    /** Reads all of {@code topic} that was written when reading started. */
    public static <V extends SpecificRecord> long readAll(final Topic<?, V> topic, final AppConfig config,
                                                          final Handler<V> handler) {
        return read(topic, config, new Options(true, Long.MAX_VALUE, true), () -> false, handler);
    }

    /**
     * Reads {@code topic} until {@code max} records were handled, or (with {@code stopAtEnd}) the end offsets seen
     * at the start are reached, or {@code stop} says so.
     *
     * @return the number of records handled
     */
    public static <V extends SpecificRecord> long read(final Topic<?, V> topic, final AppConfig config,
                                                                                                         final Options options, final BooleanSupplier stop,
                                                                                                         final Handler<V> handler) {
        final Properties properties = config.kafkaProperties();
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "2000");
        final Deserializer<V> values = topic.valueSerde(config.serdeConfig()).deserializer();
        long handled = 0;
        try (KafkaConsumer<byte[], byte[]> consumer =
                         new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            final List<TopicPartition> partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            if (partitions.isEmpty()) {
                throw new IllegalStateException("topic " + topic.name() + " does not exist; run create-topics first");
            }
            consumer.assign(partitions);
            if (options.fromBeginning()) {
                consumer.seekToBeginning(partitions);
            } else {
                consumer.seekToEnd(partitions);
            }
            final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (handled < options.max() && !stop.getAsBoolean()) {
                if (options.stopAtEnd() && partitions.stream().allMatch(p -> consumer.position(p) >= end.get(p))) {
                    break;
                }
                for (final ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                    if (handled >= options.max()) {
                        break;
                    }
                    final V value;
                    try {
                        value = values.deserialize(raw.topic(), raw.value());
                    } catch (SerializationException e) {
                        handler.undecodable(raw, e);
                        continue;
                    }
                    handler.record(raw, value);
                    handled++;
                }
            }
        }
        return handled;
    }
}
