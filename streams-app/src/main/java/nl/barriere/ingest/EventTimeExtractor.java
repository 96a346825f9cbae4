package nl.barriere.ingest;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topic;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.TimestampExtractor;

/**
 * Gives Kafka Streams an input record's event time ({@code occurredAt}) instead of the timestamp its producer set.
 * Streams takes the next record from the partition whose head has the smallest timestamp, so with this the
 * sources are read interleaved by event time, whatever their producers stamped: a connector stamps ingestion time,
 * {@code produce} the event time, and a register loaded one source after the other would otherwise reach
 * detection one source after the other, each later than the lateness allows. Detection orders by event time
 * itself (and so decides nothing by this); it only makes the interleaving that detection starts from the same
 * for a live run, a load of history and a replay.
 *
 * <p>A value that does not decode, or that ingest will refuse for any rule, gets its partition's time so far: it
 * holds nothing back and moves nothing ahead, and ingest dead-letters it. A registry that cannot be reached is not
 * such a value, and its exception is left to stop the stream thread rather than guess.
 */
public final class EventTimeExtractor implements TimestampExtractor {

    private final Map<String, Topic<?, ?>> topics = new HashMap<>();
    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers = new HashMap<>();

    /**
     * @param inputs      the topics read
     * @param serdeConfig schema registry settings for their Avro serdes
     */
    public EventTimeExtractor(final List<? extends Topic<?, ? extends SpecificRecord>> inputs, final Map<String, ?> serdeConfig) {
        for (final Topic<?, ? extends SpecificRecord> input : inputs) {
            topics.put(input.name(), input);
            deserializers.put(input.name(), input.valueSerde(serdeConfig).deserializer());
        }
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public long extract(final ConsumerRecord<Object, Object> record, final long partitionTime) {
        // A record without a usable event time sorts where its own partition already is: its record timestamp is
        // its arrival, which on a load of history lies years after the events around it, and would hold the whole
        // partition back while the other sources ran ahead, until the good events behind it were late. Before the
        // first record of a partition that time is not known, and such a record sorts first (time 0).
        final long inPlace = Math.max(partitionTime, 0);
        final Deserializer<? extends SpecificRecord> deserializer = deserializers.get(record.topic());
        if (deserializer == null || !(record.value() instanceof byte[] value)) {
            return inPlace;
        }
        final SpecificRecord event;
        try {
            event = deserializer.deserialize(record.topic(), value);
        } catch (SerializationException undecodable) {
            return inPlace;
        }
        if (event == null) {
            return inPlace;
        }
        // An event ingest will refuse keeps its place too. Its time is not a time anything happened: a year typed
        // 2105 would hold its partition back behind every other source until they ran dry, and a copy of a real
        // event with one field wrong, written among older events, would move its partition's time ahead, so that
        // every undecodable record after it held the good ones behind it back. The record timestamp here is its
        // arrival (LogAppendTime), the same time ingest judges a date in the future by.
        if (!Validation.problems(event, record.timestamp()).isEmpty()) {
            return inPlace;
        }
        return ((Topic) topics.get(record.topic())).timestampOf(event);
    }
}
