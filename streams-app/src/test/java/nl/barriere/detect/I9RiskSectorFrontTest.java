package nl.barriere.detect;

import static nl.barriere.detect.Events.activity;
import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.Events.registered;
import static nl.barriere.detect.Events.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * I9: a registration or activity change into a risk SBI code at a BAG object whose most recent transfer, at most
 * 6 months (inclusive) earlier, triggered I3 or I4.
 */
class I9RiskSectorFrontTest {

    private static final String BAG = "0546010000000901";
    /** A BV buyer unknown to the register here, so I4 stays quiet. */
    private static final String BUYER_BV = "90000001";
    private final DetectionDriver driver = new DetectionDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void firesOnABarbershopSixtyDaysAfterAnI3Transfer() {
        // Given a BV buys the object without a mortgage on 2024-01-10 (I3; fair WOZ, below the median price)
        final PropertyTransfer purchase = i3Transfer("2024-01-10");
        // When a barbershop (SBI 96021) registers there 60 days later
        final BusinessEvent barbershop = registered("90000002", at("2024-03-10"), "20240310", "96021", BAG);
        driver.pipe(purchase, barbershop).advanceStreamTimeTo(at("2026-01-01"));

        // Then the property's I3 signal is superseded by one citing I3 and I9
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(2);
        final RiskSignal signal = signals.get(1);
        assertThat(signal.getSubject().getType()).isEqualTo(SubjectType.PROPERTY);
        assertThat(signal.getSubject().getId()).isEqualTo(BAG);
        assertThat(signal.getSupersedes()).isEqualTo(signals.get(0).getSignalId());
        assertThat(signal.getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I3", "I9");
        assertThat(signal.getScore()).isEqualTo(6);
        final IndicatorResult i9 = signal.getIndicators().get(1);
        assertThat(i9.getParameters()).containsEntry("kvkNumber", "90000002").containsEntry("sbiCode", "96021")
                .containsEntry("daysSinceTransfer", "60").containsEntry("transferRule", "I3")
                .containsEntry("freshTransferMonths", "6");
        assertThat(i9.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(purchase.getEventId(), barbershop.getEventId());
        assertThat(i9.getExplanationEn()).isEqualTo("Business 90000002 started an activity in a risk sector here "
                + "(SBI 96021), 60 days after a transfer that triggered I3 (limit 6 months).");
        assertThat(i9.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void firesOnAnActivityChangeAfterAnI4Transfer() {
        // Given a grocer at the object since 2018, and a BV started 2023-10-02 that buys it on 2024-01-10 with a
        // mortgage (I4 only)
        final BusinessEvent grocer = registered("90000003", at("2018-05-01"), "20180501", "4711", BAG);
        final BusinessEvent newBuyer = registered(BUYER_BV, at("2023-10-02"), "20231002", "6810", "0546010000000999");
        final PropertyTransfer purchase = transfer(BAG, "2024-01-10", 300_000, 300_000L, true, BUYER_BV);
        // When the grocer changes its activity to a tobacco shop (SBI 4726) 120 days later
        final BusinessEvent tobacco = activity("90000003", at("2024-05-09"), "4726");
        driver.pipe(grocer, newBuyer, purchase, tobacco).advanceStreamTimeTo(at("2026-01-01"));

        // Then the property's I4 signal is superseded by one citing I4 and I9
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(2);
        final RiskSignal signal = signals.get(1);
        assertThat(signal.getSubject().getId()).isEqualTo(BAG);
        assertThat(signal.getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I4", "I9");
        final IndicatorResult i9 = signal.getIndicators().get(1);
        assertThat(i9.getParameters()).containsEntry("kvkNumber", "90000003").containsEntry("sbiCode", "4726")
                .containsEntry("daysSinceTransfer", "120").containsEntry("transferRule", "I4");
        assertThat(i9.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(purchase.getEventId(), tobacco.getEventId());
    }

    @Test
    void firesExactlySixMonthsAfterTheTransfer() {
        // Given an I3 transfer on 2024-01-10
        // When a sunbed studio (SBI 9604) registers there on 2024-07-10, six calendar months later
        driver.pipe(i3Transfer("2024-01-10"), registered("90000004", at("2024-07-10"), "20240710", "9604", BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then I9 fires with 182 days since the transfer
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(2);
        assertThat(signals.get(1).getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I3", "I9");
        assertThat(signals.get(1).getIndicators().get(1).getParameters()).containsEntry("daysSinceTransfer", "182");
    }

    @Test
    void doesNotFireSixMonthsAndOneDayAfterTheTransfer() {
        // Given an I3 transfer on 2024-01-10
        // When a sunbed studio registers there on 2024-07-11
        driver.pipe(i3Transfer("2024-01-10"), registered("90000004", at("2024-07-11"), "20240711", "9604", BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then only the transfer's own I3 signal exists
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I3");
    }

    @Test
    void doesNotFireAfterACleanTransfer() {
        // Given an ordinary purchase: a person, with a mortgage, below the median, at a fair WOZ
        // When a beauty salon (SBI 96022) registers there 30 days later
        driver.pipe(transfer(BAG, "2024-01-10", 300_000, 300_000L, true, person(91)),
                registered("90000005", at("2024-02-09"), "20240209", "96022", BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then nothing fires
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void doesNotFireForANonRiskSector() {
        // Given an I3 transfer
        // When an IT business (SBI 6201) registers there 30 days later
        driver.pipe(i3Transfer("2024-01-10"), registered("90000006", at("2024-02-09"), "20240209", "6201", BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then only the I3 signal exists
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I3");
    }

    @Test
    void onlyTheMostRecentTransferCounts() {
        // Given an I3 transfer on 2024-01-10, then an ordinary resale to a person on 2024-02-01 (without a mortgage:
        // one dated within the first transfer's window would settle its I3)
        // When a barbershop registers there on 2024-03-01
        driver.pipe(i3Transfer("2024-01-10"), transfer(BAG, "2024-02-01", 300_000, null, false, person(92)),
                registered("90000007", at("2024-03-01"), "20240301", "96021", BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then only the first transfer's I3 signal exists
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).getIndicators()).extracting(IndicatorResult::getRuleId).containsExactly("I3");
    }

    /** A purchase by a BV without a mortgage, below the median price and at its WOZ value: I3 and nothing else. */
    private static PropertyTransfer i3Transfer(final String deedDate) {
        return transfer(BAG, deedDate, 300_000, 300_000L, false, BUYER_BV);
    }
}
