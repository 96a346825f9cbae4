package nl.barriere.platform;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.schema.DeadLetter;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTimestampException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProductionExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a Barrière application does with an output record the broker or the producer refuses for good: it writes a
 * dead letter instead (DESIGN.md §2 rule 7) and goes on, in the same transaction, so one bad record cannot stop the
 * pipeline at every restart. Everything else fails the application loudly, as before.
 *
 * <ul>
 *   <li><b>Dead letter, then continue</b>: a refusal of this one record that no retry can change:
 *       {@link RecordTooLargeException}, {@link InvalidRecordException} (e.g. a null key on a compacted topic),
 *       {@link InvalidTimestampException}.</li>
 *   <li><b>Fail</b>: any {@link RetriableException} anywhere in the cause chain (a broker or schema-registry outage:
 *       the record is fine, the platform is not, and skipping it would lose it; after the restart it is written),
 *       every other exception, every serialization error of an output, and a dead letter that cannot be
 *       serialized itself (its registry is down).</li>
 * </ul>
 *
 * <p>The dead letter (stage {@value #STAGE}) names the input record being processed when the output was refused
 * (topic, partition, offset) and the refused topic and exception in its reason. Kafka Streams frees the input's raw
 * bytes before it sends an output, so the dead letter carries the refused output's key and value, bounded like
 * every dead letter ({@link DeadLetters#MAX_ORIGINAL_BYTES}); the input itself stays on its source topic at that
 * offset. The source position is right because the producer refuses an oversized record inside {@code send}, while
 * the input is still the current record: its {@code max.request.size} ({@link DeadLetters#MAX_DEAD_LETTER_BYTES})
 * is no larger than any topic's {@code max.message.bytes} (the broker default, 1 MiB + 12 bytes, and exactly 1 MiB
 * on the dead-letter topics).
 *
 * <p>Where it goes: to the application's dead-letter topic ({@value #DEAD_LETTERS_TOPIC_CONFIG}, default
 * {@code ondermijning.dead-letters}; the Bibob zone and replays set their own), or, when the refused record was a
 * dead letter itself, to that same topic, described by length and SHA-256 only. Bibob secrecy (rule 6): when the refused record or its input is on a
 * restricted topic and the dead letter is not, the bytes are withheld and only their length and SHA-256 are kept.
 *
 * <p>Each such dead letter is counted ({@link Metrics#DEAD_LETTERS}, stage {@value #STAGE}) with the refusal as its
 * reason: {@code record-too-large}, {@code invalid-record} or {@code invalid-timestamp}.
 */
public final class DeadLetterProductionHandler implements ProductionExceptionHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterProductionHandler.class);

    /** Setting: the dead-letter topic of the application; absent, {@code ondermijning.dead-letters}. */
    public static final String DEAD_LETTERS_TOPIC_CONFIG = "barriere.dead-letters.topic";

    /** Stage named in the dead letters of refused output records. */
    public static final String STAGE = "produce";

    private static final String DEAD_LETTER_SUFFIX = ".dead-letters";

    /** Bound on walking a cause chain, which can be cyclic. */
    private static final int MAX_CAUSE_DEPTH = 32;

    /** The refusals of one record that no retry can change, with the reason code a dead letter is counted under. */
    private static final Map<Class<? extends Exception>, String> REFUSALS_OF_ONE_RECORD = Map.of(
            RecordTooLargeException.class, "record-too-large",
            InvalidRecordException.class, "invalid-record",
            InvalidTimestampException.class, "invalid-timestamp");

    private Serializer<DeadLetter> serializer;
    private String deadLettersTopic = Topics.DEAD_LETTERS.name();
    private String applicationId = "";

    /**
     * The Streams settings that install this handler: the handler, the registry settings its dead-letter serializer
     * needs, and the producers' {@code max.request.size} that the dead-letter topics match.
     */
    public static Map<String, Object> settings(final AppConfig config) {
        final Map<String, Object> settings = new HashMap<>(config.serdeConfig());
        settings.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterProductionHandler.class.getName());
        settings.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                Integer.toString(DeadLetters.MAX_DEAD_LETTER_BYTES));
        return settings;
    }

    @Override
    public void configure(final Map<String, ?> configs) {
        final Object topic = configs.get(DEAD_LETTERS_TOPIC_CONFIG);
        if (topic != null && !topic.toString().isBlank()) {
            deadLettersTopic = topic.toString().strip();
        }
        serializer = Topics.DEAD_LETTERS.valueSerde(configs).serializer();
        final Object id = configs.get(StreamsConfig.APPLICATION_ID_CONFIG);
        applicationId = id == null ? "" : id.toString();
    }

    @Override
    public Response handleError(final ErrorHandlerContext context, final ProducerRecord<byte[], byte[]> record,
                                final Exception exception) {
        final Optional<Throwable> retriable = retriableCause(exception);
        if (retriable.isPresent()) {
            LOG.error("cannot write a record to {}: {} is temporary (broker or schema registry unavailable); the "
                    + "application stops without skipping it and writes it after the restart", record.topic(),
                    retriable.get().getClass().getSimpleName(), exception);
            return Response.fail();
        }
        if (!REFUSALS_OF_ONE_RECORD.containsKey(exception.getClass())) {
            LOG.error("cannot write a record to {}; the application stops", record.topic(), exception);
            return Response.fail();
        }
        final boolean refusedDeadLetter = record.topic().endsWith(DEAD_LETTER_SUFFIX);
        final String target = refusedDeadLetter ? record.topic() : deadLettersTopic;
        final String sourceTopic = context.topic() == null ? record.topic() : context.topic();
        final boolean secret = !restricted(target) && (restricted(record.topic()) || restricted(sourceTopic));
        // A refused dead letter is described, never copied: a copy of a letter too large for its topic could be
        // too large again, and each letter about the last would be larger still.
        final boolean withhold = secret || refusedDeadLetter;
        final String reason = "could not write its output to " + record.topic() + ": " + exception
                + (secret ? "; the refused record is restricted, so only its length and SHA-256 are kept"
                        : refusedDeadLetter ? "; the refused record is a dead letter itself, so only its length and SHA-256 are kept"
                        : "; originalKey and originalValue are the refused output record's");
        final long timestamp = record.timestamp() != null ? record.timestamp() : context.timestamp();
        final DeadLetter letter = DeadLetters.of(sourceTopic, context.partition(), context.offset(), STAGE, reason,
                record.key(), record.value(), timestamp);
        if (withhold) {
            letter.setOriginalKey(null);
            letter.setOriginalKeyTruncated(record.key() != null);
            letter.setOriginalValue(null);
            letter.setOriginalValueTruncated(record.value() != null);
        }
        final byte[] value;
        try {
            value = serializer.serialize(target, letter);
        } catch (RuntimeException e) {
            LOG.error("cannot write a record to {} ({}), nor its dead letter to {}; the application stops",
                    record.topic(), exception, target, e);
            return Response.fail();
        }
        LOG.warn("dead letter on {} for {}-{}@{}: {}", target, sourceTopic, context.partition(), context.offset(), reason);
        Metrics.deadLetter(applicationId, STAGE, REFUSALS_OF_ONE_RECORD.get(exception.getClass()), sourceTopic);
        final byte[] key = secret ? null : DeadLetters.keptBytes(record.key());
        return Response.resume(List.of(new ProducerRecord<>(target, null, timestamp, key, value)));
    }

    @Override
    public Response handleSerializationError(final ErrorHandlerContext context, final ProducerRecord record,
                                             final Exception exception, final SerializationExceptionOrigin origin) {
        // An output that cannot be serialized is a bug or an unreachable registry, not a bad input: stop loudly.
        LOG.error("cannot serialize the {} of a record for {}; the application stops", origin, record.topic(), exception);
        return Response.fail();
    }

    static Optional<Throwable> retriableCause(final Throwable exception) {
        Throwable cause = exception;
        for (int depth = 0; cause != null && depth < MAX_CAUSE_DEPTH; depth++, cause = cause.getCause()) {
            if (cause instanceof RetriableException) {
                return Optional.of(cause);
            }
        }
        return Optional.empty();
    }

    private static boolean restricted(final String topic) {
        return topic != null && Topics.byName(topic).map(Topic::restricted).orElse(false);
    }
}
