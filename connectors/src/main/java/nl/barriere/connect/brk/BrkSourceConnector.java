package nl.barriere.connect.brk;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Kadaster BRK as events: follows the BRK events feed (Haal Centraal BRK event sourcing) for the municipality's
 * cadastral objects, looks up each changed object in Haal Centraal BRK Bevragen, and emits a PropertyTransfer
 * (kadaster.property-transfers) when its owners changed and a MortgageRegistered (kadaster.mortgages) for every
 * mortgage right not seen on that object before. One task: the feed is one ordered log.
 */
public final class BrkSourceConnector extends SourceConnector {

    private Map<String, String> settings;

    @Override
    public void start(final Map<String, String> props) {
        new BrkConfig(props);
        this.settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return BrkSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(final int maxTasks) {
        return List.of(settings);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return BrkConfig.DEFINITION;
    }

    @Override
    public String version() {
        return BrkConfig.VERSION;
    }
}
