package nl.barriere.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import nl.barriere.schema.DeadLetter;

/**
 * Builds the records of {@code ondermijning.dead-letters}: a refused record with the reason, where it was read
 * from and its original bytes, so that nothing is lost (DESIGN.md §2 rule 7) and an operator can fix and replay
 * it.
 *
 * <p>Building a dead letter is the error path, so it must not fail on what an error brings along: a record
 * without key or value, or an exception whose message is {@code null} or a whole stack of causes. The reason is
 * trimmed and cut to {@link #MAX_REASON_CHARS}, saying so, because a dead-letter topic full of megabyte reasons
 * is one nobody reads.
 */
public final class DeadLetters {

    /** Stage name of records refused while ingesting (validation, deserialization). */
    public static final String INGEST = "ingest";

    /** Stage name of records that failed in detection. */
    public static final String DETECT = "detect";

    /**
     * Stage name of records that arrived after their place in event-time order was passed: later than their
     * source's lateness in the ruleset allows.
     */
    public static final String LATE = "late";

    /** Longest reason kept, truncation note included. */
    public static final int MAX_REASON_CHARS = 2_000;

    static final String NO_REASON = "no reason given";

    private DeadLetters() {}

    /**
     * A dead letter for the record read from {@code sourceTopic} / {@code partition} / {@code offset}.
     *
     * @param stage the stage that refused it, e.g. {@link #INGEST}
     * @param reason why, in words an operator understands; {@code null} or blank becomes {@value #NO_REASON}
     * @param key the record's key bytes as received, {@code null} when it had none; copied
     * @param value the record's value bytes as received, {@code null} when it had none; copied
     * @param timestampMs the record's timestamp (event time), not the wall clock, so a replay produces the same
     *     dead letters
     */
    public static DeadLetter of(
            final String sourceTopic,
            final int partition,
            final long offset,
            final String stage,
            final String reason,
            final byte[] key,
            final byte[] value,
            final long timestampMs) {
        return DeadLetter.newBuilder()
                .setSourceTopic(Objects.requireNonNull(sourceTopic, "sourceTopic"))
                .setPartition(partition)
                .setOffset(offset)
                .setStage(Objects.requireNonNull(stage, "stage"))
                .setReason(reason(reason))
                .setOriginalKey(bytes(key))
                .setOriginalValue(bytes(value))
                .setFailedAt(Instant.ofEpochMilli(timestampMs))
                .build();
    }

    /** Trimmed; cut to {@link #MAX_REASON_CHARS} with a note giving the original length when longer. */
    static String reason(final String reason) {
        final String trimmed = reason == null ? "" : reason.strip();
        if (trimmed.isEmpty()) {
            return NO_REASON;
        }
        if (trimmed.length() <= MAX_REASON_CHARS) {
            return trimmed;
        }
        final String note = " … (truncated; " + trimmed.length() + " characters in all)";
        int cut = MAX_REASON_CHARS - note.length();
        if (Character.isHighSurrogate(trimmed.charAt(cut - 1))) {
            cut--;
        }
        return trimmed.substring(0, cut) + note;
    }

    private static ByteBuffer bytes(final byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(Arrays.copyOf(bytes, bytes.length));
    }
}
