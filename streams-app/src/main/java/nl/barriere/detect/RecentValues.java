package nl.barriere.detect;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A state store with its most recently used values kept as objects in front of it. Detection's stores have no
 * record cache (see {@link DetectionTopology}), and that cache would hold serialized bytes anyway: without this,
 * every read of a business profile or a transfer history would decode it again, and detection reads the same
 * entities many times per event.
 *
 * <p>Writes go through to the store at once, so the store, its changelog and the transaction stay the only
 * truth; only reads are served from here. The values are immutable records. A new instance is made whenever the
 * processor is initialised, so a task that is revived or restored never reads values from before.
 */
final class RecentValues<V> {

    /** Values kept as objects per store: the entities of a few weeks of national flow. */
    private static final int CAPACITY = 20_000;

    private final KeyValueStore<String, V> store;
    private final Map<String, V> recent;

    /** The processor's store {@code storeName}, with its recent values in front. */
    static <V> RecentValues<V> of(final ProcessorContext<?, ?> context, final String storeName) {
        return new RecentValues<>(context.getStateStore(storeName));
    }

    private RecentValues(final KeyValueStore<String, V> store) {
        this.store = store;
        this.recent = new LinkedHashMap<>(CAPACITY, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(final Map.Entry<String, V> eldest) {
                return size() > CAPACITY;
            }
        };
    }

    V get(final String key) {
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

    void put(final String key, final V value) {
        store.put(key, value);
        recent.put(key, value);
    }
}
