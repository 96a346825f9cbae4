package nl.barriere.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import nl.barriere.detect.Ruleset;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.DangerMatch;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.MatchBasis;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;

/** Signals and restricted context for web tests, with explicit ids, scores and event times. */
final class Signals {

    private Signals() {}

    static IndicatorResult indicator(final String ruleId, final int weight, final EvidenceRef... evidence) {
        return new IndicatorResult(ruleId, 1, weight, Map.of("windowDays", "183", "observed", "2"),
                "Uitleg " + ruleId + " in het Nederlands.", "Explanation " + ruleId + " in English.", List.of(evidence));
    }

    static EvidenceRef ref(final String eventId, final String topic, final long offset, final Instant at) {
        return new EvidenceRef(eventId, topic, 0, offset, at);
    }

    static RiskSignal signal(final String id, final SubjectType type, final String subjectId, final Instant detectedAt,
                             final String supersedes, final IndicatorResult... indicators) {
        int score = 0;
        for (final IndicatorResult indicator : indicators) {
            score += indicator.getWeight();
        }
        return new RiskSignal(id, new SignalSubject(type, subjectId), List.of(indicators), score, "v1", detectedAt, supersedes,
                Ruleset.load("v1").digest());
    }

    static RestrictedContext restricted(final String applicationId, final String caseId, final Instant at) {
        return new RestrictedContext(applicationId, "I12", 1, "Eerdere ernstig-gevaarconclusie voor de aanvrager.",
                "Earlier serious-danger conclusion for the applicant.",
                List.of(new DangerMatch(caseId, MatchBasis.APPLICANT, "12345678", DangerLevel.SERIOUS_DANGER, at,
                        new EvidenceRef("bib-000000001", "bibob.case-events", 0, 3L, at))), at);
    }
}
