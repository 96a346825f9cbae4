package nl.barriere.review;

import java.nio.ByteBuffer;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Where a decision lies on {@code review.decisions} (partition, offset) and the key its producer gave it. The
 * decisions are re-keyed by signal id before the gate ({@link DecisionsBySignal}), so the gate reads them from the
 * repartition topic; these headers travel with them, so that a dead letter names the record as it lies on
 * {@code review.decisions}, with its original key, and the gate can say where a decision was written.
 *
 * @param key the original key's bytes, or null for a record without a key
 */
record DecisionOrigin(int partition, long offset, byte[] key) {

    static final String PARTITION_HEADER = "barriere.decision.partition";
    static final String OFFSET_HEADER = "barriere.decision.offset";
    static final String KEY_HEADER = "barriere.decision.key";

    /** {@code headers} and these three, as a new set: the record read from review.decisions keeps its own. */
    Headers addTo(final Headers headers) {
        final RecordHeaders copy = new RecordHeaders(headers.toArray());
        copy.remove(PARTITION_HEADER).remove(OFFSET_HEADER).remove(KEY_HEADER);
        copy.add(PARTITION_HEADER, ByteBuffer.allocate(Integer.BYTES).putInt(partition).array());
        copy.add(OFFSET_HEADER, ByteBuffer.allocate(Long.BYTES).putLong(offset).array());
        if (key != null) {
            copy.add(KEY_HEADER, key);
        }
        return copy;
    }

    /**
     * The origin a re-keyed decision carries. Only {@link DecisionsBySignal} writes the repartition topic, so a record
     * there without it is a bug, not bad input: it stops the application.
     */
    static DecisionOrigin of(final Headers headers) {
        final Header partition = headers.lastHeader(PARTITION_HEADER);
        final Header offset = headers.lastHeader(OFFSET_HEADER);
        if (partition == null || offset == null) {
            throw new IllegalStateException("a re-keyed decision without its origin on review.decisions (headers "
                    + PARTITION_HEADER + ", " + OFFSET_HEADER + ")");
        }
        final Header key = headers.lastHeader(KEY_HEADER);
        return new DecisionOrigin(ByteBuffer.wrap(partition.value()).getInt(), ByteBuffer.wrap(offset.value()).getLong(),
                key == null ? null : key.value());
    }
}
