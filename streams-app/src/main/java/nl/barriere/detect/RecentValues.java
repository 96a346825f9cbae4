package nl.barriere.detect;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A state store with its most recently used values kept as objects in front of it, and the writes of the event
 * being processed held back until that event has been handled whole ({@link EventWrites}).
 *
 * <p>Detection's stores have no record cache (see {@link DetectionTopology}), and that cache would hold serialized
 * bytes anyway: without this, every read of a business profile or a transfer history would decode it again, and
 * detection reads the same entities many times per event. Committed writes go through to the store at once, so
 * the store, its changelog and the transaction stay the only truth; only reads are served from here. The values
 * are immutable records. A new instance is made whenever the processor is initialised, so a task that is revived
 * or restored never reads values from before.
 */
public final class RecentValues<V> {

    /** Values kept as objects per store: the entities of a few weeks of national flow. */
    private static final int CAPACITY = 20_000;
    private static final Object DELETED = new Object();

    private final KeyValueStore<String, V> store;
    private final Map<String, V> recent;
    /** This event's writes, read before anything else; {@link #DELETED} for a delete. */
    private final Map<String, Object> staged = new HashMap<>();

    RecentValues(final KeyValueStore<String, V> store) {
        this.store = store;
        this.recent = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }

    @SuppressWarnings("unchecked")
    public V get(final String key) {
        final Object pending = staged.get(key);
        if (pending != null) {
            return pending == DELETED ? null : (V) pending;
        }
        final V cached = recent.get(key);
        if (cached != null) {
            return cached;
        }
        final V stored = store.get(key);
        if (stored != null) {
            recent.put(key, stored);
        }
        return stored;
    }

    public void put(final String key, final V value) {
        staged.put(key, value == null ? DELETED : value);
    }

    public void delete(final String key) {
        staged.put(key, DELETED);
    }

    @SuppressWarnings("unchecked")
    void commit() {
        staged.forEach((key, value) -> {
            if (value == DELETED) {
                store.delete(key);
                recent.remove(key);
            } else {
                store.put(key, (V) value);
                recent.put(key, (V) value);
            }
        });
        staged.clear();
    }

    void discard() {
        staged.clear();
    }
}
