package nl.barriere.detect;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.barriere.detect.Facts.SubjectState;
import nl.barriere.ingest.DeadLetters;
import nl.barriere.ingest.IngestedEvent;
import nl.barriere.platform.JsonSerde;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The detector: puts the validated events of all sources in event-time order, adds each to the entity state,
 * asks every enabled indicator what fired, and emits a signal for every subject whose score reaches the
 * threshold with new evidence.
 *
 * <p>Order: an event waits in the {@code detection-buffer} store until the newest event time seen is more than
 * the ruleset's allowed lateness past it, and events are released by (event time, event id). So the order, and
 * with it every signal, depends only on the events, not on how they were interleaved on arrival: the live run and
 * a replay agree. An event that arrives later than the allowed lateness is processed at once, in its own time
 * (indicators ask what was true at the event's time), and logged.
 */
final class DetectionProcessor implements Processor<byte[], IngestedEvent, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectionProcessor.class);
    private static final String STREAM_TIME = "stream-time";
    /** Shifts event times so that every time from 1900 on has the same number of digits in a buffer key. */
    private static final long KEY_OFFSET = 3_000_000_000_000L;
    private static final String OLDEST_KEY = "0";

    private final Ruleset ruleset;
    private final List<Indicator> indicators;
    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers;
    private final Signals signals;
    private ProcessorContext<String, Object> context;
    private EntityState state;
    private KeyValueStore<String, Buffered> buffer;
    private KeyValueStore<String, Long> clock;
    private KeyValueStore<String, SubjectState> subjects;

    /** An event waiting for its turn, as the bytes it arrived with. */
    record Buffered(String topic, int partition, long offset, long time, byte[] key, byte[] value) {}

    DetectionProcessor(final Ruleset ruleset, final List<Indicator> indicators,
                       final Map<String, Deserializer<? extends SpecificRecord>> deserializers) {
        this.ruleset = ruleset;
        this.indicators = indicators.stream().filter(i -> ruleset.rule(i.id()).map(r -> r.enabled()).orElse(false)).toList();
        this.deserializers = deserializers;
        this.signals = new Signals(ruleset);
    }

    static JsonSerde<Buffered> bufferedSerde() {
        return new JsonSerde<>(Buffered.class);
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.state = new EntityState(context);
        this.buffer = context.getStateStore(DetectionTopology.BUFFER_STORE);
        this.clock = context.getStateStore(DetectionTopology.CLOCK_STORE);
        this.subjects = context.getStateStore(DetectionTopology.SUBJECTS_STORE);
    }

    @Override
    public void process(final Record<byte[], IngestedEvent> record) {
        final IngestedEvent in = record.value();
        final SourcedEvent sourced = new SourcedEvent(in.topic(), in.partition(), in.offset(), in.event());
        final long time = sourced.time();
        final Long before = clock.get(STREAM_TIME);
        final long streamTime = before == null ? time : Math.max(before, time);
        clock.put(STREAM_TIME, streamTime);
        final long releaseBefore = streamTime - ruleset.allowedLatenessMinutes() * 60_000L;
        if (before != null && time < releaseBefore) {
            LOG.info("late event {} from {}-{}@{}: {} ms behind the newest event", sourced.eventId(), in.topic(),
                    in.partition(), in.offset(), streamTime - time);
        }
        buffer.put(bufferKey(time, sourced), new Buffered(in.topic(), in.partition(), in.offset(), time, in.key(), in.value()));
        releaseUpTo(bufferKey(releaseBefore, null));
    }

    private void releaseUpTo(final String bound) {
        final List<KeyValue<String, Buffered>> due = new ArrayList<>();
        // The bound is a bare time prefix, which no stored key equals, so the inclusive range ends just before it.
        try (KeyValueIterator<String, Buffered> range = buffer.range(OLDEST_KEY, bound)) {
            range.forEachRemaining(due::add);
        }
        for (final KeyValue<String, Buffered> entry : due) {
            buffer.delete(entry.key);
            release(entry.value);
        }
    }

    private void release(final Buffered buffered) {
        final SpecificRecord event = deserializers.get(buffered.topic()).deserialize(buffered.topic(), buffered.value());
        final SourcedEvent sourced = new SourcedEvent(buffered.topic(), buffered.partition(), buffered.offset(), event);
        try {
            detect(sourced);
        } catch (RuntimeException e) {
            LOG.error("detection failed on {}-{}@{}; the record goes to the dead-letter topic", buffered.topic(),
                    buffered.partition(), buffered.offset(), e);
            context.forward(new Record<>(null, (Object) DeadLetters.of(buffered.topic(), buffered.partition(),
                    buffered.offset(), DeadLetters.DETECT, "detection failed: " + e, buffered.key(), buffered.value(),
                    buffered.time()), buffered.time()), DetectionTopology.WRITE_DEAD_LETTERS);
        }
    }

    private void detect(final SourcedEvent sourced) {
        state.apply(sourced);
        final List<Finding> findings = new ArrayList<>();
        for (final Indicator indicator : indicators) {
            findings.addAll(indicator.evaluate(sourced, state, ruleset.rule(indicator.id()).orElseThrow()));
        }
        if (sourced.event() instanceof PropertyTransfer transfer) {
            final List<String> fired = findings.stream().map(Finding::ruleId).distinct().sorted().toList();
            if (!fired.isEmpty()) {
                state.markTransfer(transfer.getBagVboId(), sourced.eventId(), fired);
            }
        }
        final Map<String, List<Finding>> bySubject = new TreeMap<>();
        findings.forEach(f -> bySubject.computeIfAbsent(f.subjectKey(), k -> new ArrayList<>()).add(f));
        bySubject.forEach((key, subjectFindings) -> {
            final Finding first = subjectFindings.get(0);
            final SubjectState before = subjects.get(key);
            final Signals.Update update = signals.update(first.subjectType(), first.subjectId(),
                    before == null ? SubjectState.empty() : before, subjectFindings, sourced.time());
            subjects.put(key, update.state());
            if (update.signal() != null) {
                emit(update.signal());
            }
        });
    }

    private void emit(final RiskSignal signal) {
        context.forward(new Record<>(signal.getSignalId(), (Object) signal, signal.getDetectedAt().toEpochMilli()),
                DetectionTopology.WRITE_SIGNALS);
    }

    private static String bufferKey(final long time, final SourcedEvent event) {
        final String digits = Long.toString(time + KEY_OFFSET);
        final String prefix = "0".repeat(Math.max(0, 19 - digits.length())) + digits;
        return event == null ? prefix : prefix + "|" + event.eventId() + "|" + event.topic() + "|" + event.offset();
    }
}
