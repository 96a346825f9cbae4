package nl.barriere.detect;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import nl.barriere.contract.DeadLetters;
import nl.barriere.contract.Topic;
import nl.barriere.detect.EventTimeOrder.Buffered;
import nl.barriere.detect.Facts.OpenWindow;
import nl.barriere.detect.Facts.SubjectState;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.ingest.IngestedEvent;
import nl.barriere.platform.Metrics;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.RiskSignal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The detector: puts the validated events of all sources in event-time order, adds each to the entity state,
 * asks every enabled indicator what fired, and emits a signal for every subject whose score reaches the
 * threshold with new evidence.
 *
 * <p>Order: {@link EventTimeOrder} releases events by (event time, event id), so every signal depends only on
 * the events, not on how they were interleaved on arrival. An event later than its source's lateness allows is
 * not processed: it goes to the dead-letter topic with stage {@value DeadLetters#LATE} (its place in the order has
 * been passed, and processing it out of turn would make the signals depend on arrival).
 *
 * <p>Each event is applied whole or not at all: its state writes are held in {@link EventWrites} until the
 * indicators and the scoring are done. An unexpected failure there is a bug, since the event passed validation;
 * the event then goes to the dead-letter topic (stage {@value DeadLetters#DETECT}, with the failure) and the state
 * stays as it was before it. Stopping the application instead would stop detection for good: it would meet the
 * same record again after every restart.
 *
 * <p>Every signal is counted once under each indicator in it ({@link Metrics#SIGNALS}; every enabled indicator is
 * shown from the start, at zero until it fires) and logged with its id in the MDC ({@code signalId}), so a JSON log
 * line can be found from the signal an analyst looks at.
 */
final class DetectionProcessor implements Processor<byte[], IngestedEvent, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(DetectionProcessor.class);
    static final String PROCESSED = DetectionTopology.PROCESSED;
    private static final int RELEASE_PER_RECORD = 1_000;
    private static final int RELEASE_PER_DRAIN = 5_000;
    private static final Duration DRAIN_INTERVAL = Duration.ofMillis(200);
    private static final int DECODED_LIMIT = 100_000;

    private final Ruleset ruleset;
    private final List<Indicator> indicators;
    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers;
    private final Signals signals;
    private ProcessorContext<String, Object> context;
    private EntityState state;
    private EventTimeOrder order;
    private KeyValueStore<String, Long> processed;
    private RecentValues<SubjectState> subjects;
    private EventWrites writes;
    /**
     * Events ingest decoded that still wait in the ordering buffer, by topic, partition and offset, so releasing
     * them does not decode them a second time. Not state: after a restart the buffer is restored from its
     * changelog and its events are decoded again. Bounded, because a register snapshot can wait there whole.
     */
    private final Map<String, SpecificRecord> decoded = new HashMap<>();

    DetectionProcessor(final Ruleset ruleset, final List<Indicator> indicators,
                       final Map<String, Deserializer<? extends SpecificRecord>> deserializers) {
        this.ruleset = ruleset;
        this.indicators = indicators.stream().filter(i -> ruleset.rule(i.id()).map(r -> r.enabled()).orElse(false)).toList();
        this.deserializers = deserializers;
        this.signals = new Signals(ruleset);
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.writes = new EventWrites();
        this.state = new EntityState(context, writes);
        this.order = new EventTimeOrder(context, DetectionTopology.BUFFER_STORE, DetectionTopology.CLOCK_STORE,
                ruleset, DetectionTopology.INPUTS.stream().map(Topic::name).toList());
        // What is already due is released in the background too, so a backlog drains when the input pauses. Which
        // events are due depends on event time only; the wall clock decides just when they are taken.
        context.schedule(DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME, now -> releaseDue(RELEASE_PER_DRAIN));
        this.subjects = writes.store(context, DetectionTopology.SUBJECTS_STORE);
        decoded.clear();
        this.processed = context.getStateStore(DetectionTopology.CLOCK_STORE);
        indicators.forEach(indicator -> Metrics.signals(context.applicationId(), indicator.id()));
    }

    @Override
    public void process(final Record<byte[], IngestedEvent> record) {
        final IngestedEvent in = record.value();
        final SourcedEvent sourced = new SourcedEvent(in.topic(), in.partition(), in.offset(), in.event());
        final Optional<String> late = order.add(in, sourced.time(), sourced.eventId() + "|" + in.topic() + "|" + in.offset());
        if (late.isPresent()) {
            LOG.warn("dead letter from {}-{}@{}: {}", in.topic(), in.partition(), in.offset(), late.get());
            deadLetter(in.topic(), in.partition(), in.offset(), DeadLetters.LATE, late.get(), in.key(), in.value(),
                    record.timestamp());
        } else if (decoded.size() < DECODED_LIMIT) {
            decoded.put(position(in.topic(), in.partition(), in.offset()), in.event());
        }
        releaseDue(RELEASE_PER_RECORD);
    }

    /**
     * Releases up to {@code limit} due events, then closes the mortgage windows that every released event has
     * passed: a window must close when event time has reached it, also when no later event is released yet (the
     * last transfers of a feed that goes quiet).
     */
    private void releaseDue(final int limit) {
        order.takeDue(limit).forEach(this::release);
        final long releasedBefore = order.releasedBefore();
        if (releasedBefore == Long.MIN_VALUE) {
            return;
        }
        final List<RiskSignal> emitted;
        try {
            emitted = closeMortgageWindows(releasedBefore);
        } catch (KafkaException e) {
            throw e;
        } catch (RuntimeException e) {
            writes.discard();
            LOG.error("closing the mortgage windows up to {} failed; they stay open and are tried again with the "
                    + "next event", java.time.Instant.ofEpochMilli(releasedBefore), e);
            return;
        }
        writes.commit();
        emitted.forEach(this::emit);
    }

    private void release(final Buffered buffered) {
        final SpecificRecord known = decoded.remove(position(buffered.topic(), buffered.partition(), buffered.offset()));
        final SpecificRecord event = known != null ? known
                : deserializers.get(buffered.topic()).deserialize(buffered.topic(), buffered.value());
        final SourcedEvent sourced = new SourcedEvent(buffered.topic(), buffered.partition(), buffered.offset(), event);
        final List<RiskSignal> emitted;
        try {
            emitted = detect(sourced);
        } catch (KafkaException e) {
            // Kafka itself failed (a fenced producer, a migrated task): Streams must handle it, not the dead letters.
            throw e;
        } catch (RuntimeException e) {
            writes.discard();
            LOG.error("detection failed on {}-{}@{}; its state writes are discarded and the record goes to the "
                    + "dead-letter topic", buffered.topic(), buffered.partition(), buffered.offset(), e);
            deadLetter(buffered.topic(), buffered.partition(), buffered.offset(), DeadLetters.DETECT,
                    "detection failed, state left as before the record: " + e, buffered.key(), buffered.value(),
                    buffered.time());
            return;
        }
        writes.commit();
        processed.put(PROCESSED, Objects.requireNonNullElse(processed.get(PROCESSED), 0L) + 1);
        emitted.forEach(this::emit);
    }

    /** Writes and counts a dead letter; the stage ({@code late} or {@code detect}) is its reason code too. */
    private void deadLetter(final String topic, final int partition, final long offset, final String stage,
                            final String reason, final byte[] key, final byte[] value, final long timestamp) {
        Metrics.deadLetter(context.applicationId(), stage, stage, topic);
        context.forward(new Record<>(null, (Object) DeadLetters.of(topic, partition, offset, stage, reason, key, value,
                timestamp), timestamp), DetectionTopology.WRITE_DEAD_LETTERS);
    }

    /**
     * Closes the mortgage windows that event time has reached, then adds the event to the state; returns the
     * signals both caused and emits nothing itself.
     */
    private List<RiskSignal> detect(final SourcedEvent sourced) {
        final List<RiskSignal> emitted = new ArrayList<>(closeMortgageWindows(sourced.time()));
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
        emitted.addAll(score(findings, sourced.time()));
        return emitted;
    }

    /**
     * I3 is decided when a transfer's mortgage window closes in event time ({@link I3PurchaseWithoutMortgage}):
     * before the first event at or after the closing is handled, so every mortgage up to then has been. A transfer
     * that I3 fires on is marked with it, and I9 judges again what happened at its object meanwhile.
     */
    private List<RiskSignal> closeMortgageWindows(final long time) {
        final List<OpenWindow> closed = state.takeWindowsClosedBy(time);
        if (closed.isEmpty() || !(indicator("I3") instanceof I3PurchaseWithoutMortgage i3)) {
            return List.of();
        }
        final IndicatorRule i3Rule = ruleset.rule(i3.id()).orElseThrow();
        final List<RiskSignal> emitted = new ArrayList<>();
        for (final OpenWindow window : closed) {
            final Optional<Finding> noMortgage = i3.whenWindowCloses(window, state, i3Rule);
            if (noMortgage.isEmpty()) {
                continue;
            }
            state.markTransfer(window.bagVboId(), window.transferEventId(), List.of(i3.id()));
            final List<Finding> findings = new ArrayList<>(List.of(noMortgage.get()));
            if (indicator("I9") instanceof I9RiskSectorFront i9) {
                state.transfers(window.bagVboId()).stream()
                        .filter(t -> t.ref().eventId().equals(window.transferEventId())).findFirst()
                        .ifPresent(transfer -> i9.afterLateDecision(window.bagVboId(), transfer, i3.id(), state,
                                ruleset.rule(i9.id()).orElseThrow()).forEach(f -> findings.add(f.decidedAt(window.closesAt()))));
            }
            emitted.addAll(score(findings, window.closesAt()));
        }
        return emitted;
    }

    private Indicator indicator(final String id) {
        return indicators.stream().filter(i -> i.id().equals(id)).findFirst().orElse(null);
    }

    /** Adds findings made at {@code time} to their subjects and returns the signals that causes. */
    private List<RiskSignal> score(final List<Finding> findings, final long time) {
        final Map<String, List<Finding>> bySubject = new TreeMap<>();
        findings.forEach(f -> bySubject.computeIfAbsent(f.subjectKey(), k -> new ArrayList<>()).add(f));
        final List<RiskSignal> emitted = new ArrayList<>();
        bySubject.forEach((key, subjectFindings) -> {
            final Finding first = subjectFindings.get(0);
            final SubjectState before = subjects.get(key);
            final Signals.Update update = signals.update(first.subjectType(), first.subjectId(),
                    before == null ? SubjectState.empty() : before, subjectFindings, time);
            subjects.put(key, update.state());
            if (update.signal() != null) {
                emitted.add(update.signal());
            }
        });
        return emitted;
    }

    private static String position(final String topic, final int partition, final long offset) {
        return topic + "-" + partition + "@" + offset;
    }

    private void emit(final RiskSignal signal) {
        final List<String> fired = signal.getIndicators().stream().map(indicator -> indicator.getRuleId()).toList();
        fired.forEach(ruleId -> Metrics.signals(context.applicationId(), ruleId).increment());
        try (MDC.MDCCloseable id = MDC.putCloseable("signalId", signal.getSignalId())) {
            LOG.info("signal {} for {} {}: score {}, indicators {}", signal.getSignalId(),
                    signal.getSubject().getType(), signal.getSubject().getId(), signal.getScore(), fired);
        }
        context.forward(new Record<>(signal.getSignalId(), (Object) signal, signal.getDetectedAt().toEpochMilli()),
                DetectionTopology.WRITE_SIGNALS);
    }

}
