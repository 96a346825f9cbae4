package nl.barriere.connect.kvk;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Reads one KVK Mutatieservice subscription and turns its signals into BusinessEvents on {@code kvk.business-events}.
 * One task: a subscription is one ordered feed.
 */
public final class KvkMutationConnector extends SourceConnector {

    private Map<String, String> props;

    @Override
    public void start(final Map<String, String> props) {
        new KvkMutationConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return KvkMutationTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(final int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return KvkMutationConfig.DEF;
    }

    @Override
    public String version() {
        return "1";
    }
}
