package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.person;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import nl.barriere.contract.Topics;
import nl.barriere.platform.TestTopologies;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.Officer;
import nl.barriere.schema.OfficerRole;
import nl.barriere.schema.Party;
import nl.barriere.schema.PropertyTransfer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * DESIGN.md rule 7: every input record is either processed or lands on ondermijning.dead-letters with the reason,
 * its source topic, partition and offset, and its original bytes. Nothing is lost and nothing stops the pipeline.
 */
class DeadLetterTest {

    private final DetectionDriver driver = new DetectionDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void everyBadRecordBecomesADeadLetterAndEveryGoodOneIsProcessed() {
        // Given a mix of good records and one of each kind of bad one, in event-time order
        final byte[] garbage = "not avro".getBytes(StandardCharsets.UTF_8);
        driver.pipe(Events.registered("10000001", at("2024-01-01"), "20200101", "7022", "0546010000000001"));
        driver.pipeRaw(Topics.KVK_BUSINESS_EVENTS, "10000002", garbage, at("2024-01-02"));
        driver.pipeRaw(Topics.KVK_BUSINESS_EVENTS, "10000002", null, at("2024-01-02"));
        driver.pipe(Events.registered("1000003", at("2024-01-03"), "20200101", "7022", "0546010000000003"));
        driver.pipe(Events.registered("10000004", at("2024-01-04"), "20200101", "7022", "0546100000000004"));
        driver.pipe(Events.base("10000001", at("2024-01-05"), BusinessEventType.OFFICER_APPOINTED)
                .setOfficer(new Officer("123456789", null, OfficerRole.DIRECTOR)).build());
        final var negative = Events.transfer("0546010000000001", "2024-01-06", 100_000, null, false, person(5));
        negative.setPrice(-1L);
        driver.pipe(negative);
        final var bsnBuyer = Events.transfer("0546010000000001", "2024-01-07", 100_000, null, false, person(5));
        bsnBuyer.setBuyer(new Party(null, "123 456 789"));
        driver.pipe(bsnBuyer);
        driver.pipe(Topics.KVK_BUSINESS_EVENTS,
                Events.registered("10000005", at("2031-01-01"), "20200101", "7022", "0546010000000005"), at("2024-01-07"));
        driver.pipe(Events.transfer("0546010000000002", "2024-01-08", 200_000, null, false, person(6)));
        driver.pipe(Events.submitted("HOR-1", "2024-01-09", nl.barriere.schema.PermitKind.TERRAS, "10000001", "0546010000000001"));
        driver.advanceStreamTimeTo(at("2026-01-01"));

        // Then the eight bad ones are dead letters, with their reasons, in order, and the good ones were processed
        final List<DeadLetter> letters = driver.deadLetters();
        assertThat(letters).extracting(DeadLetter::getReason).satisfiesExactly(
                r -> assertThat(r).startsWith("cannot decode: "),
                r -> assertThat(r).isEqualTo("empty value (tombstone) on an input topic"),
                r -> assertThat(r).startsWith("kvkNumber: '1000003' is not 8 digits"),
                r -> assertThat(r).contains("address.bagVboId: '0546100000000004' has object type 10 (pand)"),
                r -> assertThat(r).startsWith("officer.personPseudonym: '1234*****' looks like a BSN"),
                r -> assertThat(r).isEqualTo("price: -1 is negative"),
                r -> assertThat(r).startsWith("buyer.personPseudonym: '").contains("looks like a BSN").doesNotContain("456"),
                r -> assertThat(r).startsWith("occurredAt: 2031-01-01T12:00:00Z is more than a day after the record was written to Kafka"));
        assertThat(letters).allSatisfy(letter -> assertThat(letter.getStage()).isEqualTo("ingest"));
        final DeadLetter first = letters.get(0);
        assertThat(first.getSourceTopic()).isEqualTo(Topics.KVK_BUSINESS_EVENTS.name());
        assertThat(first.getPartition()).isZero();
        assertThat(first.getOffset()).isEqualTo(1L);
        assertThat(bytes(first.getOriginalValue())).isEqualTo(garbage);
        assertThat(bytes(first.getOriginalKey())).isEqualTo("10000002".getBytes(StandardCharsets.UTF_8));
        // (a value that does not decode has no event time: it keeps the time its partition had reached, the
        // registration of 2024-01-01 before it, so that it holds nothing back)
        assertThat(first.getFailedAt()).isEqualTo(at("2024-01-01"));

        // And input = processed + dead letters: 3 good, 8 bad, 11 in (the clock event waits for a later one)
        assertThat(driver.processed()).isEqualTo(3);
        assertThat(driver.processed() + letters.size()).isEqualTo(11);
    }

    @Test
    void aRecordRefusedForABsnIsKeptWithEveryBsnBlankedNeverAsReceived() {
        // Given a transfer whose buyer carries a BSN and whose source reference is BSN-shaped too (where nothing
        // checks for one), an appointment whose officer carries one, and a registration under a BSN for KvK number
        final var transfer = Events.transfer("0546010000000001", "2024-01-07", 100_000, null, false, person(5));
        transfer.setBuyer(new Party(null, "123 456 789"));
        transfer.getSource().setReference("987654321");
        final var appointed = Events.base("10000001", at("2024-01-08"), BusinessEventType.OFFICER_APPOINTED)
                .setOfficer(new Officer("123456789", null, OfficerRole.DIRECTOR)).build();
        final var keyedByABsn = Events.registered("123456789", at("2024-01-09"), "20200101", "7022", "0546010000000009");
        keyedByABsn.setEstablishmentNumber("000012345678");
        driver.pipe(transfer);
        driver.pipe(appointed);
        driver.pipe(keyedByABsn);
        driver.advanceStreamTimeTo(at("2026-01-01"));

        // Then each is a dead letter whose kept bytes decode to the event with every BSN-shaped text blanked,
        // flagged as such, with the length and hash of what was kept; no byte of a BSN is left
        final List<DeadLetter> letters = driver.deadLetters();
        assertThat(letters).hasSize(3).allSatisfy(letter -> {
            assertThat(letter.getOriginalValueRedacted()).isTrue();
            final byte[] kept = bytes(letter.getOriginalValue());
            assertThat(letter.getOriginalValueLength()).isEqualTo(kept.length);
            assertThat(letter.getOriginalValueSha256()).isEqualTo(sha256(kept));
            final String text = new String(kept, StandardCharsets.ISO_8859_1);
            assertThat(text).doesNotContain("123 456 789", "123456789", "987654321").contains("*********");
        });
        final var keptTransfer = (PropertyTransfer) Topics.KADASTER_PROPERTY_TRANSFERS
                .valueSerde(TestTopologies.serdeConfig()).deserializer()
                .deserialize(Topics.KADASTER_PROPERTY_TRANSFERS.name(), bytes(letters.get(0).getOriginalValue()));
        assertThat(keptTransfer.getBuyer().getPersonPseudonym()).isEqualTo("*********");
        assertThat(keptTransfer.getSource().getReference()).isEqualTo("*********");
        assertThat(keptTransfer.getPrice()).isEqualTo(transfer.getPrice());
        assertThat(keptTransfer.getEventId()).isEqualTo(transfer.getEventId());
        // (a business is keyed by its KvK number, so a BSN typed for one is its record's key too)
        assertThat(bytes(letters.get(2).getOriginalKey())).asString(StandardCharsets.UTF_8).isEqualTo("*********");

        // And a record refused for anything else keeps its bytes as received
        final var negative = Events.transfer("0546010000000002", "2026-02-01", 100_000, null, false, person(6));
        negative.setPrice(-1L);
        driver.pipe(negative);
        driver.advanceStreamTimeTo(at("2027-01-01"));
        assertThat(driver.deadLetters()).singleElement()
                .satisfies(letter -> assertThat(letter.getOriginalValueRedacted()).isFalse());
    }

    @Test
    void aQuietMonthIsNotTheFuture() {
        // Given a registration, then nothing for a month
        driver.pipe(Events.registered("10000001", at("2024-01-01"), "20200101", "7022", "0546010000000001"));
        // When the next record comes a month later (its timestamp is its event time, as `produce` writes it)
        driver.pipe(Events.registered("10000002", at("2024-02-01"), "20200101", "7022", "0546010000000002"));
        driver.advanceStreamTimeTo(at("2026-01-01"));
        // Then nothing is refused: a quiet month is not the future
        assertThat(driver.deadLetters()).isEmpty();
        assertThat(driver.processed()).isEqualTo(2);
    }

    private static byte[] bytes(final ByteBuffer buffer) {
        final byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }


    private static String sha256(final byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
