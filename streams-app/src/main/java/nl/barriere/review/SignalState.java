package nl.barriere.review;

/**
 * Where a signal stands in review (DESIGN.md §7). Derived from the decisions on the signal, never stored beside
 * them: OPEN → (INFO_REQUESTED) → ESCALATION_PENDING → ESCALATED, or DISMISSED; REJECT_ESCALATION returns a
 * pending escalation to OPEN.
 */
public enum SignalState {
    OPEN, INFO_REQUESTED, ESCALATION_PENDING, ESCALATED, DISMISSED
}
