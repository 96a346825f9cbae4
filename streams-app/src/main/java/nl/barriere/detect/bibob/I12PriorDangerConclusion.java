package nl.barriere.detect.bibob;

import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import nl.barriere.detect.Ruleset;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.detect.bibob.BibobFacts.Application;
import nl.barriere.detect.bibob.BibobFacts.Conclusion;
import nl.barriere.detect.bibob.BibobFacts.Match;
import nl.barriere.schema.DangerLevel;
import nl.barriere.schema.MatchBasis;
import nl.barriere.schema.RestrictedContext;

/**
 * I12 — prior danger conclusion [eerdere gevaarsconclusie], Bibob zone only (DOMAIN.md §5 I12; S17, S47).
 *
 * <p>For a permit application {@code a}, evaluated as of time {@code t}:
 * <pre>
 *   subjects(a) = { (APPLICANT, a.applicantKvkNumber) }
 *               ∪ { (OFFICER, o)  | o an officer of the applicant with appointed ≤ a.submittedAt &lt; resigned }
 *               ∪ { (MANAGER, m)  | m ∈ a.managerPseudonyms }
 *   latest(c, s, t) = the conclusion of case c on subject s with the greatest (concludedAt, eventId),
 *                     among those with concludedAt ≤ t
 *   matches(a, t) = { (c, basis, s, latest(c, s, t)) | (basis, s) ∈ subjects(a),
 *                                                     latest(c, s, t).level ∈ conclusions }
 * </pre>
 * A conclusion is the {@code adviceOutcome} of an LBB_ADVICE_RECEIVED or DECIDED case event; {@code conclusions}
 * (a ruleset parameter, {@code SERIOUS_DANGER} in v1) lists the levels that count. Within one case only the latest
 * conclusion counts: the LBB advice is not binding, and the municipality's decision that follows it is what the
 * Bibob register holds. A subject is a KvK number or a person pseudonym; an officer that is itself a business is
 * matched by its KvK number. Window: the register's lifetime, so no time limit backwards.
 *
 * <p>Officers are taken at the submission because that is the applicant the municipality assesses; an officer
 * who resigned before it is not the applicant's officer any more. Matching an establishment (the schema's
 * {@code ESTABLISHMENT}) needs an establishment number on the case event, which the contract does not have yet.
 *
 * <p>The result is never a signal and never scored (weight 0): it is context for the BIBOB officer who already
 * has the application in front of them (DESIGN.md §2 rule 6).
 */
final class I12PriorDangerConclusion {

    static final String ID = "I12";

    private static final Map<MatchBasis, String> BASIS_NL = Map.of(MatchBasis.APPLICANT, "aanvrager",
            MatchBasis.ESTABLISHMENT, "vestiging", MatchBasis.OFFICER, "functionaris", MatchBasis.MANAGER, "leidinggevende");
    private static final Map<MatchBasis, String> BASIS_EN = Map.of(MatchBasis.APPLICANT, "applicant",
            MatchBasis.ESTABLISHMENT, "establishment", MatchBasis.OFFICER, "officer", MatchBasis.MANAGER, "manager");
    private static final Map<DangerLevel, String> LEVEL_NL = Map.of(DangerLevel.NO_DANGER, "geen gevaar",
            DangerLevel.LESSER_DANGER, "mindere mate van gevaar", DangerLevel.SERIOUS_DANGER, "ernstig gevaar");
    private static final Map<DangerLevel, String> LEVEL_EN = Map.of(DangerLevel.NO_DANGER, "no danger",
            DangerLevel.LESSER_DANGER, "lesser danger", DangerLevel.SERIOUS_DANGER, "serious danger");

    private final IndicatorRule rule;
    private final Set<DangerLevel> conclusions;

    I12PriorDangerConclusion(final Ruleset ruleset) {
        this.rule = ruleset.rule(ID).orElseThrow(
                () -> new IllegalArgumentException("ruleset " + ruleset.version() + " has no " + ID + " entry"));
        this.conclusions = EnumSet.noneOf(DangerLevel.class);
        for (final String level : rule.listParam("conclusions")) {
            try {
                conclusions.add(DangerLevel.valueOf(level));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("ruleset: indicator " + ID + " parameter 'conclusions' names an "
                        + "unknown level '" + level + "'", e);
            }
        }
    }

    /** The kill switch (DESIGN.md §2 rule 9): a disabled I12 matches nothing. */
    boolean enabled() {
        return rule.enabled();
    }

    /** {@code matches(a, t)} of the class comment, oldest first. */
    List<Match> matches(final Application application, final BibobState state, final long asOf) {
        final List<Match> matches = new ArrayList<>();
        if (!enabled()) {
            return matches;
        }
        addMatches(matches, MatchBasis.APPLICANT, application.applicantKvkNumber(), state, asOf);
        for (final String officer : state.officersAt(application.applicantKvkNumber(), application.submittedAt())) {
            addMatches(matches, MatchBasis.OFFICER, officer, state, asOf);
        }
        for (final String manager : application.managers().stream().distinct().sorted().toList()) {
            addMatches(matches, MatchBasis.MANAGER, manager, state, asOf);
        }
        matches.sort(Match.ORDER);
        return matches;
    }

    /** The context a BIBOB officer sees for the application: every match, explained in Dutch and English. */
    RestrictedContext context(final String applicationId, final List<Match> matches, final long updatedAt) {
        return RestrictedContext.newBuilder()
                .setApplicationId(applicationId)
                .setRuleId(ID)
                .setRuleVersion(rule.version())
                .setExplanationNl(explain(rule.explanation().nl(), matches, BASIS_NL, LEVEL_NL))
                .setExplanationEn(explain(rule.explanation().en(), matches, BASIS_EN, LEVEL_EN))
                .setMatches(matches.stream().map(Match::toAvro).toList())
                .setUpdatedAt(Instant.ofEpochMilli(updatedAt))
                .build();
    }

    private void addMatches(final List<Match> into, final MatchBasis basis, final String subject, final BibobState state,
                            final long asOf) {
        final Map<String, Conclusion> latestByCase = new TreeMap<>();
        for (final Conclusion c : state.conclusions(subject)) {
            if (c.concludedAt() > asOf) {
                continue;
            }
            latestByCase.merge(c.caseId(), c, (a, b) -> isLater(b, a) ? b : a);
        }
        latestByCase.values().stream().filter(c -> conclusions.contains(c.level())).forEach(c ->
                into.add(new Match(c.caseId(), basis, subject, c.level(), c.concludedAt(), c.evidence())));
    }

    private static boolean isLater(final Conclusion candidate, final Conclusion current) {
        if (candidate.concludedAt() != current.concludedAt()) {
            return candidate.concludedAt() > current.concludedAt();
        }
        return candidate.evidence().eventId().compareTo(current.evidence().eventId()) > 0;
    }

    /** One sentence per match, from the ruleset's template, in the order of the matches. */
    private static String explain(final String template, final List<Match> matches, final Map<MatchBasis, String> bases,
                                  final Map<DangerLevel, String> levels) {
        final List<String> sentences = new ArrayList<>();
        for (final Match m : matches) {
            sentences.add(Ruleset.Explanation.fill(template, Map.of("conclusion", levels.get(m.conclusion()), "caseId", m.caseId(),
                    "matchedOn", bases.get(m.matchedOn()), "matchedId", m.matchedId())));
        }
        return String.join(" ", sentences);
    }

}
