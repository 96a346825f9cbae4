package nl.barriere.connect.zgw;

import java.util.Map;
import nl.barriere.connect.OneTaskSourceConnector;
import org.apache.kafka.connect.source.ExactlyOnceSupport;

/**
 * Horeca permit steps from a zaaksysteem behind the ZGW APIs (Zaken API + Notificaties API; Open Zaak and Open
 * Notificaties are the reference implementations) to {@code horeca.permit-events}. One task: it runs the
 * notification receiver, so a second task would need a second abonnement and a split of the zaaktypen, and the
 * volumes (a few hundred horeca zaken a year) do not ask for it.
 */
public final class ZgwPermitSourceConnector extends OneTaskSourceConnector {

    public ZgwPermitSourceConnector() {
        super(ZgwPermitConfig.DEF, ZgwPermitConfig::new, ZgwPermitSourceTask.class);
    }

    @Override
    public ExactlyOnceSupport exactlyOnceSupport(final Map<String, String> connectorConfig) {
        return ExactlyOnceSupport.UNSUPPORTED;
    }
}
