package nl.barriere.review;

import java.nio.charset.StandardCharsets;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topics;
import nl.barriere.platform.Metrics;
import nl.barriere.schema.BibobCaseStep;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gate for the BIBOB officers' steps on flagged permits ({@code bibob.case-steps}), in the Bibob zone of the
 * review app. A step is accepted only with the review app's signature ({@link DecisionSigner}) over the officer,
 * the roles that user held and every field, only from a bibob-officer, and only as {@link CaseSteps#check} allows
 * (a DECIDED names its outcome); an accepted step is kept per application id in {@value ReviewTopology#CASE_STEPS_STORE}
 * beside the earlier ones. A refused step stays on {@code bibob.case-steps} as written and is answered with a dead
 * letter naming why on {@code bibob.dead-letters}: a step is Bibob information (art. 28 Wet Bibob), so neither it
 * nor the reason goes to the analysts' dead letters.
 *
 * <p>The steps are keyed by application id, not signal id, so this processor does not share a task with the
 * four-eyes gate and does not look the flagged permit up: the desk writes steps only on a flagged permit it shows,
 * and the signature proves the desk wrote it.
 */
final class BibobCaseStepProcessor implements Processor<byte[], byte[], byte[], Object> {

    private static final Logger LOG = LoggerFactory.getLogger(BibobCaseStepProcessor.class);

    private final Deserializer<BibobCaseStep> deserializer;
    private final DecisionSigner signer;
    private ProcessorContext<byte[], Object> context;
    private KeyValueStore<String, BibobCaseStep> steps;
    private KeyValueStore<String, String> refusals;

    BibobCaseStepProcessor(final Deserializer<BibobCaseStep> deserializer, final DecisionSigner signer) {
        this.deserializer = deserializer;
        this.signer = signer;
    }

    @Override
    public void init(final ProcessorContext<byte[], Object> context) {
        this.context = context;
        steps = context.getStateStore(ReviewTopology.CASE_STEPS_STORE);
        refusals = context.getStateStore(ReviewTopology.CASE_STEP_REFUSALS_STORE);
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        if (record.value() == null) {
            deadLetter(record, "tombstone", "a tombstone on " + Topics.BIBOB_CASE_STEPS.name()
                    + ", whose steps are never rewritten");
            return;
        }
        final BibobCaseStep step;
        try {
            step = deserializer.deserialize(Topics.BIBOB_CASE_STEPS.name(), record.value());
        } catch (SerializationException e) {
            deadLetter(record, "undecodable", "cannot decode the case step: " + e.getMessage());
            return;
        }
        final CaseSteps.Verdict verdict = verdict(record, step);
        if (!verdict.accepted()) {
            Metrics.gateRefusal(context.applicationId(), "stream", verdict.code());
            refusals.put(step.getStepId(), verdict.reason());
            deadLetter(record, "refused", "case step " + step.getStepId() + " by "
                    + ReviewGateProcessor.shown(step.getBibobOfficer()) + " (" + step.getStep() + ") on "
                    + step.getApplicationId() + " refused: " + verdict.reason());
            return;
        }
        final int sequence = CaseSteps.stepsOf(steps, step.getApplicationId()).size();
        steps.put(CaseSteps.stepKey(step.getApplicationId(), sequence), step);
    }

    private CaseSteps.Verdict verdict(final Record<byte[], byte[]> record, final BibobCaseStep step) {
        if (step.getSignature() == null) {
            return CaseSteps.Verdict.refused("unsigned", "it carries no signature, so it was not written by the review app");
        }
        if (!signer.verifies(step)) {
            return CaseSteps.Verdict.refused("bad-signature",
                    "its signature does not check out (not written by the review app, or altered)");
        }
        final String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        if (!step.getApplicationId().equals(key)) {
            return CaseSteps.Verdict.refused("wrong-key", "a step on " + step.getApplicationId() + " arrived under key "
                    + key + "; case steps are keyed by application id");
        }
        return CaseSteps.check(CaseSteps.stepsOf(steps, step.getApplicationId()), step);
    }

    private void deadLetter(final Record<byte[], byte[]> record, final String code, final String reason) {
        final RecordMetadata source = context.recordMetadata().orElseThrow();
        Metrics.deadLetter(context.applicationId(), ReviewTopology.CASE_STEPS_STAGE, code, source.topic());
        // Only the code is logged: the reason names a Bibob case and an officer, and the log is not restricted.
        LOG.warn("bibob case steps: {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), code);
        context.forward(new Record<>(record.key(), (Object) DeadLetters.of(source.topic(), source.partition(),
                source.offset(), ReviewTopology.CASE_STEPS_STAGE, reason, record.key(), record.value(),
                record.timestamp()), record.timestamp()), ReviewTopology.WRITE_CASE_STEP_DEAD_LETTERS);
    }
}
