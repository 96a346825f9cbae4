package nl.barriere.review;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import nl.barriere.contract.Role;
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

    /** The review app's key in these tests: {@link #decision} signs with it, the test topologies verify with it. */
    static final DecisionSigner SIGNER = new DecisionSigner("a test key of thirty-two bytes!!".getBytes(StandardCharsets.UTF_8));

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

    /** A decision as the review app writes it: by an analyst, signed with {@link #SIGNER}. */
    static ReviewDecision decision(final String signalId, final String reviewer, final ReviewAction action,
                                   final String rationale, final Instant at) {
        return signed(unsigned(signalId, reviewer, action, rationale, at), Role.ANALYST);
    }

    /** A decision as any producer could write it to review.decisions: no roles, no signature. */
    static ReviewDecision unsigned(final String signalId, final String reviewer, final ReviewAction action,
                                   final String rationale, final Instant at) {
        return ReviewDecision.newBuilder().setDecisionId("d-" + SEQUENCE.incrementAndGet()).setSignalId(signalId)
                .setReviewer(reviewer).setAction(action).setRationale(rationale).setDecidedAt(at).build();
    }

    /** {@code decision} with {@code roles}, signed with {@link #SIGNER}, as the desk does for a user with them. */
    static ReviewDecision signed(final ReviewDecision decision, final Role... roles) {
        return SIGNER.sign(ReviewDecision.newBuilder(decision).setRoles(DecisionSigner.roleIds(List.of(roles))).build());
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
