package nl.barriere.review;

import java.util.Set;
import nl.barriere.contract.Role;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import nl.barriere.schema.ReviewAction;

/**
 * Where the web layer hands in what a logged-in user did. A decision is checked against the signal's current
 * state first, so the user gets a clear refusal at once; the review gate checks it again in the stream, which
 * is what counts. Every accepted decision is also an access event (DESIGN.md rule 8).
 */
public interface DecisionDesk {

    /**
     * Fewest characters, after trimming, of the rationale of an escalation and of its confirmation (DESIGN.md rule 1):
     * the form says it before submitting, the gate enforces it.
     */
    int MIN_RATIONALE = 50;

    /** Whether {@code action} needs a rationale of {@link #MIN_RATIONALE} characters rather than just a non-blank one. */
    static boolean needsLongRationale(final ReviewAction action) {
        return action == ReviewAction.ESCALATE || action == ReviewAction.CONFIRM_ESCALATION;
    }

    /** The answer to a decision: accepted (with the decision id) or refused with a message for the user. */
    record Outcome(boolean accepted, String decisionId, String message) {

        public static Outcome accepted(final String decisionId) {
            return new Outcome(true, decisionId, "");
        }

        public static Outcome refused(final String message) {
            return new Outcome(false, "", message);
        }
    }

    /**
     * Records a decision by an authenticated analyst; returns once the review store shows it (or a timeout),
     * so the page the user sees next already has it.
     *
     * @param user  the id of the logged-in user, as their session knows it
     * @param roles the roles that session holds; the decision is signed with them and only an analyst's counts
     */
    Outcome decide(String user, Set<Role> roles, String signalId, ReviewAction action, String rationale);

    /**
     * Records a BIBOB officer's step on a flagged permit (status, note, outcome); returns once the review store shows
     * it (or a timeout). Refused at once when {@code roles} lack bibob-officer, the application has no flagged
     * permit, or the step breaks {@link CaseSteps}' rules; the stream's gate checks it again.
     *
     * @param outcome the outcome of a {@link BibobStepType#DECIDED}, null for every other step
     */
    Outcome recordStep(String user, Set<Role> roles, String applicationId, BibobStepType step, BibobOutcome outcome,
                       String note);

    /** Records that {@code user}, acting as {@code role}, looked at or exported something about a signal. */
    void recordAccess(String user, String role, String signalId, AccessAction action, String detail);
}
