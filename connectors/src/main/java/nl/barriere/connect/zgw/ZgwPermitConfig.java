package nl.barriere.connect.zgw;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.connect.http.RegisterSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * Settings of the ZGW permit connector. The register settings ({@code register.url} = the Zaken API base, up to
 * {@code /zaken/api/v1}) come from {@link RegisterSettings}; the Zaken API authenticates with a ZGW JWT, so the API
 * key setting stays empty and {@code zgw.client.id} / {@code zgw.client.secret} sign the token instead. Which
 * catalogue types mean what is configuration: the municipality's Catalogi API names them, Barrière cannot guess.
 */
final class ZgwPermitConfig extends AbstractConfig {

    static final String ZAAKTYPEN = "zgw.zaaktypen";
    static final String STATUSTYPEN = "zgw.statustypen";
    static final String RESULTAATTYPEN = "zgw.resultaattypen";
    static final String MANAGER_ROLTYPEN = "zgw.manager.roltypen";
    static final String CLIENT_ID = "zgw.client.id";
    static final String CLIENT_SECRET = "zgw.client.secret";
    static final String TOKEN_RENEW_MS = "zgw.token.renew.ms";
    static final String CALLBACK_PORT = "zgw.callback.port";
    static final String CALLBACK_URL = "zgw.callback.url";
    static final String CALLBACK_AUTH = "zgw.callback.auth";
    static final String NOTIFICATIES_URL = "zgw.notificaties.url";
    static final String RECONCILE_INTERVAL_MS = "zgw.reconcile.interval.ms";
    static final String REFUSED_TOPIC = "refused.topic";

    static final List<String> EVENT_TYPES =
            List.of("SUBMITTED", "COMPLETED", "BIBOB_FORM_RECEIVED", "DECIDED", "WITHDRAWN", "REVOKED");
    static final List<String> PERMIT_KINDS = List.of("EXPLOITATIE", "ALCOHOL", "TERRAS");
    static final List<String> OUTCOMES = List.of("GRANTED", "GRANTED_WITH_CONDITIONS", "REFUSED");

    static final ConfigDef DEF = RegisterSettings.define(new ConfigDef(), "Authorization")
            .define(ZAAKTYPEN, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new Mapping(PERMIT_KINDS), Importance.HIGH,
                    "The horeca zaaktypen, each as CATALOGI_URL=KIND, KIND one of " + PERMIT_KINDS)
            .define(STATUSTYPEN, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, new Mapping(EVENT_TYPES), Importance.HIGH,
                    "Statustypen that are a permit step, each as CATALOGI_URL=TYPE, TYPE one of " + EVENT_TYPES
                            + "; a status of any other statustype is not a step and emits nothing")
            .define(RESULTAATTYPEN, Type.LIST, List.of(), new Mapping(OUTCOMES), Importance.HIGH,
                    "Resultaattypen, each as CATALOGI_URL=OUTCOME, OUTCOME one of " + OUTCOMES + "; read on DECIDED")
            .define(MANAGER_ROLTYPEN, Type.LIST, List.of(), Importance.HIGH,
                    "Roltypen (Catalogi URLs) whose natuurlijk-persoon rollen are the managers [leidinggevenden]")
            .define(CLIENT_ID, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(), Importance.HIGH,
                    "Client id the Zaken API (Autorisaties) knows this connector by; the JWT's iss and client_id")
            .define(CLIENT_SECRET, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Secret that signs the JWT (HS256); give it through a config provider")
            .define(TOKEN_RENEW_MS, Type.LONG, 600_000L, ConfigDef.Range.atLeast(1_000), Importance.LOW,
                    "A new JWT (new iat) after this long; Open Zaak refuses tokens older than its JWT_EXPIRY")
            .define(CALLBACK_PORT, Type.INT, 8095, ConfigDef.Range.between(0, 65535), Importance.MEDIUM,
                    "Port of the notification receiver in the task; 0: no receiver (reconciliation only)")
            .define(CALLBACK_URL, Type.STRING, "", Importance.MEDIUM,
                    "The receiver's URL as the Notificaties API reaches it, for the abonnement")
            .define(CALLBACK_AUTH, Type.PASSWORD, "", Importance.MEDIUM,
                    "The Authorization header value the Notificaties API sends to the receiver (the abonnement's auth);"
                            + " a notification without exactly this header is refused with 403")
            .define(NOTIFICATIES_URL, Type.STRING, "", Importance.MEDIUM,
                    "Base URL of the Notificaties API (up to /api/v1); empty: the abonnement is managed elsewhere")
            .define(RECONCILE_INTERVAL_MS, Type.LONG, 21_600_000L, ConfigDef.Range.atLeast(1_000), Importance.MEDIUM,
                    "Besides at start, list the zaken of the zaaktypen again this often, for notifications that were lost")
            .define(REFUSED_TOPIC, Type.STRING, "connect.refused-records", new ConfigDef.NonEmptyString(),
                    Importance.MEDIUM, "Topic for refused zaken (malformed answers, a zaak the contract cannot hold)");

    ZgwPermitConfig(final Map<String, String> props) {
        super(DEF, props);
        if (getInt(CALLBACK_PORT) > 0 && getPassword(CALLBACK_AUTH).value().isBlank()) {
            throw new ConfigException(CALLBACK_AUTH, "", "the receiver needs the Authorization value it checks");
        }
        if (!getString(NOTIFICATIES_URL).isBlank() && getString(CALLBACK_URL).isBlank()) {
            throw new ConfigException(CALLBACK_URL, "", "an abonnement needs the receiver's URL");
        }
    }

    Map<String, String> mapping(final String key) {
        final Map<String, String> map = new LinkedHashMap<>();
        for (final String entry : getList(key)) {
            final int eq = entry.lastIndexOf('=');
            map.put(entry.substring(0, eq).strip(), entry.substring(eq + 1).strip());
        }
        return map;
    }

    /** Entries URL=SYMBOL with SYMBOL from a fixed list. */
    private record Mapping(List<String> symbols) implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            for (final Object o : (List<?>) value) {
                final String entry = o.toString();
                final int eq = entry.lastIndexOf('=');
                if (eq <= 0 || !entry.substring(0, eq).strip().matches("https?://\\S+")
                        || !symbols.contains(entry.substring(eq + 1).strip())) {
                    throw new ConfigException(name, entry, "must be URL=SYMBOL with SYMBOL one of " + symbols);
                }
            }
        }

        @Override
        public String toString() {
            return "URL=SYMBOL, SYMBOL one of " + symbols;
        }
    }
}
