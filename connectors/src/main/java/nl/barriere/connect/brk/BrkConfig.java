package nl.barriere.connect.brk;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Map;
import nl.barriere.connect.http.RegisterClient;
import nl.barriere.connect.http.RegisterSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The BRK connector's settings: {@code register.*} for BRK Bevragen (the lookups), the same settings under
 * {@code events.} for the events feed (its own URL, and its own key when the Kadaster issues one per API), where to
 * start on first run, and where refused records go.
 */
final class BrkConfig extends AbstractConfig {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String EVENTS_PREFIX = "events.";
    static final String START = "brk.events.from";
    static final String POLL_INTERVAL_MS = "brk.poll.interval.ms";
    static final String REFUSED_TOPIC = "refused.topic";

    private static final ConfigDef REGISTER = RegisterSettings.define(new ConfigDef(), API_KEY_HEADER);

    static final ConfigDef DEFINITION = definition();

    private static ConfigDef definition() {
        final ConfigDef def = RegisterSettings.define(new ConfigDef(), API_KEY_HEADER);
        def.embed(EVENTS_PREFIX, "events", 0, REGISTER);
        return def.define(START, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, BrkConfig::instant, Importance.HIGH,
                    "First run only: read the events feed from this instant (ISO-8601, e.g. 2024-01-01T00:00:00Z);"
                            + " later runs resume after the last event read")
            .define(POLL_INTERVAL_MS, Type.LONG, 60_000L, ConfigDef.Range.atLeast(100), Importance.LOW,
                    "Wait between feed requests once the feed has no newer events")
            .define(REFUSED_TOPIC, Type.STRING, "connect.refused-records", Importance.MEDIUM,
                    "Topic for objects the connector could not turn into contract records, with the reason");
    }

    BrkConfig(final Map<String, String> props) {
        super(DEFINITION, props);
    }

    RegisterClient bevragen() {
        return RegisterSettings.client(this, "BRK Bevragen");
    }

    RegisterClient events() {
        return RegisterSettings.client(new AbstractConfig(REGISTER, originalsWithPrefix(EVENTS_PREFIX)), "BRK events");
    }

    Instant start() {
        return Instant.parse(getString(START));
    }

    private static void instant(final String name, final Object value) {
        try {
            Instant.parse(String.valueOf(value));
        } catch (final DateTimeParseException e) {
            throw new ConfigException(name, value, "must be an ISO-8601 instant such as 2024-01-01T00:00:00Z");
        }
    }
}
