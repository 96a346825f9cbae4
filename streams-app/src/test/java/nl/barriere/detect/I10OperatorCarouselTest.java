package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * I10: ≥ 3 distinct applicants for operating or alcohol permits on one BAG object within 24 months (inclusive).
 * The applicants are not in the business register here, so I7 and I11 have nothing to say about them.
 */
class I10OperatorCarouselTest {

    private static final String BAG = "0546010000001001";
    private static final String FIRST = "10000101";
    private static final String SECOND = "10000102";
    private static final String THIRD = "10000103";
    private final DetectionDriver driver = new DetectionDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void firesOnTheThirdApplicantCitingEachApplicantsLatestSubmission() {
        // Given the first applicant applies twice (operating permit, then alcohol licence), the second once
        final PermitEvent firstOperating = submitted("Z-2023-0101", "2023-01-10", PermitKind.EXPLOITATIE, FIRST, BAG);
        final PermitEvent firstAlcohol = submitted("Z-2023-0102", "2023-02-01", PermitKind.ALCOHOL, FIRST, BAG);
        final PermitEvent second = submitted("Z-2023-0103", "2023-06-01", PermitKind.ALCOHOL, SECOND, BAG);
        // When a third business applies for an operating permit on 2023-09-01
        final PermitEvent third = submitted("Z-2023-0104", "2023-09-01", PermitKind.EXPLOITATIE, THIRD, BAG);
        driver.pipe(firstOperating, firstAlcohol, second, third).advanceStreamTimeTo(at("2026-01-01"));

        // Then one signal about the third application, with one submission per applicant (the latest)
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        final RiskSignal signal = signals.get(0);
        assertThat(signal.getSubject().getType()).isEqualTo(SubjectType.PERMIT_APPLICATION);
        assertThat(signal.getSubject().getId()).isEqualTo("Z-2023-0104");
        assertThat(signal.getScore()).isEqualTo(3);
        assertThat(signal.getIndicators()).hasSize(1);
        final IndicatorResult i10 = signal.getIndicators().get(0);
        assertThat(i10.getRuleId()).isEqualTo("I10");
        assertThat(i10.getParameters()).isEqualTo(Map.of("applicants", "3",
                "minApplicants", "3", "windowMonths", "24", "permitKinds", "EXPLOITATIE,ALCOHOL"));
        assertThat(i10.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(firstAlcohol.getEventId(), second.getEventId(), third.getEventId());
        assertThat(i10.getExplanationEn()).isEqualTo("3 different businesses applied for an operating or alcohol "
                + "permit for these premises within 24 months (limit 3).");
        assertThat(i10.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void firesWhenTheThirdApplicantComesExactlyTwentyFourMonthsAfterTheFirst() {
        // Given applications by two businesses on 2022-03-01 and 2023-01-10
        final PermitEvent first = submitted("Z-2022-0101", "2022-03-01", PermitKind.EXPLOITATIE, FIRST, BAG);
        final PermitEvent second = submitted("Z-2023-0101", "2023-01-10", PermitKind.ALCOHOL, SECOND, BAG);
        // When a third applies on 2024-03-01, exactly 24 months after the first
        final PermitEvent third = submitted("Z-2024-0101", "2024-03-01", PermitKind.EXPLOITATIE, THIRD, BAG);
        driver.pipe(first, second, third).advanceStreamTimeTo(at("2026-01-01"));

        // Then the first application is still inside the window
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).getSubject().getId()).isEqualTo("Z-2024-0101");
        final IndicatorResult i10 = signals.get(0).getIndicators().get(0);
        assertThat(i10.getRuleId()).isEqualTo("I10");
        assertThat(i10.getParameters()).containsEntry("applicants", "3");
        assertThat(i10.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(first.getEventId(), second.getEventId(), third.getEventId());
    }

    @Test
    void doesNotFireWhenTheThirdApplicantComesTwentyFourMonthsAndOneDayAfterTheFirst() {
        // Given applications on 2022-03-01 and 2023-01-10
        // When a third business applies on 2024-03-02
        driver.pipe(submitted("Z-2022-0101", "2022-03-01", PermitKind.EXPLOITATIE, FIRST, BAG),
                submitted("Z-2023-0101", "2023-01-10", PermitKind.ALCOHOL, SECOND, BAG),
                submitted("Z-2024-0101", "2024-03-02", PermitKind.EXPLOITATIE, THIRD, BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then only 2 applicants fall within 24 months: no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void doesNotFireWhenTheThirdApplicantOnlyAsksForATerrace() {
        // Given operating-permit applications by two businesses
        // When a third asks only for a terrace permit
        driver.pipe(submitted("Z-2024-0201", "2024-01-10", PermitKind.EXPLOITATIE, FIRST, BAG),
                submitted("Z-2024-0202", "2024-04-20", PermitKind.EXPLOITATIE, SECOND, BAG),
                submitted("Z-2024-0203", "2024-07-28", PermitKind.TERRAS, THIRD, BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then a terrace permit does not count: no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void doesNotFireOnThreeApplicationsByTwoApplicants() {
        // Given the first business applies twice and a second business once
        driver.pipe(submitted("Z-2024-0301", "2024-01-10", PermitKind.EXPLOITATIE, FIRST, BAG),
                submitted("Z-2024-0302", "2024-01-20", PermitKind.ALCOHOL, FIRST, BAG),
                submitted("Z-2024-0303", "2024-06-08", PermitKind.EXPLOITATIE, SECOND, BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then 2 distinct applicants are below the threshold: no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void staysSilentWhenTheRuleIsSwitchedOff() {
        // Given ruleset v1 with I10 disabled
        try (DetectionDriver switchedOff = new DetectionDriver(Ruleset.load("v1").withDisabled("I10"))) {
            // When three businesses apply for the same premises within 8 months
            switchedOff.pipe(submitted("Z-2023-0101", "2023-01-10", PermitKind.EXPLOITATIE, FIRST, BAG),
                    submitted("Z-2023-0103", "2023-06-01", PermitKind.ALCOHOL, SECOND, BAG),
                    submitted("Z-2023-0104", "2023-09-01", PermitKind.EXPLOITATIE, THIRD, BAG)).advanceStreamTimeTo(at("2026-01-01"));

            // Then no signal
            assertThat(switchedOff.signals()).isEmpty();
            assertThat(switchedOff.processed()).as("events processed").isEqualTo(switchedOff.piped());
        }
    }
}
