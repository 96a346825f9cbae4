package nl.barriere.platform;

import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.schema.EvidenceRef;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Fetches the input events a signal names as evidence, by topic, partition and offset, so a reviewer or an
 * auditor sees the exact records behind a signal. Reads without a consumer group: looking changes nothing.
 */
public final class EvidenceReader implements AutoCloseable {

    private final AppConfig config;
    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, Deserializer<? extends SpecificRecord>> values = new HashMap<>();

    public EvidenceReader(final AppConfig config) {
        this.config = config;
        final Properties properties = config.kafkaProperties();
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1");
        this.consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    /** The decoded events, in the order asked; a reference that no longer resolves is absent from the map. */
    public Map<EvidenceRef, SpecificRecord> fetch(final List<EvidenceRef> refs) {
        final Map<EvidenceRef, SpecificRecord> found = new LinkedHashMap<>();
        for (final EvidenceRef ref : refs) {
            fetch(ref).ifPresent(record -> found.put(ref, record));
        }
        return found;
    }

    /** One event, or empty when the offset is gone (retention) or the topic is unknown. */
    public Optional<SpecificRecord> fetch(final EvidenceRef ref) {
        final Optional<Topic<?, ?>> topic = Topics.byName(ref.getTopic());
        if (topic.isEmpty()) {
            return Optional.empty();
        }
        final TopicPartition partition = new TopicPartition(ref.getTopic(), ref.getPartition());
        consumer.assign(List.of(partition));
        // An offset at or past the end is not there (the topic was recreated, or a test wrote no source): say so at
        // once instead of polling for the full deadline on every page view.
        if (ref.getOffset() >= consumer.endOffsets(List.of(partition)).getOrDefault(partition, 0L)) {
            return Optional.empty();
        }
        consumer.seek(partition, ref.getOffset());
        final long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            for (final ConsumerRecord<byte[], byte[]> raw : consumer.poll(Duration.ofMillis(200))) {
                if (raw.offset() != ref.getOffset()) {
                    // Compacted away or a transaction marker: the asked offset is not there any more.
                    return Optional.empty();
                }
                final Deserializer<? extends SpecificRecord> value = values.computeIfAbsent(ref.getTopic(),
                    name -> topic.get().valueSerde(config.serdeConfig()).deserializer());
                return Optional.of(value.deserialize(raw.topic(), raw.value()));
            }
            if (consumer.position(partition) > ref.getOffset()) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
