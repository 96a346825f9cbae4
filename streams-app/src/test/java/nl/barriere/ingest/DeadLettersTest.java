package nl.barriere.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import nl.barriere.contract.DeadLetters;
import nl.barriere.schema.DeadLetter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void aDeadLetterKeepsWhereTheRecordCameFromAndItsBytes() {
        // Given a refused record's coordinates and bytes
        final byte[] key = "12345678".getBytes(StandardCharsets.UTF_8);
        final byte[] value = {0, 0, 0, 0, 7, 42};

        // When
        final DeadLetter letter =
                DeadLetters.of(
                        "kvk.business-events", 3, 1_234L, DeadLetters.INGEST,
                        "  kvkNumber: '1234567' is not 8 digits\n", key, value, 1_740_821_400_000L);

        // Then
        assertThat(letter.getSourceTopic()).isEqualTo("kvk.business-events");
        assertThat(letter.getPartition()).isEqualTo(3);
        assertThat(letter.getOffset()).isEqualTo(1_234L);
        assertThat(letter.getStage()).isEqualTo("ingest");
        assertThat(letter.getReason()).isEqualTo("kvkNumber: '1234567' is not 8 digits");
        assertThat(letter.getOriginalKey()).isEqualTo(ByteBuffer.wrap(key));
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(value));
        assertThat(letter.getFailedAt()).isEqualTo(Instant.parse("2025-03-01T09:30:00Z"));
    }

    @Test
    void aValueLargerThanTheBoundIsCutWithTheLengthAndHashOfTheWhole() throws Exception {
        // Given a bad value just under the broker's 1 MiB limit, and a key over the bound too
        final byte[] value = pattern(1_000_000);
        final byte[] key = pattern(DeadLetters.MAX_ORIGINAL_BYTES + 1);

        // When
        final DeadLetter letter = DeadLetters.of("kvk.business-events", 0, 41L, DeadLetters.INGEST, "cannot decode",
                key, value, 0L);

        // Then the first 256 KiB are kept, and the letter says it is cut, how long the whole was and its hash
        assertThat(DeadLetters.MAX_ORIGINAL_BYTES).isEqualTo(262_144);
        assertThat(bytes(letter.getOriginalValue())).isEqualTo(Arrays.copyOf(value, 262_144));
        assertThat(letter.getOriginalValueTruncated()).isTrue();
        assertThat(letter.getOriginalValueLength()).isEqualTo(1_000_000);
        assertThat(letter.getOriginalValueSha256()).isEqualTo(sha256(value)).hasSize(64);
        assertThat(bytes(letter.getOriginalKey())).isEqualTo(Arrays.copyOf(key, 262_144));
        assertThat(letter.getOriginalKeyTruncated()).isTrue();
        assertThat(letter.getOriginalKeyLength()).isEqualTo(262_145);
        assertThat(letter.getOriginalKeySha256()).isEqualTo(sha256(key));
        assertThat(DeadLetters.describeValue(letter))
                .isEqualTo("first 262144 of 1000000 bytes (cut), sha256 " + sha256(value));
    }

    @Test
    void aValueOfExactlyTheBoundIsKeptWhole() throws Exception {
        // Given a value of exactly 256 KiB and a small key
        final byte[] value = pattern(DeadLetters.MAX_ORIGINAL_BYTES);
        final byte[] key = "12345678".getBytes(StandardCharsets.UTF_8);

        // When
        final DeadLetter letter = DeadLetters.of("t", 0, 0L, DeadLetters.INGEST, "r", key, value, 0L);

        // Then nothing is cut, and the length and hash are there all the same
        assertThat(bytes(letter.getOriginalValue())).isEqualTo(value);
        assertThat(letter.getOriginalValueTruncated()).isFalse();
        assertThat(letter.getOriginalValueLength()).isEqualTo(262_144);
        assertThat(letter.getOriginalValueSha256()).isEqualTo(sha256(value));
        assertThat(bytes(letter.getOriginalKey())).isEqualTo(key);
        assertThat(letter.getOriginalKeyTruncated()).isFalse();
        assertThat(letter.getOriginalKeyLength()).isEqualTo(8);
        assertThat(letter.getOriginalKeySha256())
                .isEqualTo("ef797c8118f02dfb649607dd5d3f8c7623048c9c063d532cc95c5ed7a898a64f");
        assertThat(DeadLetters.describeValue(letter)).isEqualTo("262144 bytes");
    }

    @Test
    void theLargestDeadLetterFitsTheDeadLetterTopic() {
        // Given a dead letter with a key and a value far over the bound and the longest reason
        final DeadLetter letter = DeadLetters.of("kvk.business-events", 0, 0L, DeadLetters.INGEST,
                "\u00e9".repeat(10_000), pattern(2_000_000), pattern(2_000_000), 0L);

        // When it is encoded as Avro (the wire format adds 5 bytes) with its Kafka key, the kept key bytes
        final int encoded = encodedSize(letter) + 5 + DeadLetters.keptBytes(pattern(2_000_000)).length;

        // Then it stays under the topic's limit with more than 200 KiB to spare for the record batch
        assertThat(encoded).isLessThan(DeadLetters.MAX_DEAD_LETTER_BYTES - 200 * 1024);
    }

    @Test
    void theBytesAreCopiedSoALaterChangeToTheBufferDoesNotAlterTheLetter() {
        // Given
        final byte[] value = {1, 2, 3};
        final DeadLetter letter = DeadLetters.of("t", 0, 0L, DeadLetters.DETECT, "r", null, value, 0L);

        // When
        value[0] = 9;

        // Then
        assertThat(letter.getOriginalValue()).isEqualTo(ByteBuffer.wrap(new byte[] {1, 2, 3}));
    }

    @Test
    void aRecordWithoutKeyOrValueStillBecomesADeadLetter() {
        // Given / When: a tombstone without key, failing with an exception whose message is null
        final DeadLetter letter = DeadLetters.of("t", 0, 0L, DeadLetters.DETECT, null, null, null, 0L);

        // Then
        assertThat(letter.getOriginalKey()).isNull();
        assertThat(letter.getOriginalValue()).isNull();
        assertThat(letter.getReason()).isEqualTo("no reason given");
        assertThat(letter.getStage()).isEqualTo("detect");
    }

    @Test
    void aReasonOfExactlyTheMaximumIsKeptWhole() {
        // Given
        final String reason = "r".repeat(DeadLetters.MAX_REASON_CHARS);

        // When / Then
        assertThat(DeadLetters.of("t", 0, 0L, DeadLetters.INGEST, reason, null, null, 0L).getReason())
                .isEqualTo(reason);
    }

    @Test
    void aLongerReasonIsCutSayingSo() {
        // Given a reason of 5,000 characters
        final String reason = "r".repeat(5_000);

        // When
        final String kept = DeadLetters.of("t", 0, 0L, DeadLetters.INGEST, reason, null, null, 0L).getReason();

        // Then
        final String note = " … (truncated; 5000 characters in all)";
        assertThat(kept).hasSize(DeadLetters.MAX_REASON_CHARS).endsWith(note);
        assertThat(kept).isEqualTo("r".repeat(DeadLetters.MAX_REASON_CHARS - note.length()) + note);
    }

    @Test
    void aCutNeverSplitsACharacterOutsideTheBasicPlane() {
        // Given emoji (two chars each) so that the cut falls between the two halves of one
        final String reason = "x" + "\uD83D\uDEA8".repeat(3_000);

        // When
        final String kept = DeadLetters.of("t", 0, 0L, DeadLetters.INGEST, reason, null, null, 0L).getReason();

        // Then
        final String body = kept.substring(0, kept.indexOf(" … (truncated"));
        assertThat(Character.isHighSurrogate(body.charAt(body.length() - 1))).isFalse();
        assertThat(kept.length()).isLessThanOrEqualTo(DeadLetters.MAX_REASON_CHARS);
    }

    private static byte[] pattern(final int length) {
        final byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = (byte) (i * 31 + i / 256);
        }
        return bytes;
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final ByteBuffer copy = buffer.duplicate();
        final byte[] out = new byte[copy.remaining()];
        copy.get(out);
        return out;
    }

    private static String sha256(final byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    private static int encodedSize(final DeadLetter letter) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        try {
            new SpecificDatumWriter<>(DeadLetter.class).write(letter, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.size();
    }
}
