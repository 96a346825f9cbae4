package nl.barriere.devkit.generator;

import java.io.IOException;
import java.time.Instant;
import java.util.PriorityQueue;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.WozValuation;
import org.apache.avro.specific.SpecificRecord;

/**
 * Holds events until their time has come, then hands them to the sink in (event time, event id) order.
 *
 * <p>The simulation moves forward one day at a time and calls {@link #flushBefore} at the end of each day;
 * events for later days (permit lifecycles, planted stories) wait in a per-topic priority queue. Scheduling an
 * event before the last flush would break the order, so it is refused. Events at or after the end of the period
 * are dropped (a lifecycle that would finish after the period simply has not finished yet).
 */
final class TimeOrderedEmitter {

    private record Pending(long at, String eventId, SpecificRecord event) implements Comparable<Pending> {
        @Override
        public int compareTo(final Pending other) {
            final int byTime = Long.compare(at, other.at);
            return byTime != 0 ? byTime : eventId.compareTo(other.eventId);
        }
    }

    private final EventSink sink;
    private final long startMillis;
    private final long endMillis;
    @SuppressWarnings("unchecked")
    private final PriorityQueue<Pending>[] queues = new PriorityQueue[GeneratorTopics.ALL.size()];
    private long flushedBefore = Long.MIN_VALUE;

    TimeOrderedEmitter(final EventSink sink, final Instant start, final Instant end) {
        this.sink = sink;
        this.startMillis = start.toEpochMilli();
        this.endMillis = end.toEpochMilli();
        for (int topic = 0; topic < queues.length; topic++) {
            queues[topic] = new PriorityQueue<>();
        }
    }

    /** Whether an event at this time falls inside the period (and so will be written). */
    boolean inPeriod(final Instant at) {
        final long millis = at.toEpochMilli();
        return millis >= startMillis && millis < endMillis;
    }

    /** @return whether the event will be written (false: after the period, dropped) */
    boolean schedule(final SpecificRecord event) {
        final Instant at;
        final String eventId;
        final int topic;
        if (event instanceof BusinessEvent e) {
            at = e.getOccurredAt();
            eventId = e.getEventId();
            topic = GeneratorTopics.KVK;
        } else if (event instanceof PropertyTransfer e) {
            at = e.getOccurredAt();
            eventId = e.getEventId();
            topic = GeneratorTopics.KADASTER;
        } else if (event instanceof PermitEvent e) {
            at = e.getOccurredAt();
            eventId = e.getEventId();
            topic = GeneratorTopics.HORECA;
        } else if (event instanceof BibobCaseEvent e) {
            at = e.getOccurredAt();
            eventId = e.getEventId();
            topic = GeneratorTopics.BIBOB;
        } else if (event instanceof MortgageRegistered e) {
            at = e.getOccurredAt();
            eventId = e.getEventId();
            topic = GeneratorTopics.MORTGAGE;
        } else if (event instanceof WozValuation e) {
            at = e.getOccurredAt();
            eventId = e.getEventId();
            topic = GeneratorTopics.WOZ;
        } else if (event instanceof BagObject e) {
            at = e.getOccurredAt();
            eventId = e.getEventId();
            topic = GeneratorTopics.BAG;
        } else {
            throw new IllegalArgumentException("not an input event: " + event.getSchema().getFullName());
        }
        final long millis = at.toEpochMilli();
        if (millis < startMillis) {
            throw new IllegalStateException(eventId + " at " + at + " is before the period");
        }
        if (millis < flushedBefore) {
            throw new IllegalStateException(eventId + " at " + at + " is earlier than events already written");
        }
        if (millis >= endMillis) {
            return false;
        }
        queues[topic].add(new Pending(millis, eventId, event));
        return true;
    }

    void flushBefore(final Instant before) throws IOException {
        final long limit = before.toEpochMilli();
        for (int topic = 0; topic < queues.length; topic++) {
            final PriorityQueue<Pending> queue = queues[topic];
            while (!queue.isEmpty() && queue.peek().at < limit) {
                sink.write(topic, queue.poll().event);
            }
        }
        flushedBefore = Math.max(flushedBefore, limit);
    }

    void flushAll() throws IOException {
        flushBefore(Instant.ofEpochMilli(Long.MAX_VALUE));
    }
}
