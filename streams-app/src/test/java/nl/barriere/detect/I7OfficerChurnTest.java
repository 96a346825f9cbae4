package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.officer;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.Events.registeredWithOfficer;
import static nl.barriere.detect.Events.submitted;
import static nl.barriere.schema.BusinessEventType.OFFICER_APPOINTED;
import static nl.barriere.schema.BusinessEventType.OFFICER_RESIGNED;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitKind;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * I7: ≥ 3 officer changes within 12 months (inclusive), for the business on the change and for a permit
 * application after it; or the whole board replaced within 90 days (inclusive) before an application.
 */
class I7OfficerChurnTest {

    private static final String KVK = "10000007";
    private static final String BAG = "0546010000000701";
    private static final String APPLICATION = "Z-2024-0007";
    private final DetectionDriver driver = new DetectionDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    /** A business started in 2015 with one director, p70, named at registration (not a change). */
    private static BusinessEvent oldBusiness() {
        return registeredWithOfficer(KVK, at("2015-03-01"), "20150301", BAG, person(70));
    }

    @Test
    void firesForTheBusinessOnTheThirdChangeExactlyTwelveMonthsAfterTheFirst() {
        // Given an old business whose board gains p71 on 2024-01-10 and p72 on 2024-06-01
        final BusinessEvent first = officer(KVK, at("2024-01-10"), OFFICER_APPOINTED, person(71));
        final BusinessEvent second = officer(KVK, at("2024-06-01"), OFFICER_APPOINTED, person(72));
        // When p71 resigns on 2025-01-10, exactly 12 months after the first change
        final BusinessEvent third = officer(KVK, at("2025-01-10"), OFFICER_RESIGNED, person(71));
        driver.pipe(oldBusiness(), first, second, third).advanceStreamTimeTo(at("2026-01-01"));

        // Then one BUSINESS signal cites I7 with the three changes; the registration's officer is not counted
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        final RiskSignal signal = signals.get(0);
        assertThat(signal.getSubject().getType()).isEqualTo(SubjectType.BUSINESS);
        assertThat(signal.getSubject().getId()).isEqualTo(KVK);
        assertThat(signal.getScore()).isEqualTo(3);
        assertThat(signal.getIndicators()).hasSize(1);
        final IndicatorResult i7 = signal.getIndicators().get(0);
        assertThat(i7.getRuleId()).isEqualTo("I7");
        assertThat(i7.getParameters()).isEqualTo(Map.of("changes", "3", "boardReplaced", "false",
                "minChanges", "3", "windowMonths", "12", "boardReplacedDays", "90"));
        assertThat(i7.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(first.getEventId(), second.getEventId(), third.getEventId());
        assertThat(i7.getExplanationEn()).isEqualTo("3 officer changes within 12 months (limit 3); "
                + "whole board replaced within 90 days before a permit application: false.");
        assertThat(i7.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void doesNotFireWhenTheThirdChangeIsOneDayPastTwelveMonths() {
        // Given changes on 2024-01-10 and 2024-06-01
        // When the third comes on 2025-01-11, 12 months and 1 day after the first
        driver.pipe(oldBusiness(),
                officer(KVK, at("2024-01-10"), OFFICER_APPOINTED, person(71)),
                officer(KVK, at("2024-06-01"), OFFICER_APPOINTED, person(72)),
                officer(KVK, at("2025-01-11"), OFFICER_RESIGNED, person(71))).advanceStreamTimeTo(at("2026-01-01"));

        // Then at most 2 changes fall in any 12 months: no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void firesForTheApplicationAfterThreeChangesWithinTwelveMonths() {
        // Given three changes between 2023-09-01 and 2024-01-15 (the business signal comes on the third)
        final BusinessEvent first = officer(KVK, at("2023-09-01"), OFFICER_APPOINTED, person(71));
        final BusinessEvent second = officer(KVK, at("2023-11-01"), OFFICER_APPOINTED, person(72));
        final BusinessEvent third = officer(KVK, at("2024-01-15"), OFFICER_RESIGNED, person(71));
        // When the business applies for an operating permit on 2024-06-01
        final PermitEvent application = submitted(APPLICATION, "2024-06-01", PermitKind.EXPLOITATIE, KVK, BAG);
        driver.pipe(oldBusiness(), first, second, third, application).advanceStreamTimeTo(at("2026-01-01"));

        // Then the application gets its own I7 signal, with the changes and the submission as evidence
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).extracting(s -> s.getSubject().getType())
                .containsExactly(SubjectType.BUSINESS, SubjectType.PERMIT_APPLICATION);
        final RiskSignal signal = signals.get(1);
        assertThat(signal.getSubject().getId()).isEqualTo(APPLICATION);
        assertThat(signal.getIndicators()).hasSize(1);
        final IndicatorResult i7 = signal.getIndicators().get(0);
        assertThat(i7.getRuleId()).isEqualTo("I7");
        assertThat(i7.getParameters()).containsEntry("changes", "3").containsEntry("boardReplaced", "false");
        assertThat(i7.getEvidence()).extracting(e -> e.getEventId()).containsExactly(first.getEventId(),
                second.getEventId(), third.getEventId(), application.getEventId());
        assertThat(i7.getExplanationEn()).doesNotContain("{");
    }

    @Test
    void firesForTheApplicationWhenTheSoleDirectorLeftExactlyNinetyDaysBefore() {
        // Given the sole director p70 resigns on 2024-03-03 and p71 is appointed on 2024-03-04
        final BusinessEvent resigned = officer(KVK, at("2024-03-03"), OFFICER_RESIGNED, person(70));
        final BusinessEvent appointed = officer(KVK, at("2024-03-04"), OFFICER_APPOINTED, person(71));
        // When the business applies for an alcohol licence on 2024-06-01, 90 days after the resignation
        final PermitEvent application = submitted(APPLICATION, "2024-06-01", PermitKind.ALCOHOL, KVK, BAG);
        driver.pipe(oldBusiness(), resigned, appointed, application).advanceStreamTimeTo(at("2026-01-01"));

        // Then one PERMIT_APPLICATION signal: the whole board was replaced, with only 2 changes
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        final RiskSignal signal = signals.get(0);
        assertThat(signal.getSubject().getType()).isEqualTo(SubjectType.PERMIT_APPLICATION);
        assertThat(signal.getSubject().getId()).isEqualTo(APPLICATION);
        assertThat(signal.getScore()).isEqualTo(3);
        final IndicatorResult i7 = signal.getIndicators().get(0);
        assertThat(i7.getRuleId()).isEqualTo("I7");
        assertThat(i7.getParameters()).isEqualTo(Map.of("changes", "2", "boardReplaced", "true",
                "minChanges", "3", "windowMonths", "12", "boardReplacedDays", "90"));
        assertThat(i7.getEvidence()).extracting(e -> e.getEventId())
                .containsExactly(resigned.getEventId(), appointed.getEventId(), application.getEventId());
        assertThat(i7.getExplanationEn()).isEqualTo("2 officer changes within 12 months (limit 3); "
                + "whole board replaced within 90 days before a permit application: true.");
        assertThat(i7.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void doesNotFireWhenTheSoleDirectorLeftNinetyOneDaysBefore() {
        // Given the sole director p70 resigns on 2024-03-02 and p71 is appointed on 2024-03-04
        // When the business applies on 2024-06-01, 91 days after the resignation
        driver.pipe(oldBusiness(),
                officer(KVK, at("2024-03-02"), OFFICER_RESIGNED, person(70)),
                officer(KVK, at("2024-03-04"), OFFICER_APPOINTED, person(71)),
                submitted(APPLICATION, "2024-06-01", PermitKind.ALCOHOL, KVK, BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then the board 90 days before was already the new one: no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void doesNotFireOnTwoChangesWhileTheFirstDirectorStays() {
        // Given p71 joins on 2024-01-10 and leaves on 2024-03-10; p70 stays throughout
        // When the business applies for an operating permit on 2024-05-08
        driver.pipe(oldBusiness(),
                officer(KVK, at("2024-01-10"), OFFICER_APPOINTED, person(71)),
                officer(KVK, at("2024-03-10"), OFFICER_RESIGNED, person(71)),
                submitted(APPLICATION, "2024-05-08", PermitKind.EXPLOITATIE, KVK, BAG)).advanceStreamTimeTo(at("2026-01-01"));

        // Then 2 changes are below the threshold and the board was not replaced: no signal
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }
}
