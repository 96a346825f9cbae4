package nl.barriere.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@link ReviewQueries} by interactive queries on this instance's stores: the partitions it is active for and the
 * ones it keeps a standby replica of. Review runs with a standby replica of every task on every other instance
 * ({@link ReviewApp}), so each instance holds all of the review state and every page is complete on each of them,
 * at most a commit interval (about a second) behind on the partitions another instance is active for. While the
 * application starts or rebalances a store can be unreadable for a moment; a query then fails with
 * {@link ReviewUnavailableException} rather than answering with an empty queue that would look like "nothing to
 * review".
 */
final class StoreQueries implements ReviewQueries {

    private static final Comparator<ReviewCase> QUEUE_ORDER = Comparator
            .comparingInt((ReviewCase c) -> c.signal().getScore()).reversed()
            .thenComparing((ReviewCase c) -> c.signal().getDetectedAt(), Comparator.reverseOrder())
            .thenComparing(ReviewCase::signalId);

    private final KafkaStreams streams;

    StoreQueries(final KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public List<ReviewCase> cases() {
        final List<ReviewCase> cases = new ArrayList<>(stores().all());
        cases.sort(QUEUE_ORDER);
        return cases;
    }

    @Override
    public Optional<ReviewCase> find(final String signalId) {
        return signalId == null ? Optional.empty() : stores().find(signalId);
    }

    @Override
    public List<FlaggedPermit> flaggedPermits() {
        final List<FlaggedPermit> permits = new ArrayList<>();
        try (KeyValueIterator<String, FlaggedPermit> all =
                     this.<FlaggedPermit>store(ReviewTopology.FLAGGED_PERMITS_STORE).all()) {
            all.forEachRemaining(entry -> permits.add(entry.value));
        }
        permits.sort(Comparator.comparing(FlaggedPermit::getConfirmedAt, Comparator.reverseOrder())
                .thenComparing(FlaggedPermit::getSignalId));
        return permits;
    }

    @Override
    public List<BibobCaseStep> caseSteps(final String applicationId) {
        return applicationId == null ? List.of()
                : CaseSteps.stepsOf(this.<BibobCaseStep>store(ReviewTopology.CASE_STEPS_STORE), applicationId);
    }

    /** Why the case-step gate refused the step, if it did. */
    Optional<String> stepRefusal(final String stepId) {
        return Optional.ofNullable(this.<String>store(ReviewTopology.CASE_STEP_REFUSALS_STORE).get(stepId));
    }

    /** Why the gate refused the decision, if it did. */
    Optional<String> refusal(final String decisionId) {
        return Optional.ofNullable(this.<String>store(ReviewTopology.REFUSALS_STORE).get(decisionId));
    }

    ReviewStores stores() {
        final ReadOnlyKeyValueStore<String, RiskSignal> signals = store(ReviewTopology.SIGNALS_STORE);
        final ReadOnlyKeyValueStore<String, ReviewDecision> decisions = store(ReviewTopology.DECISIONS_STORE);
        final ReadOnlyKeyValueStore<String, String> supersededBy = store(ReviewTopology.SUPERSEDED_STORE);
        return new ReviewStores(signals, decisions, supersededBy);
    }

    private <V> ReadOnlyKeyValueStore<String, V> store(final String name) {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(name, QueryableStoreTypes.<String, V>keyValueStore())
                    .enableStaleStores());
        } catch (InvalidStateStoreException e) {
            throw new ReviewUnavailableException("the review stores cannot be read now (the review app is "
                    + streams.state() + "); try again in a moment", e);
        }
    }
}
