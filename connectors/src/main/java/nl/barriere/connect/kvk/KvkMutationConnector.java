package nl.barriere.connect.kvk;

import nl.barriere.connect.OneTaskSourceConnector;

/**
 * Reads one KVK Mutatieservice subscription and turns its signals into BusinessEvents on {@code kvk.business-events}.
 * One task: a subscription is one ordered feed.
 */
public final class KvkMutationConnector extends OneTaskSourceConnector {

    public KvkMutationConnector() {
        super(KvkMutationConfig.DEF, KvkMutationConfig::new, KvkMutationTask.class);
    }
}
