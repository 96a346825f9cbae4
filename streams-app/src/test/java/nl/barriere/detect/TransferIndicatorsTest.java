package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.Events.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import nl.barriere.schema.WozValuation;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * I2 price far from WOZ, I3 purchase without mortgage, I4 newly formed buyer and I5 portfolio burst: each fires at
 * its threshold and not one unit short of it. Transfers that must not trigger anything else are to a person, with a
 * mortgage, below the median price and at their WOZ value.
 */
class TransferIndicatorsTest {

    private static final String BAG = "0546010000000201";
    private final DetectionDriver driver = new DetectionDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void i2FiresJustOutsideTheWozBandAndNotOnItsEdges() {
        // Given sales at 0.69 and 1.51 times WOZ (outside), and at exactly 0.70 and 1.50 (on the band's edges)
        driver.pipe(transfer("0546010000000211", "2024-01-10", 69_000, 100_000L, true, person(21)),
                transfer("0546010000000212", "2024-01-11", 151_000, 100_000L, true, person(22)),
                transfer("0546010000000213", "2024-01-12", 70_000, 100_000L, true, person(23)),
                transfer("0546010000000214", "2024-01-13", 150_000, 100_000L, true, person(24))).advanceStreamTimeTo(at("2026-01-01"));

        // Then only the two outside the band are signals, each with its ratio
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).extracting(s -> s.getSubject().getId()).containsExactly("0546010000000211", "0546010000000212");
        assertThat(only(signals.get(0), "I2").getParameters()).containsEntry("observedRatio", "0.69")
                .containsEntry("lowRatio", "0.7").containsEntry("highRatio", "1.5");
        assertThat(only(signals.get(1), "I2").getExplanationEn())
                .isEqualTo("The price is 1.51 times the WOZ value (100000 euros, valuation date 2023-01-01), outside the band 0.7 to 1.5.");
    }

    @Test
    void i2JudgesATransferAgainWhenTheValueInForceAtItsDeedArrivesAfterIt() {
        // Given sales at 1.51 times the value their WOZ valuations will give, the valuations looked up after the
        // sales: one for the tax year of the deed (valuation date 2023), one for the next tax year only (2024)
        final PropertyTransfer sale = transfer("0546010000000215", "2024-03-01", 151_000, null, true, person(25));
        final PropertyTransfer other = transfer("0546010000000216", "2024-03-01", 151_000, null, true, person(26));
        final WozValuation inForce = Events.woz("0546010000000215", 2023, 100_000, at("2024-03-02"));
        driver.pipe(sale, other, inForce, Events.woz("0546010000000216", 2024, 100_000, at("2024-03-02")))
                .advanceStreamTimeTo(at("2024-06-01"));

        // Then only the sale whose tax year the valuation is for is a signal, on the sale and the valuation, when the
        // valuation arrived
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).singleElement().satisfies(signal -> {
            assertThat(signal.getSubject().getId()).isEqualTo("0546010000000215");
            assertThat(only(signal, "I2").getEvidence()).extracting(EvidenceRef::getEventId)
                    .containsExactly(sale.getEventId(), inForce.getEventId());
            assertThat(signal.getDetectedAt()).isEqualTo(at("2024-03-02"));
        });
    }

    @Test
    void i3FiresForALegalEntityOrAboveTheMedianWithoutMortgage() {
        // Given three purchases without a mortgage: a company below the median, a person one euro above the median,
        // and a person exactly at the median
        driver.pipe(transfer("0546010000000221", "2024-01-10", 200_000, 200_000L, false, "20000001"),
                transfer("0546010000000222", "2024-01-11", 400_001, 400_001L, false, person(31)),
                transfer("0546010000000223", "2024-01-12", 400_000, 400_000L, false, person(32))).advanceStreamTimeTo(at("2026-01-01"));

        // Then the first two are signals
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).extracting(s -> s.getSubject().getId()).containsExactly("0546010000000221", "0546010000000222");
        assertThat(only(signals.get(0), "I3").getParameters()).containsEntry("buyerIsLegalEntity", "true");
        assertThat(only(signals.get(1), "I3").getParameters()).containsEntry("buyerIsLegalEntity", "false")
                .containsEntry("price", "400001").containsEntry("medianPrice", "400000");
    }

    @Test
    void i4FiresForABuyerYoungerThanTwelveMonthsAndNotOnItsFirstBirthday() {
        // Given two companies that started on 2023-03-01 (one with a partial date: March 2023)
        driver.pipe(Events.registered("30000001", at("2023-03-01"), "20230301", "6810", "0546010000000291"),
                Events.registered("30000002", at("2023-03-01"), "20230300", "6810", "0546010000000292"));
        // When the first buys on 2024-02-29 (12 months minus a day) and the second on 2024-03-01 (12 months)
        final var young = transfer("0546010000000231", "2024-02-29", 300_000, 300_000L, true, "30000001");
        driver.pipe(young, transfer("0546010000000232", "2024-03-01", 300_000, 300_000L, true, "30000002")).advanceStreamTimeTo(at("2026-01-01"));

        // Then only the first is a signal, citing the registration and the transfer
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).extracting(s -> s.getSubject().getId()).containsExactly("0546010000000231");
        final IndicatorResult i4 = only(signals.get(0), "I4");
        assertThat(i4.getParameters()).containsEntry("ageDays", "365").containsEntry("startDate", "20230301");
        assertThat(i4.getEvidence()).extracting(EvidenceRef::getEventId).endsWith(young.getEventId()).hasSize(2);
    }

    @Test
    void i3DecidedAfterI4OnTheSameTransferIsANewSignalThatSupersedesTheFirst() {
        // Given a BV formed two months before it buys, without a mortgage, below the median price
        driver.pipe(Events.registered("30000003", at("2024-01-02"), "20240102", "6810", "0546010000000293"),
                transfer("0546010000000294", "2024-03-01", 300_000, null, false, "30000003"))
                .advanceStreamTimeTo(at("2024-06-01"));

        // Then I4 is a signal at the transfer, and I3, decided when the window closed, a second one on the same
        // evidence that supersedes it
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(2);
        assertThat(signals.get(0).getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I4");
        assertThat(signals.get(1).getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I3", "I4");
        assertThat(signals.get(1).getScore()).isEqualTo(5);
        assertThat(signals.get(1).getSupersedes()).isEqualTo(signals.get(0).getSignalId());
        assertThat(signals.get(1).getDetectedAt()).isEqualTo(Instant.parse("2024-04-01T00:00:00Z"));
    }

    @Test
    void i5FiresOnTheThirdAcquisitionWithinTwelveMonthsInclusive() {
        // Given a buyer's acquisitions on 2023-03-01 and 2023-09-01
        final String buyer = person(41);
        driver.pipe(transfer("0546010000000241", "2023-03-01", 250_000, 250_000L, true, buyer),
                transfer("0546010000000242", "2023-09-01", 250_000, 250_000L, true, buyer));
        // When the third comes exactly 12 months after the first, and a fourth object goes to another buyer who
        // bought twice before but the first more than 12 months ago
        final String other = person(42);
        driver.pipe(transfer("0546010000000243", "2024-03-01", 250_000, 250_000L, true, buyer),
                transfer("0546010000000251", "2023-02-28", 250_000, 250_000L, true, other),
                transfer("0546010000000252", "2023-09-01", 250_000, 250_000L, true, other),
                transfer("0546010000000253", "2024-03-01", 250_000, 250_000L, true, other)).advanceStreamTimeTo(at("2026-01-01"));

        // Then only the first buyer's third acquisition is a signal, citing all three
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).extracting(s -> s.getSubject().getId()).containsExactly("0546010000000243");
        assertThat(signals.get(0).getSubject().getType()).isEqualTo(SubjectType.PROPERTY);
        assertThat(only(signals.get(0), "I5").getEvidence()).hasSize(3);
    }

    @Test
    void aDisabledIndicatorContributesNothing() {
        try (DetectionDriver withoutI2 = new DetectionDriver(Ruleset.load("v1").withDisabled("I2"))) {
            withoutI2.pipe(transfer(BAG, "2024-01-10", 10_000, 100_000L, true, person(51))).advanceStreamTimeTo(at("2026-01-01"));
            assertThat(withoutI2.signals()).isEmpty();
            assertThat(withoutI2.processed()).as("events processed").isEqualTo(withoutI2.piped());
        }
    }

    private static IndicatorResult only(final RiskSignal signal, final String ruleId) {
        assertThat(signal.getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly(ruleId);
        return signal.getIndicators().get(0);
    }
}
