package nl.barriere.review;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.DangerMatch;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.MatchBasis;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;

/** Signals, decisions and restricted contexts for review tests, with the fields that matter as arguments. */
final class Reviews {

    /** A rationale of exactly 50 characters: the shortest an escalation or confirmation may have. */
    static final String RATIONALE_50 = "Officer churn and a fresh applicant at one address";
    static final String RATIONALE_49 = RATIONALE_50.substring(0, 49);

    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private Reviews() {}

    static String signalId() {
        return String.format("sig-%032x", SEQUENCE.incrementAndGet());
    }

    static RiskSignal signal(final String signalId, final SubjectType type, final String subjectId,
                             final Instant detectedAt, final String supersedes) {
        final IndicatorResult i7 = IndicatorResult.newBuilder().setRuleId("I7").setRuleVersion(1).setWeight(2)
                .setParameters(Map.of("changes", "3", "windowMonths", "12"))
                .setExplanationNl("Drie bestuurswisselingen in twaalf maanden.")
                .setExplanationEn("Three officer changes in twelve months.")
                .setEvidence(List.of(
                        new EvidenceRef("kvk-1", "kvk.business-events", 0, 17L, detectedAt.minusSeconds(86_400 * 30)),
                        new EvidenceRef("kvk-2", "kvk.business-events", 0, 42L, detectedAt)))
                .build();
        final IndicatorResult i11 = IndicatorResult.newBuilder().setRuleId("I11").setRuleVersion(1).setWeight(2)
                .setParameters(Map.of("startMonths", "3"))
                .setExplanationNl("Aanvrager korter dan drie maanden ingeschreven.")
                .setExplanationEn("Applicant registered less than three months ago.")
                .setEvidence(List.of(new EvidenceRef("hor-1", "horeca.permit-events", 0, 5L, detectedAt)))
                .build();
        return RiskSignal.newBuilder().setSignalId(signalId).setSubject(new SignalSubject(type, subjectId))
                .setIndicators(List.of(i7, i11)).setScore(4).setRulesetVersion("v1").setDetectedAt(detectedAt)
                .setSupersedes(supersedes).build();
    }

    static RiskSignal permitSignal(final String signalId, final String applicationId, final Instant detectedAt) {
        return signal(signalId, SubjectType.PERMIT_APPLICATION, applicationId, detectedAt, null);
    }

    static ReviewDecision decision(final String signalId, final String reviewer, final ReviewAction action,
                                   final String rationale, final Instant at) {
        return ReviewDecision.newBuilder().setDecisionId("d-" + SEQUENCE.incrementAndGet()).setSignalId(signalId)
                .setReviewer(reviewer).setAction(action).setRationale(rationale).setDecidedAt(at).build();
    }

    static RestrictedContext context(final String applicationId, final String caseId, final Instant updatedAt) {
        final DangerMatch match = DangerMatch.newBuilder().setCaseId(caseId).setMatchedOn(MatchBasis.APPLICANT)
                .setMatchedId("12345678").setConclusion(DangerLevel.SERIOUS_DANGER).setConcludedAt(updatedAt)
                .setEvidence(new EvidenceRef("bib-1", "bibob.case-events", 0, 3L, updatedAt)).build();
        return RestrictedContext.newBuilder().setApplicationId(applicationId).setRuleId("I12").setRuleVersion(1)
                .setExplanationNl("Eerdere gevaarsconclusie voor de aanvrager.")
                .setExplanationEn("Earlier danger conclusion for the applicant.")
                .setMatches(List.of(match)).setUpdatedAt(updatedAt).build();
    }
}
