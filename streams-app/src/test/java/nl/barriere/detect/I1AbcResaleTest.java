package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.Events.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.barriere.platform.Metrics;
import nl.barriere.platform.PrometheusScrape;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** I1: a second transfer within 183 days (inclusive) at ≥ 1.2 × the previous price. */
class I1AbcResaleTest {

    private static final String BAG = "0546010000000101";
    private final DetectionDriver driver = new DetectionDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void firesOnAResaleWithinTheWindowAtTheMinimumRatio() {
        // Given a sale on 2024-01-10 for 300,000 (mortgage, fair WOZ: no other indicator)
        final var first = transfer(BAG, "2024-01-10", 300_000, 300_000L, true, person(11));
        // When the object is sold again 183 days later (2024-07-11) for exactly 1.2 × 300,000
        final var second = transfer(BAG, "2024-07-11", 360_000, 300_000L, true, person(12));
        driver.pipe(first, second).advanceStreamTimeTo(at("2026-01-01"));

        // Then one PROPERTY signal cites I1 with both transfers as evidence
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        final RiskSignal signal = signals.get(0);
        assertThat(signal.getSubject().getType()).isEqualTo(SubjectType.PROPERTY);
        assertThat(signal.getSubject().getId()).isEqualTo(BAG);
        assertThat(signal.getScore()).isEqualTo(3);
        final IndicatorResult i1 = signal.getIndicators().get(0);
        assertThat(i1.getRuleId()).isEqualTo("I1");
        assertThat(i1.getParameters()).containsEntry("daysBetween", "183").containsEntry("observedRatio", "1.20")
                .containsEntry("windowDays", "183").containsEntry("minPriceRatio", "1.2");
        assertThat(i1.getEvidence()).extracting(e -> e.getEventId()).containsExactly(first.getEventId(), second.getEventId());
        assertThat(i1.getExplanationEn()).isEqualTo("This property was transferred again within 183 days (limit 183 days), "
                + "for 1.20 times the previous price (limit 1.2).");
        assertThat(i1.getExplanationNl()).doesNotContain("{");
        // And the metrics count one signal under I1, and none under an indicator that did not fire
        final PrometheusScrape scrape = PrometheusScrape.now();
        assertThat(scrape.value(Metrics.SIGNALS, Map.of("app", driver.applicationId(), "indicator", "I1"))).contains(1.0);
        assertThat(scrape.value(Metrics.SIGNALS, Map.of("app", driver.applicationId(), "indicator", "I2"))).contains(0.0);
    }

    @Test
    void doesNotFireOneDayOutsideTheWindow() {
        driver.pipe(transfer(BAG, "2024-01-10", 300_000, 300_000L, true, person(11)),
                transfer(BAG, "2024-07-12", 400_000, 300_000L, true, person(12))).advanceStreamTimeTo(at("2026-01-01"));
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void doesNotFireJustBelowTheRatio() {
        driver.pipe(transfer(BAG, "2024-01-10", 300_000, 300_000L, true, person(11)),
                transfer(BAG, "2024-03-10", 359_999, 300_000L, true, person(12))).advanceStreamTimeTo(at("2026-01-01"));
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }
}
