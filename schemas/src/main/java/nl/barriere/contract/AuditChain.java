package nl.barriere.contract;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;

/**
 * The hash chain that makes {@code review.decisions}, {@code review.access-log} and {@code governance.rulesets}
 * tamper-evident (DESIGN.md rule 8: never rewritten). Every record is hashed as it lies in its partition: its offset, timestamp, key bytes and
 * value bytes (the Avro bytes with their schema id; headers are not part of it, Barrière writes none). Each
 * partition's chain starts from a hash of the topic and partition, and each link is the hash of the previous link
 * and the record's hash. A deleted, inserted or altered record, or a topic copied back without one, changes the
 * record at an offset and every link after it. The review app writes the links ({@link SealProcessor}); {@code
 * audit-verify} recomputes them ({@link AuditVerify}).
 */
public final class AuditChain {

    /** The logs that are chained. */
    public static final List<Topic<String, ?>> SEALED = List.of(Topics.REVIEW_DECISIONS, Topics.ACCESS_LOG,
            Topics.RULESET_CHANGES);

    private AuditChain() {}

    /** Where the chain of {@code topic}'s {@code partition} starts. */
    public static String start(final String topic, final int partition) {
        return hash(("barriere audit chain " + topic + "-" + partition).getBytes(StandardCharsets.UTF_8));
    }

    /** The hash of one record as it lies at {@code offset}; a null key or value hashes apart from an empty one. */
    public static String record(final long offset, final long timestamp, final byte[] key, final byte[] value) {
        final int keyLength = key == null ? 0 : key.length;
        final int valueLength = value == null ? 0 : value.length;
        final ByteBuffer buffer = ByteBuffer.allocate(8 + 8 + 4 + keyLength + 4 + valueLength);
        buffer.putLong(offset).putLong(timestamp);
        buffer.putInt(key == null ? -1 : key.length);
        if (key != null) {
            buffer.put(key);
        }
        buffer.putInt(value == null ? -1 : value.length);
        if (value != null) {
            buffer.put(value);
        }
        return hash(buffer.array());
    }

    /** The link after {@code previous} for a record hashed {@code record}. */
    public static String next(final String previous, final String record) {
        return hash((previous + "\n" + record).getBytes(StandardCharsets.US_ASCII));
    }

    /** The key of a partition's seals and anchors: {@code review.decisions-3}. */
    public static String partitionKey(final String topic, final int partition) {
        return topic + "-" + partition;
    }

    private static String hash(final byte[] bytes) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
