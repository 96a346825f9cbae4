package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.deregistered;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.Events.registeredWithOfficer;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * I8: a person who is an officer of ≥ 5 active businesses, or of ≥ 3 businesses ended (BR, OO) within 24 months,
 * flags the business that the registration or appointment links them to.
 */
class I8StrawManOfficerTest {

    private static final String STRAW = person(80);
    private static final LocalDate START = LocalDate.parse("2024-01-01");
    private final DetectionDriver driver = new DetectionDriver();

    @AfterEach
    void close() {
        driver.close();
    }

    @Test
    void firesWhenTheFifthRegistrationMakesFiveActiveBusinesses() {
        // Given one person registers four BVs as director, 30 days apart, each at its own address
        final List<BusinessEvent> registrations = strawRegistrations(4);
        // When the same person registers a fifth BV on day 120
        registrations.add(registeredWithOfficer("80000005", at(day(120)), "20240430", bag(5), STRAW));
        driver.pipe(registrations.toArray(BusinessEvent[]::new)).advanceStreamTimeTo(at(day(160)));

        // Then one BUSINESS signal for the fifth BV cites I8 with the five registrations as evidence
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        final RiskSignal signal = signals.get(0);
        assertThat(signal.getSubject().getType()).isEqualTo(SubjectType.BUSINESS);
        assertThat(signal.getSubject().getId()).isEqualTo("80000005");
        assertThat(signal.getScore()).isEqualTo(4);
        assertThat(signal.getIndicators()).hasSize(1);
        final IndicatorResult i8 = signal.getIndicators().get(0);
        assertThat(i8.getRuleId()).isEqualTo("I8");
        assertThat(i8.getParameters()).containsEntry("activeEntities", "5").containsEntry("endedEntities", "0")
                .containsEntry("minActiveEntities", "5").containsEntry("minEndedEntities", "3")
                .containsEntry("endedWindowMonths", "24");
        assertThat(i8.getEvidence()).extracting(e -> e.getEventId())
                .containsExactlyElementsOf(registrations.stream().map(BusinessEvent::getEventId).toList());
        assertThat(i8.getExplanationEn()).isEqualTo("An officer of this business is an officer of 5 active businesses "
                + "(limit 5) and of 0 businesses ended within 24 months (limit 3).");
        assertThat(i8.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void doesNotFireAtFourActiveBusinesses() {
        // Given / When one person registers four BVs as director
        driver.pipe(strawRegistrations(4).toArray(BusinessEvent[]::new)).advanceStreamTimeTo(at(day(160)));

        // Then nothing fires
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void doesNotFireWhenTheFirstEndedBeforeTheFifth() {
        // Given four BVs registered by one person, the first dissolved (OO) on day 100
        final List<BusinessEvent> events = strawRegistrations(4);
        events.add(deregistered("80000001", at(day(100)), "OO"));
        // When the person registers a fifth BV on day 120
        events.add(registeredWithOfficer("80000005", at(day(120)), "20240430", bag(5), STRAW));
        driver.pipe(events.toArray(BusinessEvent[]::new)).advanceStreamTimeTo(at(day(160)));

        // Then nothing fires: four active, one ended
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void firesOnAnAppointmentToAFifthExistingBusiness() {
        // Given a BV registered in 2019 with another director, and four BVs the person registered this year
        final BusinessEvent existing = registeredWithOfficer("80000009", at("2019-06-01"), "20190601", bag(9), person(81));
        final List<BusinessEvent> registrations = strawRegistrations(4);
        // When the person is appointed director of the existing BV on day 100
        final BusinessEvent appointment =
                Events.officer("80000009", at(day(100)), BusinessEventType.OFFICER_APPOINTED, STRAW);
        driver.pipe(existing).pipe(registrations.toArray(BusinessEvent[]::new)).pipe(appointment).advanceStreamTimeTo(at(day(160)));

        // Then the existing BV is flagged, citing the four registrations and the appointment
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).getSubject().getType()).isEqualTo(SubjectType.BUSINESS);
        assertThat(signals.get(0).getSubject().getId()).isEqualTo("80000009");
        final IndicatorResult i8 = signals.get(0).getIndicators().get(0);
        assertThat(i8.getRuleId()).isEqualTo("I8");
        assertThat(i8.getParameters()).containsEntry("activeEntities", "5").containsEntry("endedEntities", "0");
        assertThat(i8.getEvidence()).extracting(e -> e.getEventId()).containsExactlyElementsOf(
                Stream.concat(registrations.stream(), Stream.of(appointment)).map(BusinessEvent::getEventId).toList());
    }

    @Test
    void firesOnThreeEndedBusinessesTheFirstExactlyTwentyFourMonthsBefore() {
        // Given three BVs of one person, ended by bankruptcy, dissolution and bankruptcy
        final List<BusinessEvent> history = endedHistory("BR", "OO", "BR");
        // When the person registers a new BV exactly 24 months after the first end (2022-03-01)
        final BusinessEvent fresh = registeredWithOfficer("80000020", at("2024-03-01"), "20240301", bag(20), STRAW);
        driver.pipe(history.toArray(BusinessEvent[]::new)).pipe(fresh).advanceStreamTimeTo(at("2026-01-01"));

        // Then the new BV is flagged, citing its registration and, per ended BV, its registration and its end
        final List<RiskSignal> signals = driver.signals();
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).getSubject().getId()).isEqualTo("80000020");
        final IndicatorResult i8 = signals.get(0).getIndicators().get(0);
        assertThat(i8.getRuleId()).isEqualTo("I8");
        assertThat(i8.getParameters()).containsEntry("activeEntities", "1").containsEntry("endedEntities", "3");
        assertThat(i8.getEvidence()).extracting(e -> e.getEventId()).containsExactlyElementsOf(
                Stream.concat(history.stream(), Stream.of(fresh)).map(BusinessEvent::getEventId).toList());
        assertThat(i8.getExplanationEn()).isEqualTo("An officer of this business is an officer of 1 active businesses "
                + "(limit 5) and of 3 businesses ended within 24 months (limit 3).");
        assertThat(i8.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void doesNotFireWhenTheFirstEndIsTwentyFourMonthsAndADayBefore() {
        // Given the same three ended BVs
        // When the new BV is registered one day later, on 2024-03-02
        driver.pipe(endedHistory("BR", "OO", "BR").toArray(BusinessEvent[]::new))
                .pipe(registeredWithOfficer("80000020", at("2024-03-02"), "20240302", bag(20), STRAW)).advanceStreamTimeTo(at("2026-01-01"));

        // Then nothing fires: only two ends lie within 24 months
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    @Test
    void doesNotFireWhenOneOfTheThreeEndedByMerger() {
        // Given three ended BVs of one person, but one ended by merger (FS)
        // When the person registers a new BV
        driver.pipe(endedHistory("BR", "OO", "FS").toArray(BusinessEvent[]::new))
                .pipe(registeredWithOfficer("80000020", at("2024-03-01"), "20240301", bag(20), STRAW)).advanceStreamTimeTo(at("2026-01-01"));

        // Then nothing fires: two ended by BR or OO
        assertThat(driver.signals()).isEmpty();
        assertThat(driver.processed()).as("events processed").isEqualTo(driver.piped());
    }

    /** The person registers {@code count} BVs (80000001…) as director, 30 days apart from day 0, at separate objects. */
    private static List<BusinessEvent> strawRegistrations(final int count) {
        final List<BusinessEvent> events = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            final LocalDate date = START.plusDays(30L * (i - 1));
            events.add(registeredWithOfficer("8000000" + i, at(date.toString()), date.toString().replace("-", ""), bag(i),
                    STRAW));
        }
        return events;
    }

    /**
     * Three BVs (80000011–13) the person registered in 2021, ended with the given reasons on 2022-03-01, 2023-01-10 and
     * 2023-06-01; in event-time order.
     */
    private static List<BusinessEvent> endedHistory(final String... reasons) {
        final String[] ends = {"2022-03-01", "2023-01-10", "2023-06-01"};
        final List<BusinessEvent> registrations = new ArrayList<>();
        final List<BusinessEvent> deregistrations = new ArrayList<>();
        for (int i = 0; i < reasons.length; i++) {
            final String kvk = "8000001" + (i + 1);
            registrations.add(registeredWithOfficer(kvk, at("2021-02-0" + (i + 1)), "2021020" + (i + 1), bag(11 + i), STRAW));
            deregistrations.add(deregistered(kvk, at(ends[i]), reasons[i]));
        }
        final List<BusinessEvent> all = new ArrayList<>(registrations);
        all.addAll(deregistrations);
        return all;
    }

    private static String day(final long offset) {
        return START.plusDays(offset).toString();
    }

    private static String bag(final int n) {
        return String.format("05460100000008%02d", n);
    }
}
