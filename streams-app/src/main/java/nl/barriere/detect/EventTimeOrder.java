package nl.barriere.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nl.barriere.contract.DeadLetters;
import nl.barriere.ingest.IngestedEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Puts events from several sources in event-time order, so that what a detector computes depends only on the
 * events and never on how they happened to be interleaved on arrival: the live run and a replay agree.
 *
 * <p>Each source has a lateness in the ruleset: how far behind the newest event time seen on any source its
 * events may arrive. An event waits in a buffer store until the newest event time is the largest of those
 * latenesses (the hold) past it; events are then released by (event time, tie key). No event that arrives within
 * its source's lateness can find a later one already released, since every lateness is at most the hold, so the
 * release order depends on the events alone. An event that arrives after its place was passed (its time is more
 * than the hold behind the newest event) is refused by {@link #add}: the caller dead-letters it, and it moves no
 * clock. The clock is the newest event time accepted here, kept in the clock store; record timestamps play no
 * part.
 *
 * <p>The buffer only holds what is not yet released and is emptied from the front all the time: a sorted
 * in-memory store serves that well, where RocksDB would have to skip its tombstones on every scan. Both stores are
 * changelogged like every other store, so a restart restores them. The buffer store has no record cache: its
 * entries live for milliseconds, and a range scan over a cache full of released (deleted) entries costs more than
 * the changelog writes the cache would save. Finding what is due reads a sorted index kept beside the store and
 * rebuilt from it whenever the processor starts, because the in-memory store copies a whole key range for every
 * scan, and a register snapshot can be due at once.
 */
public final class EventTimeOrder {

    /** Key of the clock in the clock store: the newest event time accepted. */
    static final String STREAM_TIME = "stream-time";
    /** Shifts event times so that every time from 1900 on has the same number of digits in a buffer key. */
    private static final long KEY_OFFSET = 3_000_000_000_000L;

    /** An event waiting for its turn, as the bytes it arrived with. */
    public record Buffered(String topic, int partition, long offset, long time, byte[] key, byte[] value) {}

    private final KeyValueStore<String, Buffered> buffer;
    private final KeyValueStore<String, Long> clock;
    private final Map<String, Long> latenessMs;
    private final long holdMs;
    /** The buffer's entries in key order; derived from the store, never written anywhere else. */
    private final TreeMap<String, Buffered> waiting = new TreeMap<>();

    /**
     * @param topics the source topics whose events are put in order; the ruleset must give each a lateness
     */
    public EventTimeOrder(final ProcessorContext<?, ?> context, final String bufferStore, final String clockStore,
                          final Ruleset ruleset, final List<String> topics) {
        this.buffer = context.getStateStore(bufferStore);
        this.clock = context.getStateStore(clockStore);
        this.latenessMs = new HashMap<>();
        topics.forEach(topic -> latenessMs.put(topic, ruleset.latenessMs(topic)));
        this.holdMs = ruleset.holdMs(topics);
        try (KeyValueIterator<String, Buffered> all = buffer.all()) {
            all.forEachRemaining(entry -> waiting.put(entry.key, entry.value));
        }
    }

    public static StoreBuilder<?> bufferStore(final String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), new BufferedSerde());
    }

    public static StoreBuilder<?> clockStore(final String name) {
        return Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), Serdes.Long())
                .withCachingEnabled();
    }

    /**
     * Puts an event in its place and moves the clock, or refuses it because its place has been passed.
     *
     * @param time    the event's own time (occurredAt), not the record timestamp
     * @param tieKey  orders events with the same time; must make the key unique (e.g. event id, topic, offset)
     * @return empty when the event was put in its place; otherwise why not, for its dead letter (stage
     *     {@value DeadLetters#LATE})
     */
    public Optional<String> add(final IngestedEvent in, final long time, final String tieKey) {
        final Long newest = clock.get(STREAM_TIME);
        if (newest != null && time < newest - holdMs) {
            return Optional.of("late: occurredAt " + Instant.ofEpochMilli(time) + " is " + shown(newest - time)
                    + " behind the newest event time " + Instant.ofEpochMilli(newest) + ", and every event before "
                    + Instant.ofEpochMilli(newest - holdMs) + " has already been processed in order, so it cannot be "
                    + "put in its place; the ruleset lets " + in.topic() + " arrive up to "
                    + shown(latenessMs.get(in.topic())) + " late (raise it in a new ruleset and replay to "
                    + "include such events)");
        }
        if (newest == null || time > newest) {
            clock.put(STREAM_TIME, time);
        }
        final String key = timeKey(time) + "|" + tieKey;
        final Buffered buffered = new Buffered(in.topic(), in.partition(), in.offset(), time, in.key(), in.value());
        buffer.put(key, buffered);
        waiting.put(key, buffered);
        return Optional.empty();
    }

    /** The newest event time put in order so far, or {@link Long#MIN_VALUE} before the first. */
    public long newestEventTime() {
        final Long newest = clock.get(STREAM_TIME);
        return newest == null ? Long.MIN_VALUE : newest;
    }

    /**
     * The event time before which every event has been released and none can still come: the hold behind the
     * newest event time, or the first event still waiting when that is earlier. {@link Long#MIN_VALUE} before the
     * first event.
     */
    public long releasedBefore() {
        final Long streamTime = clock.get(STREAM_TIME);
        if (streamTime == null) {
            return Long.MIN_VALUE;
        }
        final long held = streamTime - holdMs;
        return waiting.isEmpty() ? held : Math.min(held, waiting.firstEntry().getValue().time());
    }

    /**
     * Takes up to {@code limit} of the events that are due, oldest first. Bounding the batch keeps one
     * transaction small when a backlog falls due at once (a register snapshot shares one timestamp); the rest is
     * taken by the next call. Events become due only by event time, so when they are taken changes nothing about
     * their order: an event that arrives later never sorts before a due one, or {@link #add} refuses it.
     */
    public List<Buffered> takeDue(final int limit) {
        final Long streamTime = clock.get(STREAM_TIME);
        if (streamTime == null) {
            return List.of();
        }
        // The bound is a bare time prefix, which no stored key equals, so the range ends just before it.
        final Iterator<Map.Entry<String, Buffered>> due = waiting.headMap(timeKey(streamTime - holdMs)).entrySet().iterator();
        final List<Buffered> taken = new ArrayList<>();
        while (due.hasNext() && taken.size() < limit) {
            final Map.Entry<String, Buffered> entry = due.next();
            buffer.delete(entry.getKey());
            taken.add(entry.getValue());
            due.remove();
        }
        return taken;
    }

    /** A duration as an operator reads it: {@code 20d 3h}, {@code 45m}. */
    static String shown(final long ms) {
        final Duration duration = Duration.ofMillis(ms);
        final long days = duration.toDays();
        final Duration rest = duration.minusDays(days);
        final String hours = rest.isZero() ? "" : rest.toString().substring(2).toLowerCase(Locale.ROOT)
                .replaceAll("([hms])(?=\\d)", "$1 ");
        return days == 0 ? hours : days + "d" + (hours.isEmpty() ? "" : " " + hours);
    }

    private static String timeKey(final long time) {
        final String digits = Long.toString(time + KEY_OFFSET);
        return "0".repeat(Math.max(0, 19 - digits.length())) + digits;
    }
}
