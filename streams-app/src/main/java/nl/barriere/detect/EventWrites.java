package nl.barriere.detect;

import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;

/**
 * The state writes of one event, held back until the event has been handled whole: {@link #commit} writes them
 * all, {@link #discard} none. A detector adds an event to its state and then asks the indicators what fired; if
 * that fails half-way (a bug: the event passed validation), the event goes to the dead-letter topic, and the state
 * must then not hold part of an event the output says was refused. Holding the writes back gives that without
 * stopping the pipeline on one record, which a restart would only meet again.
 */
public final class EventWrites {

    private final List<RecentValues<?>> stores = new ArrayList<>();

    /** The processor's store {@code storeName}, with its recent values in front and its writes held here. */
    public <V> RecentValues<V> store(final ProcessorContext<?, ?> context, final String storeName) {
        final RecentValues<V> values = new RecentValues<>(context.getStateStore(storeName));
        stores.add(values);
        return values;
    }

    public void commit() {
        stores.forEach(RecentValues::commit);
    }

    public void discard() {
        stores.forEach(RecentValues::discard);
    }
}
