package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.moved;
import static nl.barriere.detect.Events.registered;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.Test;

/** I6: ≥ 10 active establishments on one BAG object, or ≥ 5 registered there within 90 days (inclusive). */
class I6AddressSaturationTest {

    private static final String BAG = "0546010000000601";
    private static final LocalDate START = LocalDate.parse("2024-01-01");

    @Test
    void firesWhenTheTenthEstablishmentIsActive() {
        // Given nine businesses registered on the object 25 days apart (at most 4 in any 90 days)
        final List<BusinessEvent> arrivals = registrations(9, 25);
        // When a tenth registers there, 225 days after the first
        arrivals.add(registered("60000010", at(day(225)), "20240101", "7022", BAG));

        // Then one PROPERTY signal cites I6 with all ten registrations as evidence
        final List<RiskSignal> signals = run(Ruleset.load("v1"), arrivals);
        assertThat(signals).hasSize(1);
        final RiskSignal signal = signals.get(0);
        assertThat(signal.getSubject().getType()).isEqualTo(SubjectType.PROPERTY);
        assertThat(signal.getSubject().getId()).isEqualTo(BAG);
        assertThat(signal.getScore()).isEqualTo(2);
        assertThat(signal.getIndicators()).hasSize(1);
        final IndicatorResult i6 = signal.getIndicators().get(0);
        assertThat(i6.getRuleId()).isEqualTo("I6");
        assertThat(i6.getParameters()).containsEntry("activeEstablishments", "10").containsEntry("newEstablishments", "4")
                .containsEntry("minActive", "10").containsEntry("minNew", "5").containsEntry("newWindowDays", "90");
        assertThat(i6.getEvidence()).extracting(e -> e.getEventId())
                .containsExactlyElementsOf(arrivals.stream().map(BusinessEvent::getEventId).toList());
        assertThat(i6.getExplanationEn()).isEqualTo("This address has 10 active establishments (limit 10) and 4 arrived "
                + "within 90 days (limit 5).");
        assertThat(i6.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void doesNotFireAtNineActiveEstablishments() {
        // Given / When nine businesses register on the object 25 days apart
        final List<RiskSignal> signals = run(Ruleset.load("v1"), registrations(9, 25));

        // Then nothing fires: 9 active, at most 4 new in any 90 days
        assertThat(signals).isEmpty();
    }

    @Test
    void doesNotFireWhenTheFirstLeftBeforeTheTenthArrived() {
        // Given nine businesses registered 25 days apart, the first deregistered on day 210
        final List<BusinessEvent> events = registrations(9, 25);
        events.add(Events.deregistered("60000001", at(day(210)), "OO"));
        // When a tenth registers on day 225
        events.add(registered("60000010", at(day(225)), "20240101", "7022", BAG));

        // Then nothing fires: only 9 are active at the tenth's arrival
        assertThat(run(Ruleset.load("v1"), events)).isEmpty();
    }

    @Test
    void firesOnFiveRegistrationsWithinNinetyDaysInclusive() {
        // Given four registrations on days 0, 30, 60 and 89
        final List<BusinessEvent> arrivals = new ArrayList<>();
        final int[] days = {0, 30, 60, 89};
        for (int i = 0; i < days.length; i++) {
            arrivals.add(registered("6100000" + i, at(day(days[i])), "20240101", "7022", BAG));
        }
        // When a fifth registers exactly 90 days after the first
        arrivals.add(registered("61000004", at(day(90)), "20240101", "7022", BAG));

        // Then I6 fires on the burst of new registrations, citing all five
        final List<RiskSignal> signals = run(Ruleset.load("v1"), arrivals);
        assertThat(signals).hasSize(1);
        assertThat(signals.get(0).getSubject().getId()).isEqualTo(BAG);
        final IndicatorResult i6 = signals.get(0).getIndicators().get(0);
        assertThat(i6.getRuleId()).isEqualTo("I6");
        assertThat(i6.getParameters()).containsEntry("activeEstablishments", "5").containsEntry("newEstablishments", "5");
        assertThat(i6.getEvidence()).extracting(e -> e.getEventId())
                .containsExactlyElementsOf(arrivals.stream().map(BusinessEvent::getEventId).toList());
        assertThat(i6.getExplanationEn()).doesNotContain("{");
        assertThat(i6.getExplanationNl()).doesNotContain("{");
    }

    @Test
    void doesNotFireWhenTheFifthRegistrationIsOneDayOutsideTheWindow() {
        // Given / When registrations on days 0, 30, 60, 89 and 91: any 90-day window holds at most four
        final List<BusinessEvent> arrivals = new ArrayList<>();
        final int[] days = {0, 30, 60, 89, 91};
        for (int i = 0; i < days.length; i++) {
            arrivals.add(registered("6200000" + i, at(day(days[i])), "20240101", "7022", BAG));
        }

        // Then nothing fires
        assertThat(run(Ruleset.load("v1"), arrivals)).isEmpty();
    }

    @Test
    void aMoveInIsActiveButNotNew() {
        // Given four registrations on the object within 30 days, and a business registered elsewhere long before
        final List<BusinessEvent> events = registrations(4, 10);
        events.add(0, registered("63000001", at("2020-05-01"), "20200501", "7022", "0546010000000699"));
        // When that business moves to the object on day 40
        events.add(moved("63000001", at(day(40)), BAG));

        // Then nothing fires: five arrived within 90 days, but only four as new registrations
        assertThat(run(Ruleset.load("v1"), events)).isEmpty();
    }

    @Test
    void anExcludedObjectNeverFires() {
        // Given a ruleset that lists the object as a known multi-tenant business building
        final Ruleset ruleset = withParameter(Ruleset.load("v1"), "excludedBagVboIds", "0546010000000999, " + BAG);
        // When ten businesses register there
        final List<RiskSignal> signals = run(ruleset, registrations(10, 25));

        // Then nothing fires
        assertThat(signals).isEmpty();
    }

    @Test
    void killSwitchSilencesI6() {
        // Given I6 switched off in the ruleset
        final Ruleset ruleset = Ruleset.load("v1").withDisabled("I6");
        // When ten businesses register on the object
        final List<RiskSignal> signals = run(ruleset, registrations(10, 25));

        // Then no signal
        assertThat(signals).isEmpty();
    }

    /** {@code count} registrations on the object, KvK numbers 60000001…, {@code spacing} days apart from day 0. */
    private static List<BusinessEvent> registrations(final int count, final int spacing) {
        final List<BusinessEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(registered(String.format("6000%04d", i + 1), at(day((long) i * spacing)), "20240101", "7022", BAG));
        }
        return events;
    }

    private static String day(final long offset) {
        return START.plusDays(offset).toString();
    }

    private static List<RiskSignal> run(final Ruleset ruleset, final List<BusinessEvent> events) {
        try (DetectionDriver driver = new DetectionDriver(ruleset)) {
            // Stream time moves a month past the last registration, which releases them all
            final Instant last = events.stream().map(BusinessEvent::getOccurredAt).max(Instant::compareTo).orElseThrow();
            driver.pipe(events.toArray(BusinessEvent[]::new)).advanceStreamTimeTo(last.plus(Duration.ofDays(30)));
            assertThat(driver.processed()).as("events processed").isEqualTo(events.size());
            return driver.signals();
        }
    }

    private static Ruleset withParameter(final Ruleset ruleset, final String name, final String value) {
        return new Ruleset(ruleset.version(), ruleset.threshold(), ruleset.findingLifetimeDays(),
                ruleset.lateness(), ruleset.indicators().stream().map(rule -> {
                    if (!rule.id().equals("I6")) {
                        return rule;
                    }
                    final Map<String, String> parameters = new TreeMap<>(rule.parameters());
                    parameters.put(name, value);
                    return new IndicatorRule(rule.id(), rule.name(), rule.nameNl(), rule.version(), rule.enabled(),
                            rule.weight(), rule.subject(), rule.restricted(), rule.legalBasis(), rule.reference(),
                            parameters, rule.explanation());
                }).toList());
    }
}
