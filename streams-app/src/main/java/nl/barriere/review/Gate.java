package nl.barriere.review;

import java.util.List;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;

/**
 * The four-eyes gate (DESIGN.md §2 rule 1, §7) as a pure function: given what is known of a signal (its accepted
 * decisions so far, whether a newer signal superseded it), may this reviewer take this action with this
 * rationale? The review topology asks it for every decision on {@code review.decisions}, which is what counts;
 * {@link DecisionDesk} asks it first too, so the user reads the same refusal at once.
 *
 * <p>Transitions (anything else is refused):
 * <pre>
 *   OPEN            ─ DISMISS ─────────────► DISMISSED
 *   OPEN            ─ REQUEST_INFO ────────► INFO_REQUESTED
 *   OPEN, INFO_REQ. ─ ESCALATE (A) ────────► ESCALATION_PENDING
 *   INFO_REQUESTED  ─ DISMISS ─────────────► DISMISSED
 *   ESCALATION_PEND ─ CONFIRM_ESCALATION (B ≠ A) ─► ESCALATED
 *   ESCALATION_PEND ─ REJECT_ESCALATION  (B ≠ A) ─► OPEN
 * </pre>
 * ESCALATE and CONFIRM_ESCALATION need a rationale of at least {@value #MIN_RATIONALE} characters after trimming;
 * every other action needs a non-blank one, so that every decision in the audit trail says why. DISMISSED and
 * ESCALATED are final, and a superseded signal takes no decision at all: the newer signal is the one to review.
 */
final class Gate {

    static final int MIN_RATIONALE = DecisionDesk.MIN_RATIONALE;

    /**
     * What the gate says: accepted with the state the signal is in afterwards, or refused with the reason, in words
     * for the user, and its {@code code}, a short fixed name for counting refusals ({@code four-eyes},
     * {@code rationale-too-short}, …) that never carries a name or an id.
     */
    public record Verdict(boolean accepted, SignalState next, String reason, String code) {

        static Verdict accept(final SignalState next) {
            return new Verdict(true, next, "", "");
        }

        static Verdict refuse(final String code, final String reason) {
            return new Verdict(false, null, reason, code);
        }
    }

    private Gate() {}

    /** The state the accepted {@code decisions} (oldest first) lead to, starting from OPEN. */
    public static SignalState stateOf(final List<ReviewDecision> decisions) {
        SignalState state = SignalState.OPEN;
        for (final ReviewDecision decision : decisions) {
            state = after(decision.getAction());
        }
        return state;
    }

    /**
     * @param decisions  the decisions accepted on the signal so far, oldest first
     * @param superseded whether a newer signal names this one in its {@code supersedes}
     * @param reviewer   the authenticated user taking the decision
     * @param action     what they decided
     * @param rationale  why, in their words
     */
    public static Verdict check(final List<ReviewDecision> decisions, final boolean superseded, final String reviewer,
                                final ReviewAction action, final String rationale) {
        if (reviewer == null || reviewer.isBlank()) {
            return Verdict.refuse("no-reviewer", "a decision needs an authenticated reviewer");
        }
        if (action == null) {
            return Verdict.refuse("no-action", "a decision needs an action");
        }
        final SignalState state = stateOf(decisions);
        if (!decisions.isEmpty()) {
            final ReviewDecision last = decisions.get(decisions.size() - 1);
            if (last.getReviewer().equals(reviewer) && last.getAction() == action) {
                return Verdict.refuse("repeated", "repeated decision: " + reviewer + " already took " + action
                        + " on this signal"
                        + " (decision " + last.getDecisionId() + "); it is recorded once");
            }
        }
        if (superseded) {
            return Verdict.refuse("superseded",
                    "the signal was superseded by a newer signal for the same subject; review that one");
        }
        if (state == SignalState.DISMISSED || state == SignalState.ESCALATED) {
            return Verdict.refuse("final", "the signal is already " + state + "; no further decision is possible");
        }
        final Verdict refusal = refusalInState(decisions, state, reviewer, action);
        if (refusal != null) {
            return refusal;
        }
        final String trimmed = rationale == null ? "" : rationale.strip();
        if (DecisionDesk.needsLongRationale(action) && trimmed.length() < MIN_RATIONALE) {
            return Verdict.refuse("rationale-too-short", action + " needs a rationale of at least " + MIN_RATIONALE
                    + " characters; this one has " + trimmed.length());
        }
        if (trimmed.isEmpty()) {
            return Verdict.refuse("no-rationale", action + " needs a rationale");
        }
        return Verdict.accept(after(action));
    }

    /** The open escalation on a signal in ESCALATION_PENDING: the newest ESCALATE among the decisions. */
    static ReviewDecision pendingEscalation(final List<ReviewDecision> decisions) {
        for (int i = decisions.size() - 1; i >= 0; i--) {
            if (decisions.get(i).getAction() == ReviewAction.ESCALATE) {
                return decisions.get(i);
            }
        }
        throw new IllegalStateException("no escalation among " + decisions.size() + " decisions");
    }

    private static Verdict refusalInState(final List<ReviewDecision> decisions, final SignalState state,
                                         final String reviewer, final ReviewAction action) {
        switch (action) {
            case DISMISS:
            case ESCALATE:
                return state == SignalState.ESCALATION_PENDING ? Verdict.refuse("escalation-pending",
                        "an escalation is pending; a second analyst confirms or rejects it first") : null;
            case REQUEST_INFO:
                if (state == SignalState.INFO_REQUESTED) {
                    return Verdict.refuse("info-already-requested", "information was already requested on this signal");
                }
                return state == SignalState.ESCALATION_PENDING ? Verdict.refuse("escalation-pending",
                        "an escalation is pending; a second analyst confirms or rejects it first") : null;
            case CONFIRM_ESCALATION:
            case REJECT_ESCALATION:
                if (state != SignalState.ESCALATION_PENDING) {
                    return Verdict.refuse("no-pending-escalation", "there is no pending escalation to "
                            + (action == ReviewAction.CONFIRM_ESCALATION ? "confirm" : "reject")
                            + " (the signal is " + state + ")");
                }
                final String escalator = pendingEscalation(decisions).getReviewer();
                return escalator.equals(reviewer)
                        ? Verdict.refuse("four-eyes", "four eyes: " + reviewer
                                + " escalated this signal and cannot also "
                                + (action == ReviewAction.CONFIRM_ESCALATION ? "confirm" : "reject")
                                + " it; a different analyst must")
                        : null;
            default:
                throw new IllegalArgumentException("unknown action " + action);
        }
    }

    private static SignalState after(final ReviewAction action) {
        switch (action) {
            case DISMISS:
                return SignalState.DISMISSED;
            case REQUEST_INFO:
                return SignalState.INFO_REQUESTED;
            case ESCALATE:
                return SignalState.ESCALATION_PENDING;
            case CONFIRM_ESCALATION:
                return SignalState.ESCALATED;
            case REJECT_ESCALATION:
                return SignalState.OPEN;
            default:
                throw new IllegalArgumentException("unknown action " + action);
        }
    }
}
