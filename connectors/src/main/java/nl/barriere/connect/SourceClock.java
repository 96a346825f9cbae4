package nl.barriere.connect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How far event time has come on the analyst-zone source topics, so that a lookup connector dates what it looks up
 * where detection can still put it in its place.
 *
 * <p>A looked-up record (a WOZ value, a BAG object) is dated at the input record that asked for it, and arrives after
 * it by the lookup's pace. Live that is seconds. When a source delivers weeks of history in a burst, the lookups of
 * its first records come after the burst's last: more than the hold behind the newest event time, and detection
 * refuses them as late. So a looked-up record is dated no earlier than {@link #LAG} behind the newest event time the
 * sources hold when it is looked up ({@link #date}). That stays within the lateness the ruleset allows the looked-up
 * topics (8 days for WOZ and BAG in v1), and it is deterministic: the time is stored in the record, and a replay reads
 * it back. What it costs: in such a burst, an indicator sees the looked-up fact only from that time on.
 *
 * <p>The newest event time is that of the last few records of every partition of the analyst-zone source topics
 * ({@link Topics#INPUTS} but the Bibob zone's), read with a consumer of its own, without group, at most every
 * {@link #REFRESH}. A topic the connector may not read, or a value that does not decode, counts for nothing.
 */
public final class SourceClock implements AutoCloseable {

    /** How far behind the newest event time a looked-up record may be dated. */
    public static final Duration LAG = Duration.ofDays(7);
    static final Duration REFRESH = Duration.ofSeconds(5);
    private static final int TAIL = 10;
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger LOG = LoggerFactory.getLogger(SourceClock.class);

    private final KafkaConsumer<String, byte[]> consumer;
    private final Map<String, Deserializer<?>> values = new HashMap<>();
    private long newest = Long.MIN_VALUE;
    private long readAt = Long.MIN_VALUE;

    /**
     * @param consumer    settings of the connector's own consumers (never a group)
     * @param registryUrl the schema registry of the source topics
     */
    public SourceClock(final Properties consumer, final String registryUrl) {
        this.consumer = new KafkaConsumer<>(consumer, new StringDeserializer(), new ByteArrayDeserializer());
        for (final Topic<String, ?> topic : Topics.INPUTS) {
            if (!topic.equals(Topics.BIBOB_CASE_EVENTS)) {
                values.put(topic.name(), topic.valueSerde(Map.of("schema.registry.url", registryUrl)).deserializer());
            }
        }
    }

    /**
     * The time to date a looked-up record at: {@code askedAt} (the event time of the record that asked for it), or
     * {@code own} (the looked-up fact's own time, when it has one and it is later), but never more than {@link #LAG}
     * behind the newest event time on the sources.
     */
    public Instant date(final Instant askedAt, final Instant own) {
        return date(askedAt, own, newest());
    }

    /** {@link #date(Instant, Instant)} with {@code newest} as the newest event time ({@link Long#MIN_VALUE}: none). */
    static Instant date(final Instant askedAt, final Instant own, final long newest) {
        final Instant at = own != null && own.isAfter(askedAt) ? own : askedAt;
        final long floor = newest == Long.MIN_VALUE ? Long.MIN_VALUE : newest - LAG.toMillis();
        return at.toEpochMilli() < floor ? Instant.ofEpochMilli(floor) : at;
    }

    /** The newest event time among the last records of the source topics, or {@link Long#MIN_VALUE} when none. */
    long newest() {
        if (readAt == Long.MIN_VALUE || System.nanoTime() - readAt >= REFRESH.toNanos()) {
            newest = Math.max(newest, readNewest());
            readAt = System.nanoTime();
        }
        return newest;
    }

    private long readNewest() {
        final List<TopicPartition> partitions = new ArrayList<>();
        for (final String topic : values.keySet()) {
            try {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            } catch (final RuntimeException e) {
                LOG.debug("source clock: {} not readable: {}", topic, e.getMessage());
            }
        }
        consumer.assign(partitions);
        final Map<TopicPartition, Long> begin = consumer.beginningOffsets(partitions);
        final Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        final List<TopicPartition> filled = partitions.stream().filter(p -> end.get(p) > begin.get(p)).toList();
        filled.forEach(p -> consumer.seek(p, Math.max(begin.get(p), end.get(p) - TAIL)));
        long found = Long.MIN_VALUE;
        final long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
        while (filled.stream().anyMatch(p -> consumer.position(p) < end.get(p)) && System.nanoTime() < deadline) {
            for (final ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                found = Math.max(found, occurredAt(r));
            }
        }
        return found;
    }

    private long occurredAt(final ConsumerRecord<String, byte[]> record) {
        if (record.value() == null) {
            return Long.MIN_VALUE;
        }
        try {
            final Object value = values.get(record.topic()).deserialize(record.topic(), record.value());
            return ((Instant) ((SpecificRecordBase) value).get("occurredAt")).toEpochMilli();
        } catch (final RuntimeException e) {
            return Long.MIN_VALUE;
        }
    }

    @Override
    public void close() {
        consumer.close();
        values.values().forEach(Deserializer::close);
    }
}
