package nl.barriere.review;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads a {@link ReviewCase} from the review stores, the same way for the gate (its task's stores) and for the
 * interactive queries (every local task's stores), so both see the same state derived the same way.
 *
 * @param signals      {@link ReviewTopology#SIGNALS_STORE}
 * @param decisions    {@link ReviewTopology#DECISIONS_STORE}
 * @param supersededBy {@link ReviewTopology#SUPERSEDED_STORE}
 */
record ReviewStores(ReadOnlyKeyValueStore<String, RiskSignal> signals,
                    ReadOnlyKeyValueStore<String, ReviewDecision> decisions,
                    ReadOnlyKeyValueStore<String, String> supersededBy) {

    /** Separates the signal id from the sequence number in a decision key; a signal id ({@code sig-} and hex) never has one. */
    static final char SEPARATOR = '#';

    static String decisionKey(final String signalId, final int sequence) {
        return String.format("%s%c%05d", signalId, SEPARATOR, sequence);
    }

    Optional<ReviewCase> find(final String signalId) {
        final RiskSignal signal = signals.get(signalId);
        return signal == null ? Optional.empty() : Optional.of(caseOf(signal));
    }

    ReviewCase caseOf(final RiskSignal signal) {
        final List<ReviewDecision> accepted = decisionsOf(signal.getSignalId());
        return new ReviewCase(signal, Gate.stateOf(accepted), accepted,
                Optional.ofNullable(supersededBy.get(signal.getSignalId())));
    }

    List<ReviewCase> all() {
        final List<ReviewCase> cases = new ArrayList<>();
        try (KeyValueIterator<String, RiskSignal> all = signals.all()) {
            all.forEachRemaining(entry -> cases.add(caseOf(entry.value)));
        }
        return cases;
    }

    /** The accepted decisions on the signal, oldest first (the keys sort by their sequence number). */
    List<ReviewDecision> decisionsOf(final String signalId) {
        final List<ReviewDecision> accepted = new ArrayList<>();
        try (KeyValueIterator<String, ReviewDecision> range =
                     decisions.prefixScan(signalId + SEPARATOR, new StringSerializer())) {
            range.forEachRemaining((KeyValue<String, ReviewDecision> entry) -> accepted.add(entry.value));
        }
        return accepted;
    }
}
