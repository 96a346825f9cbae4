package nl.barriere.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import nl.barriere.schema.DeadLetter;
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
}
