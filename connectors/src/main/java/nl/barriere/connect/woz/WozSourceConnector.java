package nl.barriere.connect.woz;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * WOZ values for the transferred objects: reads the BAG verblijfsobject ids of kadaster.property-transfers (the
 * record keys), looks each one up in Haal Centraal WOZ Bevragen, and emits a WozValuation (woz.valuations) per WOZ
 * object, valuation date and BAG object it covers. One task, which reads every partition of the transfers topic:
 * there are a few transfers a day.
 */
public final class WozSourceConnector extends SourceConnector {

    private Map<String, String> settings;

    @Override
    public void start(final Map<String, String> props) {
        new WozConfig(props);
        this.settings = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return WozSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(final int maxTasks) {
        return List.of(settings);
    }

    @Override
    public void stop() {}

    @Override
    public ConfigDef config() {
        return WozConfig.DEFINITION;
    }

    @Override
    public String version() {
        return WozConfig.VERSION;
    }
}
