package nl.barriere.connect;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * A source connector that runs one task with the connector's own settings: each register Barrière reads is one
 * ordered feed (a subscription, an event log, a zaaksysteem), and its volumes do not ask for a split. The settings
 * are checked when the connector starts, so a wrong config fails there, with the key that is wrong.
 */
public abstract class OneTaskSourceConnector extends SourceConnector {

    /** The version of every Barrière connector and task: they are released together, as one plugin. */
    public static final String VERSION = "1.0.0";

    private final ConfigDef definition;
    private final Consumer<Map<String, String>> check;
    private final Class<? extends Task> task;
    private Map<String, String> settings;

    /**
     * @param check parses the settings and throws a {@code ConfigException} when they are wrong (the config's
     *     constructor)
     */
    protected OneTaskSourceConnector(final ConfigDef definition, final Consumer<Map<String, String>> check,
                                     final Class<? extends Task> task) {
        this.definition = definition;
        this.check = check;
        this.task = task;
    }

    @Override
    public final void start(final Map<String, String> props) {
        check.accept(props);
        this.settings = Map.copyOf(props);
    }

    @Override
    public final Class<? extends Task> taskClass() {
        return task;
    }

    @Override
    public final List<Map<String, String>> taskConfigs(final int maxTasks) {
        return List.of(settings);
    }

    @Override
    public final void stop() {
        // nothing held: the task holds the connections
    }

    @Override
    public final ConfigDef config() {
        return definition;
    }

    @Override
    public final String version() {
        return VERSION;
    }
}
