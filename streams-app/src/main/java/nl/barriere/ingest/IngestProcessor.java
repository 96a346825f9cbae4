package nl.barriere.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topic;
import nl.barriere.platform.Metrics;
import nl.barriere.schema.DeadLetter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes and validates every input record. A record that cannot be decoded or breaks a rule becomes a dead
 * letter with the reason, its source topic, partition and offset and its original bytes; every other record is
 * handed on. Nothing is dropped and nothing here can stop the pipeline. A record refused while it holds a
 * BSN-shaped value is kept re-encoded with those values blanked, never as received (DeadLetter's
 * {@code originalValueRedacted}).
 *
 * <p>Each dead letter is counted ({@link Metrics#DEAD_LETTERS}, stage {@value DeadLetters#INGEST}) under one of the
 * reasons {@value #UNDECODABLE}, {@value #TOMBSTONE}, {@value #INVALID} or {@value #BSN_SHAPED}: the last apart,
 * because a BSN-shaped value on an input topic means a source skipped its pseudonymisation, which an operator must
 * hear about before anything else.
 */
public final class IngestProcessor implements Processor<byte[], byte[], byte[], Object> {

    private static final Logger LOG = LoggerFactory.getLogger(IngestProcessor.class);

    static final String UNDECODABLE = "undecodable";
    static final String TOMBSTONE = "tombstone";
    static final String INVALID = "invalid";
    static final String BSN_SHAPED = "bsn-shaped";

    private final Map<String, Topic<?, ?>> topics = new HashMap<>();
    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers = new HashMap<>();
    private final Map<String, Serializer<SpecificRecord>> serializers = new HashMap<>();
    private final String validChild;
    private final String deadLetterChild;
    private ProcessorContext<byte[], Object> context;

    /**
     * @param inputs          the topics this processor reads, with their value serdes configured (the serializer
     *                        re-encodes a refused value whose dead letter must not keep all of it)
     * @param validChild      the processor that receives valid events
     * @param deadLetterChild the sink that receives dead letters
     */
    @SuppressWarnings("unchecked")
    public IngestProcessor(final Map<Topic<?, ?>, Serde<? extends SpecificRecord>> inputs, final String validChild,
                           final String deadLetterChild) {
        inputs.forEach((topic, serde) -> {
            topics.put(topic.name(), topic);
            deserializers.put(topic.name(), serde.deserializer());
            serializers.put(topic.name(), (Serializer<SpecificRecord>) serde.serializer());
        });
        this.validChild = validChild;
        this.deadLetterChild = deadLetterChild;
    }

    @Override
    public void init(final ProcessorContext<byte[], Object> context) {
        this.context = context;
    }

    @Override
    public void process(final Record<byte[], byte[]> record) {
        final RecordMetadata source = context.recordMetadata().orElseThrow();
        final SpecificRecord event;
        try {
            event = deserializers.get(source.topic()).deserialize(source.topic(), record.value());
        } catch (SerializationException e) {
            deadLetter(record, source, UNDECODABLE, "cannot decode: " + e.getMessage());
            return;
        }
        if (event == null) {
            deadLetter(record, source, TOMBSTONE, "empty value (tombstone) on an input topic");
            return;
        }
        // Only EventTimeExtractor sees when the record reached the broker (the input topics stamp arrival,
        // LogAppendTime), and it hands on the event's own time only for an event that passes every rule judged
        // against that arrival; a refused one gets its partition's time so far. So the rules are checked here
        // without the arrival, and an event that passes them all but whose timestamp is not its own time was
        // refused there by the one rule left: it is dated more than a day after it was written, which is absurd.
        // It is judged against its own record, never a clock that other records moved: a refused record moves no
        // clock, and one mistyped year cannot make valid events stale.
        final List<String> problems = new ArrayList<>(Validation.problems(event, Long.MIN_VALUE));
        if (problems.isEmpty() && record.timestamp() != eventTime(source.topic(), event)) {
            problems.add(Validation.afterItWasWritten(Instant.ofEpochMilli(eventTime(source.topic(), event))));
        }
        if (!problems.isEmpty()) {
            final Optional<SpecificRecord> withoutBsns = Validation.withoutBsns(event);
            if (withoutBsns.isPresent()) {
                final String reason = String.join("; ", problems);
                LOG.warn("dead letter from {}-{}@{}: {} (kept with every BSN-shaped value blanked)", source.topic(),
                        source.partition(), source.offset(), reason);
                final byte[] kept = serializers.get(source.topic()).serialize(source.topic(), withoutBsns.get());
                Metrics.deadLetter(context.applicationId(), DeadLetters.INGEST, BSN_SHAPED, source.topic());
                context.forward(record.withValue((Object) DeadLetters.redacted(source.topic(), source.partition(),
                        source.offset(), DeadLetters.INGEST, reason, Validation.keyWithoutBsn(record.key()), kept,
                        record.timestamp())),
                        deadLetterChild);
                return;
            }
            deadLetter(record, source, INVALID, String.join("; ", problems));
            return;
        }
        context.forward(record.withValue((Object) new IngestedEvent(source.topic(), source.partition(), source.offset(),
                event, record.key(), record.value())), validChild);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private long eventTime(final String topic, final SpecificRecord event) {
        return ((Topic) topics.get(topic)).timestampOf(event);
    }

    private void deadLetter(final Record<byte[], byte[]> record, final RecordMetadata source, final String code,
                            final String reason) {
        Metrics.deadLetter(context.applicationId(), DeadLetters.INGEST, code, source.topic());
        LOG.warn("dead letter from {}-{}@{}: {}", source.topic(), source.partition(), source.offset(), reason);
        final DeadLetter letter = DeadLetters.of(source.topic(), source.partition(), source.offset(), DeadLetters.INGEST,
                reason, record.key(), record.value(), record.timestamp());
        context.forward(record.withValue((Object) letter), deadLetterChild);
    }
}
