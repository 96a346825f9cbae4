package nl.barriere.detect;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.barriere.ingest.IngestedEvent;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts events from several sources in event-time order, so that what a detector computes depends only on the
 * events and never on how they happened to be interleaved on arrival: the live run and a replay agree.
 *
 * <p>An event waits in a buffer store until the newest event time seen is more than the allowed lateness past it;
 * events are then released by (event time, tie key). With zero lateness only events with the same timestamp are
 * ordered. An event that arrives later than the allowed lateness is released at once, and logged.
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

    private static final Logger LOG = LoggerFactory.getLogger(EventTimeOrder.class);
    private static final String STREAM_TIME = "stream-time";
    /** Shifts event times so that every time from 1900 on has the same number of digits in a buffer key. */
    private static final long KEY_OFFSET = 3_000_000_000_000L;

    /** An event waiting for its turn, as the bytes it arrived with. */
    public record Buffered(String topic, int partition, long offset, long time, byte[] key, byte[] value) {}

    private final KeyValueStore<String, Buffered> buffer;
    private final KeyValueStore<String, Long> clock;
    private final long latenessMs;
    /** The buffer's entries in key order; derived from the store, never written anywhere else. */
    private final TreeMap<String, Buffered> waiting = new TreeMap<>();

    public EventTimeOrder(final ProcessorContext<?, ?> context, final String bufferStore, final String clockStore,
                          final int allowedLatenessMinutes) {
        this.buffer = context.getStateStore(bufferStore);
        this.clock = context.getStateStore(clockStore);
        this.latenessMs = allowedLatenessMinutes * 60_000L;
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
     * Adds an event to the buffer and moves the clock.
     *
     * @param time    the event's own time (occurredAt), not the record timestamp
     * @param tieKey  orders events with the same time; must make the key unique (e.g. event id, topic, offset)
     */
    public void add(final IngestedEvent in, final long time, final String tieKey) {
        final Long before = clock.get(STREAM_TIME);
        final long streamTime = before == null ? time : Math.max(before, time);
        clock.put(STREAM_TIME, streamTime);
        if (before != null && time < streamTime - latenessMs) {
            LOG.info("late event at {}-{}@{}: {} ms behind the newest event", in.topic(), in.partition(), in.offset(),
                    streamTime - time);
        }
        final String key = timeKey(time) + "|" + tieKey;
        final Buffered buffered = new Buffered(in.topic(), in.partition(), in.offset(), time, in.key(), in.value());
        buffer.put(key, buffered);
        waiting.put(key, buffered);
    }

    /**
     * Takes up to {@code limit} of the events that are due, oldest first. Bounding the batch keeps one
     * transaction small when a backlog falls due at once (a register snapshot shares one timestamp); the rest is
     * taken by the next call. Events become due only by event time, so when they are taken changes nothing about
     * their order: a later event never sorts before an earlier due one unless it is later than the lateness.
     */
    public List<Buffered> takeDue(final int limit) {
        final Long streamTime = clock.get(STREAM_TIME);
        if (streamTime == null) {
            return List.of();
        }
        // The bound is a bare time prefix, which no stored key equals, so the range ends just before it.
        final Iterator<Map.Entry<String, Buffered>> due = waiting.headMap(timeKey(streamTime - latenessMs)).entrySet().iterator();
        final List<Buffered> taken = new ArrayList<>();
        while (due.hasNext() && taken.size() < limit) {
            final Map.Entry<String, Buffered> entry = due.next();
            buffer.delete(entry.getKey());
            taken.add(entry.getValue());
            due.remove();
        }
        return taken;
    }

    private static String timeKey(final long time) {
        final String digits = Long.toString(time + KEY_OFFSET);
        return "0".repeat(Math.max(0, 19 - digits.length())) + digits;
    }
}
