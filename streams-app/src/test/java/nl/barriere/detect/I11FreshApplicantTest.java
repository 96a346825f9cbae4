package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.legalForm;
import static nl.barriere.detect.Events.registered;
import static nl.barriere.detect.Events.submitted;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * I11: the applicant started less than 3 months before the application (strict), or changed legal form or
 * continued another business within 6 months (inclusive) before it.
 */
class I11FreshApplicantTest {

    private static final String KVK = "10000111";
    private static final String PREDECESSOR = "10000112";
    private static final String OFFICE = "0546010000001101";
    private static final String PREMISES = "0546010000001102";
    private static final String APPLICATION = "Z-2024-0111";
    private final DetectionDriver driver = new DetectionDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    /** A business started in 2015: old enough that only a reshuffle can make it fire. */
    private static BusinessEvent oldBusiness() {
        return registered(KVK, at("2015-03-01"), "20150301", "5610", OFFICE);
    }

    private static BusinessEvent continued(final Instant at) {
        return Events.base(KVK, at, BusinessEventType.TRANSFERRED).setTransferredFromKvkNumber(PREDECESSOR).build();
    }

    @Test
    void firesForAnApplicantThatStartedThirtyDaysBefore() {
        // Given a business that started and registered on 2024-02-01
        final BusinessEvent registration = registered(KVK, at("2024-02-01"), "20240201", "5610", OFFICE);
        // When it applies for an operating permit on 2024-03-02
        final PermitEvent application = submitted(APPLICATION, "2024-03-02", PermitKind.EXPLOITATIE, KVK, PREMISES);
        driver.pipe(registration, application).advanceStreamTimeTo(at("2026-01-01"));

        // Then one PERMIT_APPLICATION signal cites I11 with the registration and the submission
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        final RiskSignal signal = signals.get(0);
        assertThat(signal.getSubject().getType()).isEqualTo(SubjectType.PERMIT_APPLICATION);
        assertThat(signal.getSubject().getId()).isEqualTo(APPLICATION);
        assertThat(signal.getScore()).isEqualTo(2);
        assertThat(signal.getIndicators()).hasSize(1);
        final IndicatorResult i11 = signal.getIndicators().get(0);
        assertThat(i11.getRuleId()).isEqualTo("I11");
        assertThat(i11.getParameters()).isEqualTo(Map.of("ageDays", "30", "reshuffleDaysBefore", "-",
                "freshMonths", "3", "reshuffleMonths", "6"));
        assertThat(i11.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(registration.getEventId(), application.getEventId());
        assertThat(i11.getExplanationEn()).isEqualTo("The applicant had existed for 30 days at the application "
                + "(limit 3 months); last legal-form change or transfer: - days before (limit 6 months).");
        assertThat(i11.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void firesOnTheLastDayBeforeThreeMonthsCountingAPartialStartDateFromItsFirstDay() {
        // Given a business that started in March 2024, day unknown (20240300: counted from 2024-03-01)
        final BusinessEvent registration = registered(KVK, at("2024-03-05"), "20240300", "5610", OFFICE);
        // When it applies on 2024-05-31, the last day it is less than 3 months old
        final PermitEvent application = submitted(APPLICATION, "2024-05-31", PermitKind.ALCOHOL, KVK, PREMISES);
        driver.pipe(registration, application).advanceStreamTimeTo(at("2026-01-01"));

        // Then it fires, 91 days old
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        final IndicatorResult i11 = signals.get(0).getIndicators().get(0);
        assertThat(i11.getRuleId()).isEqualTo("I11");
        assertThat(i11.getParameters()).containsEntry("ageDays", "91").containsEntry("reshuffleDaysBefore", "-");
        assertThat(i11.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(registration.getEventId(), application.getEventId());
    }

    @Test
    void doesNotFireOnTheDayTheApplicantTurnsThreeMonthsOld() {
        // Given a business that started in March 2024, day unknown
        // When it applies on 2024-06-01, exactly 3 months after 2024-03-01
        driver.pipe(registered(KVK, at("2024-03-05"), "20240300", "5610", OFFICE),
                submitted(APPLICATION, "2024-06-01", PermitKind.ALCOHOL, KVK, PREMISES)).advanceStreamTimeTo(at("2026-01-01"));

        // Then it is no longer less than 3 months old: no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void doesNotFireForAnApplicantThatStartedFourMonthsBefore() {
        // Given a business that started on 2024-02-01
        // When it applies on 2024-06-01
        driver.pipe(registered(KVK, at("2024-02-01"), "20240201", "5610", OFFICE),
                submitted(APPLICATION, "2024-06-01", PermitKind.EXPLOITATIE, KVK, PREMISES)).advanceStreamTimeTo(at("2026-01-01"));

        // Then no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void firesWhenTheLegalFormChangedExactlySixMonthsBefore() {
        // Given an old business that changed its legal form on 2023-12-01
        final BusinessEvent change = legalForm(KVK, at("2023-12-01"));
        // When it applies on 2024-06-01, exactly 6 months later
        final PermitEvent application = submitted(APPLICATION, "2024-06-01", PermitKind.EXPLOITATIE, KVK, PREMISES);
        driver.pipe(oldBusiness(), change, application).advanceStreamTimeTo(at("2026-01-01"));

        // Then it fires with the change and the submission as evidence; the old registration is not evidence
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).getSubject().getId()).isEqualTo(APPLICATION);
        final IndicatorResult i11 = signals.get(0).getIndicators().get(0);
        assertThat(i11.getRuleId()).isEqualTo("I11");
        assertThat(i11.getParameters()).isEqualTo(Map.of("ageDays", "3380", "reshuffleDaysBefore", "183",
                "freshMonths", "3", "reshuffleMonths", "6"));
        assertThat(i11.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(change.getEventId(), application.getEventId());
        assertThat(i11.getExplanationEn()).isEqualTo("The applicant had existed for 3380 days at the application "
                + "(limit 3 months); last legal-form change or transfer: 183 days before (limit 6 months).");
    }

    @Test
    void doesNotFireWhenTheLegalFormChangedSixMonthsAndOneDayBefore() {
        // Given an old business that changed its legal form on 2023-12-01
        // When it applies on 2024-06-02
        driver.pipe(oldBusiness(), legalForm(KVK, at("2023-12-01")),
                submitted(APPLICATION, "2024-06-02", PermitKind.EXPLOITATIE, KVK, PREMISES)).advanceStreamTimeTo(at("2026-01-01"));

        // Then no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void firesWhenTheApplicantContinuedAnotherBusiness150DaysBefore() {
        // Given an old business that continued another one [voortzetting] on 2024-01-10
        final BusinessEvent transfer = continued(at("2024-01-10"));
        // When it applies for an alcohol licence on 2024-06-08
        final PermitEvent application = submitted(APPLICATION, "2024-06-08", PermitKind.ALCOHOL, KVK, PREMISES);
        driver.pipe(oldBusiness(), transfer, application).advanceStreamTimeTo(at("2026-01-01"));

        // Then it fires with the transfer and the submission as evidence
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        final IndicatorResult i11 = signals.get(0).getIndicators().get(0);
        assertThat(i11.getRuleId()).isEqualTo("I11");
        assertThat(i11.getParameters()).containsEntry("ageDays", "3387").containsEntry("reshuffleDaysBefore", "150");
        assertThat(i11.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(transfer.getEventId(), application.getEventId());
    }
}
