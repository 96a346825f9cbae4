package nl.barriere.review;

import java.nio.charset.StandardCharsets;
import nl.barriere.contract.DeadLetters;
import nl.barriere.platform.Metrics;
import nl.barriere.schema.ReviewDecision;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keys every decision by the signal id it names, for the repartition topic that brings it to the task holding that
 * signal. The gate then depends on what the decision says, not on the partition its producer chose: a producer
 * with another partitioner (librdkafka's default hashes keys with CRC32, Java's with murmur2) or one that picks a
 * partition itself still reaches the right signal. The origin on {@code review.decisions} travels in headers
 * ({@link DecisionOrigin}).
 *
 * <p>What cannot be routed is dead-lettered here, from the record as it lies on {@code review.decisions}: a
 * tombstone (the topic is never rewritten) and a value that does not decode as a decision.
 */
final class DecisionsBySignal implements Processor<byte[], byte[], byte[], Object> {

    private static final Logger LOG = LoggerFactory.getLogger(DecisionsBySignal.class);

    private final Deserializer<ReviewDecision> decisionDeserializer;
    private ProcessorContext<byte[], Object> context;

    DecisionsBySignal(final Deserializer<ReviewDecision> decisionDeserializer) {
        this.decisionDeserializer = decisionDeserializer;
    }

    @Override
    public void init(final ProcessorContext<byte[], Object> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final RecordMetadata source = context.recordMetadata().orElseThrow();
        if (record.value() == null) {
            deadLetter(record, source, "tombstone", "empty value (tombstone) on review.decisions, which is never rewritten");
            return;
        }
        final ReviewDecision decision;
        try {
            decision = decisionDeserializer.deserialize(source.topic(), record.value());
        } catch (SerializationException e) {
            deadLetter(record, source, "undecodable", "cannot decode the decision: " + e.getMessage());
            return;
        }
        final DecisionOrigin origin = new DecisionOrigin(source.partition(), source.offset(), record.key());
        context.forward(record.withKey(decision.getSignalId().getBytes(StandardCharsets.UTF_8))
                        .withValue((Object) record.value()).withHeaders(origin.addTo(record.headers())),
                ReviewTopology.DECISIONS_BY_SIGNAL_ENTRY);
    }

    private void deadLetter(final Record<byte[], byte[]> record, final RecordMetadata source, final String code,
                            final String reason) {
        Metrics.deadLetter(context.applicationId(), ReviewTopology.STAGE, code, source.topic());
        LOG.warn("review gate: {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        context.forward(new Record<>(record.key(), (Object) DeadLetters.of(source.topic(), source.partition(),
                source.offset(), ReviewTopology.STAGE, reason, record.key(), record.value(), record.timestamp()),
                record.timestamp()), ReviewTopology.WRITE_DECISION_DEAD_LETTERS);
    }
}
