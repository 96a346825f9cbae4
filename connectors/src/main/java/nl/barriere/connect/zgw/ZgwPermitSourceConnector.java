package nl.barriere.connect.zgw;

import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Task;
import org.apache.kafka.connect.source.ExactlyOnceSupport;
import org.apache.kafka.connect.source.SourceConnector;

/**
 * Horeca permit steps from a zaaksysteem behind the ZGW APIs (Zaken API + Notificaties API; Open Zaak and Open
 * Notificaties are the reference implementations) to {@code horeca.permit-events}. One task: it runs the
 * notification receiver, so a second task would need a second abonnement and a split of the zaaktypen, and the
 * volumes (a few hundred horeca zaken a year) do not ask for it.
 */
public final class ZgwPermitSourceConnector extends SourceConnector {

    static final String VERSION = "1";

    private Map<String, String> props;

    @Override
    public void start(final Map<String, String> props) {
        new ZgwPermitConfig(props);
        this.props = Map.copyOf(props);
    }

    @Override
    public Class<? extends Task> taskClass() {
        return ZgwPermitSourceTask.class;
    }

    @Override
    public List<Map<String, String>> taskConfigs(final int maxTasks) {
        return List.of(props);
    }

    @Override
    public void stop() {
        // nothing held
    }

    @Override
    public ConfigDef config() {
        return ZgwPermitConfig.DEF;
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(final Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }

    @Override
    public String version() {
        return VERSION;
    }
}
