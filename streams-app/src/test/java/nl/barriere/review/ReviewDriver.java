package nl.barriere.review;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import nl.barriere.contract.Topics;
import nl.barriere.platform.TestTopologies;
import java.util.List;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.DeadLetter;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The review topology under {@link TopologyTestDriver}, with a real (in-process) schema registry behind the Avro
 * serdes. Every record is piped with its event time as the record timestamp, as the producers do: a signal's
 * {@code detectedAt}, a decision's {@code decidedAt}, a context's {@code updatedAt}.
 */
final class ReviewDriver implements AutoCloseable {

    private final Map<String, Object> serdeConfig = TestTopologies.serdeConfig();
    private final TopologyTestDriver driver;
    private final TestInputTopic<String, RiskSignal> signals;
    private final TestInputTopic<String, ReviewDecision> decisions;
    private final TestInputTopic<String, RestrictedContext> contexts;
    private final TestOutputTopic<String, FlaggedPermit> flaggedPermits;
    private final TestOutputTopic<byte[], DeadLetter> deadLetters;
    private final TestOutputTopic<String, RiskSignal> signalsOut;
    private final TestInputTopic<String, BibobCaseStep> caseSteps;
    private final TestOutputTopic<byte[], DeadLetter> bibobDeadLetters;
    private final String applicationId = TestTopologies.freshId("review-test");
    private long decisionOffset;

    ReviewDriver(final Duration dismissedRetention) {
        driver = TestTopologies.driver(ReviewTopology.build(serdeConfig, dismissedRetention, Reviews.SIGNER), applicationId);
        signals = driver.createInputTopic(Topics.SIGNALS.name(), Serdes.String().serializer(),
                Topics.SIGNALS.valueSerde(serdeConfig).serializer());
        decisions = driver.createInputTopic(Topics.REVIEW_DECISIONS.name(), Serdes.String().serializer(),
                Topics.REVIEW_DECISIONS.valueSerde(serdeConfig).serializer());
        contexts = driver.createInputTopic(Topics.RESTRICTED_CONTEXT.name(), Serdes.String().serializer(),
                Topics.RESTRICTED_CONTEXT.valueSerde(serdeConfig).serializer());
        flaggedPermits = driver.createOutputTopic(Topics.FLAGGED_PERMITS.name(), Serdes.String().deserializer(),
                Topics.FLAGGED_PERMITS.valueSerde(serdeConfig).deserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), Serdes.ByteArray().deserializer(),
                Topics.DEAD_LETTERS.valueSerde(serdeConfig).deserializer());
        signalsOut = driver.createOutputTopic(Topics.SIGNALS.name(), Serdes.String().deserializer(),
                Topics.SIGNALS.valueSerde(serdeConfig).deserializer());
        caseSteps = driver.createInputTopic(Topics.BIBOB_CASE_STEPS.name(), Serdes.String().serializer(),
                Topics.BIBOB_CASE_STEPS.valueSerde(serdeConfig).serializer());
        bibobDeadLetters = driver.createOutputTopic(Topics.BIBOB_DEAD_LETTERS.name(), Serdes.ByteArray().deserializer(),
                Topics.BIBOB_DEAD_LETTERS.valueSerde(serdeConfig).deserializer());
    }

    ReviewDriver() {
        this(ReviewTopology.DEFAULT_DISMISSED_RETENTION);
    }

    /** Its own application id: the {@code app} label of what it counts in the metrics. */
    String applicationId() {
        return applicationId;
    }

    ReviewDriver signal(final RiskSignal signal) {
        signals.pipeInput(signal.getSignalId(), signal, signal.getDetectedAt());
        return this;
    }

    /** Pipes the decision and returns its offset on review.decisions. */
    long decide(final ReviewDecision decision) {
        decisions.pipeInput(decision.getSignalId(), decision, decision.getDecidedAt());
        return decisionOffset++;
    }

    ReviewDriver context(final RestrictedContext context) {
        contexts.pipeInput(context.getApplicationId(), context, context.getUpdatedAt());
        return this;
    }

    ReviewDriver contextRemoved(final String applicationId, final Instant at) {
        contexts.pipeInput(applicationId, null, at);
        return this;
    }

    TestOutputTopic<String, FlaggedPermit> flaggedPermits() {
        return flaggedPermits;
    }

    /** Writes {@code value} to review.decisions as raw bytes, as a broken or hostile producer could. */
    void pipeRawDecision(final String key, final byte[] value, final Instant at) {
        driver.createInputTopic(Topics.REVIEW_DECISIONS.name(), Serdes.String().serializer(),
                Serdes.ByteArray().serializer()).pipeInput(key, value, at);
    }

    TestOutputTopic<byte[], DeadLetter> deadLetters() {
        return deadLetters;
    }

    /** What the review topology wrote to ondermijning.signals (the tombstones of retention). */
    TestOutputTopic<String, RiskSignal> signalsWritten() {
        return signalsOut;
    }

    Optional<ReviewCase> find(final String signalId) {
        final KeyValueStore<String, RiskSignal> signalStore = driver.getKeyValueStore(ReviewTopology.SIGNALS_STORE);
        final KeyValueStore<String, ReviewDecision> decisionStore = driver.getKeyValueStore(ReviewTopology.DECISIONS_STORE);
        final KeyValueStore<String, String> supersededStore = driver.getKeyValueStore(ReviewTopology.SUPERSEDED_STORE);
        return new ReviewStores(signalStore, decisionStore, supersededStore).find(signalId);
    }

    SignalState state(final String signalId) {
        return find(signalId).orElseThrow().state();
    }

    Optional<String> refusal(final String decisionId) {
        final KeyValueStore<String, String> refusals = driver.getKeyValueStore(ReviewTopology.REFUSALS_STORE);
        return Optional.ofNullable(refusals.get(decisionId));
    }

    /** Pipes a BIBOB officer's step, keyed by its application id, at its own time. */
    ReviewDriver step(final BibobCaseStep step) {
        caseSteps.pipeInput(step.getApplicationId(), step, step.getAt());
        return this;
    }

    TestOutputTopic<byte[], DeadLetter> bibobDeadLetters() {
        return bibobDeadLetters;
    }

    /** The accepted steps on an application, oldest first. */
    List<BibobCaseStep> steps(final String applicationId) {
        return CaseSteps.stepsOf(driver.<String, BibobCaseStep>getKeyValueStore(ReviewTopology.CASE_STEPS_STORE),
                applicationId);
    }

    Optional<String> stepRefusal(final String stepId) {
        final KeyValueStore<String, String> refusals = driver.getKeyValueStore(ReviewTopology.CASE_STEP_REFUSALS_STORE);
        return Optional.ofNullable(refusals.get(stepId));
    }

    /** The decision a dead letter carries in its original bytes. */
    ReviewDecision originalDecision(final DeadLetter letter) {
        final ByteBuffer copy = letter.getOriginalValue().duplicate();
        final byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return Topics.REVIEW_DECISIONS.valueSerde(serdeConfig).deserializer().deserialize(Topics.REVIEW_DECISIONS.name(), bytes);
    }

    @Override
    public void close() {
        driver.close();
    }
}
