package nl.barriere.detect.bibob;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import nl.barriere.contract.DeadLetters;
import nl.barriere.detect.EventTimeOrder;
import nl.barriere.detect.EventTimeOrder.Buffered;
import nl.barriere.detect.EventWrites;
import nl.barriere.detect.Ruleset;
import nl.barriere.detect.bibob.BibobFacts.Application;
import nl.barriere.detect.bibob.BibobFacts.Match;
import nl.barriere.ingest.IngestedEvent;
import nl.barriere.platform.Metrics;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.PermitEvent;
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

/**
 * The Bibob-zone detector: puts the validated events in event-time order, adds each to the Bibob state, and
 * re-evaluates I12 for every application the event can concern, emitting its restricted context when the set of
 * matches changed.
 *
 * <p>Order works as in the analyst zone ({@link EventTimeOrder}): an event waits in {@code bibob-buffer} until the
 * newest event time seen is the largest lateness of the zone's three sources past it; events are released by (event
 * time, source rank, event id), so what comes out depends only on the events, not on how the three topics
 * interleaved on arrival or whether they came in a burst or paced. An event later than that is not processed: it
 * goes to the restricted dead-letter topic with stage {@value DeadLetters#LATE}.
 *
 * <p>Each event is applied whole or not at all, as in the analyst zone: its state writes ({@link EventWrites}) and
 * the contexts it causes are held until it has been handled, and an unexpected failure (a bug: the event passed
 * validation) discards both and dead-letters the event, instead of stopping the zone on a record it would meet
 * again after every restart.
 *
 * <p>Which applications an event concerns: a submission or manager change, its own application; a conclusion,
 * every open application whose applicant or manager is the subject, or whose applicant the subject has been an
 * officer of; an officer change, the open applications of that business. Re-evaluating is exact, so looking at a
 * few too many applications costs time, never correctness.
 */
final class BibobZoneProcessor implements Processor<byte[], IngestedEvent, String, Object> {

    private static final Logger LOG = LoggerFactory.getLogger(BibobZoneProcessor.class);
    private static final String OPEN = "OPEN";
    private static final int RELEASE_PER_RECORD = 1_000;
    private static final int RELEASE_PER_DRAIN = 5_000;
    private static final Duration DRAIN_INTERVAL = Duration.ofMillis(200);

    private final Ruleset ruleset;
    private final I12PriorDangerConclusion i12;
    private final Map<String, Deserializer<? extends SpecificRecord>> deserializers;
    private ProcessorContext<String, Object> context;
    private BibobState state;
    private EventTimeOrder order;
    private EventWrites writes;
    /** The contexts the event being handled causes, forwarded only once it has been handled whole. */
    private final List<Record<String, Object>> outputs = new ArrayList<>();

    BibobZoneProcessor(final Ruleset ruleset, final Map<String, Deserializer<? extends SpecificRecord>> deserializers) {
        this.ruleset = ruleset;
        this.i12 = new I12PriorDangerConclusion(ruleset);
        this.deserializers = deserializers;
    }

    @Override
    public void init(final ProcessorContext<String, Object> context) {
        this.context = context;
        this.writes = new EventWrites();
        this.state = new BibobState(context, writes);
        this.order = new EventTimeOrder(context, BibobZoneTopology.BUFFER_STORE, BibobZoneTopology.CLOCK_STORE,
                ruleset, BibobZoneTopology.INPUT_NAMES);
        // What is already due is released in the background too, so a backlog drains when the input pauses. Which
        // events are due depends on event time only; the wall clock decides just when they are taken.
        context.schedule(DRAIN_INTERVAL, PunctuationType.WALL_CLOCK_TIME,
                now -> order.takeDue(RELEASE_PER_DRAIN).forEach(this::release));
    }

    @Override
    public void process(final Record<byte[], IngestedEvent> record) {
        final IngestedEvent in = record.value();
        final BibobInput input = new BibobInput(in.topic(), in.partition(), in.offset(), in.event());
        final String tieKey = input.rankAtEqualTime() + "|" + input.eventId() + "|" + input.topic() + "|" + input.offset();
        order.add(in, input.time(), tieKey).ifPresent(late -> {
            LOG.warn("dead letter from {}-{}@{}: {}", in.topic(), in.partition(), in.offset(), late);
            deadLetter(in.topic(), in.partition(), in.offset(), DeadLetters.LATE, late, in.key(), in.value(),
                    record.timestamp());
        });
        order.takeDue(RELEASE_PER_RECORD).forEach(this::release);
    }

    /**
     * A failure here goes to the restricted dead-letter topic whichever source the record came from: the reason
     * may describe Bibob state, and a register or permit record that failed only here was processed fine by the
     * analyst zone, so this is its only dead letter.
     */
    private void release(final Buffered buffered) {
        final SpecificRecord event = deserializers.get(buffered.topic()).deserialize(buffered.topic(), buffered.value());
        try {
            detect(new BibobInput(buffered.topic(), buffered.partition(), buffered.offset(), event));
        } catch (KafkaException e) {
            // Kafka itself failed (a fenced producer, a migrated task): Streams must handle it, not the dead letters.
            throw e;
        } catch (RuntimeException e) {
            writes.discard();
            outputs.clear();
            LOG.error("Bibob-zone detection failed on {}-{}@{}; its state writes are discarded and the record goes to {}",
                    buffered.topic(), buffered.partition(), buffered.offset(), BibobZoneTopology.DEAD_LETTERS_TOPIC, e);
            deadLetter(buffered.topic(), buffered.partition(), buffered.offset(), DeadLetters.DETECT,
                    "Bibob-zone detection failed, state left as before the record: " + e, buffered.key(),
                    buffered.value(), buffered.time());
            return;
        }
        writes.commit();
        outputs.forEach(output -> context.forward(output, BibobZoneTopology.WRITE_RESTRICTED_CONTEXT));
        outputs.clear();
    }

    /** Writes and counts a dead letter; the stage ({@code late} or {@code detect}) is its reason code too. */
    private void deadLetter(final String topic, final int partition, final long offset, final String stage,
                            final String reason, final byte[] key, final byte[] value, final long timestamp) {
        Metrics.deadLetter(context.applicationId(), stage, stage, topic);
        context.forward(new Record<>(null, (Object) DeadLetters.of(topic, partition, offset, stage, reason, key, value,
                timestamp), timestamp), BibobZoneTopology.WRITE_DEAD_LETTERS);
    }

    private void detect(final BibobInput input) {
        final long time = input.time();
        if (input.event() instanceof BibobCaseEvent event) {
            final TreeSet<String> concerned = new TreeSet<>();
            for (final String subject : state.applyCase(event, input.ref())) {
                concerned.addAll(state.applicationsOf(subject));
                state.businessesOf(subject).forEach(kvk -> concerned.addAll(state.applicationsOf(kvk)));
            }
            evaluateOpen(concerned, time);
        } else if (input.event() instanceof BusinessEvent event) {
            if (state.applyBusiness(event, input.ref())) {
                evaluateOpen(new TreeSet<>(state.applicationsOf(event.getKvkNumber())), time);
            }
        } else if (input.event() instanceof PermitEvent event) {
            permit(event, time);
        }
    }

    private void permit(final PermitEvent event, final long time) {
        final Application known = state.application(event.getApplicationId());
        switch (event.getType()) {
            case SUBMITTED -> {
                if (known != null) {
                    state.unindex(known);
                }
                final Application application = new Application(event.getApplicationId(),
                        event.getApplicantKvkNumber(), time, List.copyOf(event.getManagerPseudonyms()), OPEN,
                        known == null ? time : known.evaluatedAt(), known == null ? List.of() : known.matches());
                state.index(application);
                evaluate(application, time);
            }
            case MANAGER_CHANGED -> {
                // A new manager is notified on a running licence as well as during the procedure (Alcoholwet):
                // both are moments the municipality assesses, so both are checked; a withdrawn or revoked one is not.
                if (known != null && (OPEN.equals(known.status()) || "DECIDED".equals(known.status()))) {
                    final Application changed = known.withManagers(List.copyOf(event.getManagerPseudonyms()));
                    if (OPEN.equals(known.status())) {
                        state.unindex(known);
                        state.index(changed);
                    }
                    evaluate(changed, time);
                }
            }
            case DECIDED, WITHDRAWN, REVOKED -> {
                if (known != null) {
                    state.unindex(known);
                    state.put(known.withStatus(event.getType().name()));
                }
            }
            default -> {
                // COMPLETED, BIBOB_FORM_RECEIVED: nothing that I12 matches on changes.
            }
        }
    }

    private void evaluateOpen(final TreeSet<String> applicationIds, final long time) {
        for (final String id : applicationIds) {
            final Application application = state.application(id);
            if (application != null && OPEN.equals(application.status())) {
                evaluate(application, time);
            }
        }
    }

    /**
     * Emits the context when the matches changed: the new context, or a tombstone when none are left (a later
     * decision downgraded the only conclusion, or the matched manager was replaced), which removes the context from
     * the compacted topic.
     */
    private void evaluate(final Application application, final long time) {
        final long asOf = Math.max(time, application.evaluatedAt());
        final List<Match> matches = i12.matches(application, state, asOf);
        state.put(application.evaluated(asOf, matches));
        if (matches.equals(application.matches())) {
            return;
        }
        final Object context = matches.isEmpty() ? null : i12.context(application.applicationId(), matches, asOf);
        outputs.add(new Record<>(application.applicationId(), context, asOf));
    }

}
