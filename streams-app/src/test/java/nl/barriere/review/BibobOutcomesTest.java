package nl.barriere.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.IndicatorResult;
import org.junit.jupiter.api.Test;

/**
 * The count the analysts' dashboard gets from the Bibob zone: per indicator, escalations that ended in a measure,
 * in none, or are still open; an escalation counts once per indicator, whatever the steps on it say besides.
 */
class BibobOutcomesTest {

    private static final Instant T = Instant.parse("2025-05-01T09:00:00Z");

    @Test
    void eachEscalationCountsOncePerIndicatorUnderHowItsCaseEnded() {
        // Given four flagged permits with I7 and I11: one refused, one with conditions, one without measure (and a
        // note after it), one only acknowledged; and a fifth with I11 twice, not yet touched
        final List<FlaggedPermit> permits = new ArrayList<>(List.of(permit("A"), permit("B"), permit("C"), permit("D")));
        final IndicatorResult i11 = permit("E").getIndicators().get(1);
        permits.add(permit("E", List.of(i11, i11)));
        final Map<String, List<BibobCaseStep>> steps = Map.of(
                "A", List.of(step("A", BibobStepType.DECIDED, BibobOutcome.PERMIT_REFUSED)),
                "B", List.of(step("B", BibobStepType.ACKNOWLEDGED, null),
                        step("B", BibobStepType.DECIDED, BibobOutcome.CONDITIONS_ATTACHED)),
                "C", List.of(step("C", BibobStepType.DECIDED, BibobOutcome.NO_MEASURE),
                        step("C", BibobStepType.NOTE, null)),
                "D", List.of(step("D", BibobStepType.ACKNOWLEDGED, null)));

        // When they are counted
        final List<BibobOutcomes.IndicatorOutcomes> counts =
                BibobOutcomes.byIndicator(permits, id -> steps.getOrDefault(id, List.of()));

        // Then per rule id: two measures, one without, and the open ones (I11 once for E, not twice)
        assertThat(counts).containsExactly(
                new BibobOutcomes.IndicatorOutcomes("I11", 2, 1, 2),
                new BibobOutcomes.IndicatorOutcomes("I7", 2, 1, 1));
        assertThat(counts.get(0).escalations()).isEqualTo(5);
    }

    @Test
    void noFlaggedPermitsCountNothing() {
        assertThat(BibobOutcomes.byIndicator(List.of(), id -> List.of())).isEmpty();
    }

    private static FlaggedPermit permit(final String applicationId) {
        return permit(applicationId, Reviews.permitSignal(Reviews.signalId(), applicationId, T).getIndicators());
    }

    private static FlaggedPermit permit(final String applicationId, final List<IndicatorResult> indicators) {
        return FlaggedPermit.newBuilder().setApplicationId(applicationId).setSignalId("sig-" + applicationId)
                .setIndicators(indicators).setEscalatedBy("analyst-a")
                .setEscalationRationale(Reviews.RATIONALE_50).setEscalatedAt(T).setConfirmedBy("analyst-b")
                .setConfirmationRationale(Reviews.RATIONALE_50).setConfirmedAt(T).build();
    }

    private static BibobCaseStep step(final String applicationId, final BibobStepType type, final BibobOutcome outcome) {
        return BibobCaseStep.newBuilder().setStepId(applicationId + type).setApplicationId(applicationId)
                .setSignalId("sig").setBibobOfficer("bibob-1").setRoles(List.of("bibob-officer")).setStep(type)
                .setNote(type == BibobStepType.NOTE ? "a note" : "").setOutcome(outcome).setAt(T).build();
    }
}
