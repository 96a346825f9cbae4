package nl.barriere.contract;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
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
 *
 * <p>The original key and value are kept up to {@link #MAX_ORIGINAL_BYTES} each, with the length and SHA-256 of the
 * whole and a flag saying whether they were cut. A record just under the broker's 1 MiB limit would otherwise give a
 * dead letter over the limit, which the producer refuses; the application would then fail on the same record after
 * every restart. With both cut to 256 KiB, a dead letter's key and value together stay under {@code 3 × 256 KiB} plus
 * the reason (at most {@value #MAX_REASON_CHARS} characters, 8 KB in UTF-8) and a few names, about 780 KiB: it fits
 * the dead-letter topics' {@link #MAX_DEAD_LETTER_BYTES} with room for the record batch's overhead, however large
 * the record it describes. The hash lets an operator match the dead letter to a full copy kept elsewhere (the
 * source topic keeps the record for the audit period).
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

    /** Most bytes of the original key, and of the original value, a dead letter carries: 256 KiB. */
    public static final int MAX_ORIGINAL_BYTES = 256 * 1024;

    /**
     * The {@code max.message.bytes} of the dead-letter topics and the {@code max.request.size} of the producers
     * that write them: 1 MiB, the broker's default limit, which every bounded dead letter fits.
     */
    public static final int MAX_DEAD_LETTER_BYTES = 1024 * 1024;

    static final String NO_REASON = "no reason given";

    private DeadLetters() {}

    /**
     * A dead letter for the record read from {@code sourceTopic} / {@code partition} / {@code offset}.
     *
     * @param stage the stage that refused it, e.g. {@link #INGEST}
     * @param reason why, in words an operator understands; {@code null} or blank becomes {@value #NO_REASON}
     * @param key the record's key bytes as received, {@code null} when it had none; copied, the first
     *     {@link #MAX_ORIGINAL_BYTES} only
     * @param value the record's value bytes as received, {@code null} when it had none; copied, the first
     *     {@link #MAX_ORIGINAL_BYTES} only
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
                .setOriginalKey(kept(key))
                .setOriginalKeyLength(key == null ? null : key.length)
                .setOriginalKeySha256(sha256(key))
                .setOriginalKeyTruncated(key != null && key.length > MAX_ORIGINAL_BYTES)
                .setOriginalValue(kept(value))
                .setOriginalValueLength(value == null ? null : value.length)
                .setOriginalValueSha256(sha256(value))
                .setOriginalValueTruncated(value != null && value.length > MAX_ORIGINAL_BYTES)
                .setFailedAt(Instant.ofEpochMilli(timestampMs))
                .build();
    }

    /**
     * A dead letter like {@link #of}, whose value is not the one received but {@code redactedValue}: the record
     * re-encoded with what it must not keep blanked ({@link Validation#withoutBsns}), and flagged so. The caller
     * blanks the key the same way ({@link Validation#keyWithoutBsn}): a business is keyed by its KvK number, which
     * is where a BSN typed for one lands.
     */
    public static DeadLetter redacted(final String sourceTopic, final int partition, final long offset,
                                      final String stage, final String reason, final byte[] key,
                                      final byte[] redactedValue, final long timestampMs) {
        return DeadLetter.newBuilder(of(sourceTopic, partition, offset, stage, reason, key, redactedValue, timestampMs))
                .setOriginalValueRedacted(true)
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

    /** The first {@link #MAX_ORIGINAL_BYTES} of {@code bytes}, for the key of a dead letter's Kafka record too. */
    public static byte[] keptBytes(final byte[] bytes) {
        return bytes == null ? null : Arrays.copyOf(bytes, Math.min(bytes.length, MAX_ORIGINAL_BYTES));
    }

    /**
     * What a reader of a dead letter says about its original value: "N bytes" when whole, or "first K of N bytes
     * (cut), sha256 H" when cut, so an operator never mistakes a prefix for the record.
     */
    public static String describeValue(final DeadLetter letter) {
        if (letter.getOriginalValue() == null) {
            return "no value";
        }
        final int kept = letter.getOriginalValue().remaining();
        if (!letter.getOriginalValueTruncated()) {
            return kept + " bytes";
        }
        return "first " + kept + " of " + letter.getOriginalValueLength() + " bytes (cut), sha256 "
                + letter.getOriginalValueSha256();
    }

    private static ByteBuffer kept(final byte[] bytes) {
        return bytes == null ? null : ByteBuffer.wrap(keptBytes(bytes));
    }

    private static String sha256(final byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
