package nl.barriere.review;

import java.util.List;
import java.util.Optional;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;

/**
 * One signal as the review app knows it: the signal, its state derived from the decisions, the decisions in the
 * order they were taken, and the newer signal for the same subject if one superseded it.
 *
 * @param signal       the signal, unchanged since detection emitted it
 * @param state        derived from {@code decisions}
 * @param decisions    every accepted decision on this signal, oldest first
 * @param supersededBy id of the newer signal whose {@code supersedes} names this one
 */
public record ReviewCase(RiskSignal signal, SignalState state, List<ReviewDecision> decisions,
                         Optional<String> supersededBy) {

    public String signalId() {
        return signal.getSignalId();
    }
}
