package nl.barriere.connect.kvk;

import java.util.Map;
import nl.barriere.connect.http.RegisterClient;
import nl.barriere.connect.http.RegisterSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The KvK connector's settings: {@code register.*} for the Mutatieservice (see {@link RegisterSettings}), the base
 * URLs of the profile API and of the officers source, the subscription, and where the last-seen profiles are kept.
 */
final class KvkMutationConfig extends AbstractConfig {

    static final String SUBSCRIPTION = "kvk.subscription.id";
    static final String PROFILE_URL = "kvk.profile.url";
    static final String OFFICERS_URL = "kvk.officers.url";
    static final String START = "kvk.start";
    static final String PAGE_SIZE = "kvk.page.size";
    static final String POLL_INTERVAL_MS = "kvk.poll.interval.ms";
    static final String STATE_DIR = "kvk.state.dir";
    static final String STATE_KEY = "kvk.state.key";
    static final String TOPIC = "topic";
    static final String REFUSED_TOPIC = "refused.topic";

    static final ConfigDef DEF = RegisterSettings.define(new ConfigDef(), "apikey")
            .define(SUBSCRIPTION, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "The Mutatieservice subscription [abonnement] id KvK issued")
            .define(PROFILE_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Base URL of the Basisprofiel API, e.g. https://api.kvk.nl/api/v1; same credentials as register.*")
            .define(OFFICERS_URL, Type.STRING, "", Importance.MEDIUM,
                    "Base URL of the officers source (the Dataservice Inschrijving adapter, GET {url}/functionarissen/"
                            + "{kvkNummer}); empty: officers are not followed")
            .define(START, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Instant of the first signal to read on the very first start, e.g. 2026-01-01T00:00:00Z")
            .define(PAGE_SIZE, Type.INT, 100, Range.between(1, 500), Importance.LOW, "Signals per page [aantal]")
            .define(POLL_INTERVAL_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                    "Wait after a poll that found no new signal")
            .define(STATE_DIR, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Directory of the last-seen profiles, one encrypted file per KvK number; every"
                            + " worker of the Connect cluster must see the same directory")
            .define(STATE_KEY, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "Key (at least 32 bytes) that encrypts the last-seen profiles (they hold officer identifiers);"
                            + " give it through a config provider")
            .define(TOPIC, Type.STRING, "kvk.business-events", Importance.LOW, "Where the business events go")
            .define(REFUSED_TOPIC, Type.STRING, "connect.refused-records", Importance.LOW,
                    "Where a signal whose answers are malformed goes, without value");

    KvkMutationConfig(final Map<String, String> props) {
        super(DEF, props);
        if (getPassword(STATE_KEY).value().getBytes(java.nio.charset.StandardCharsets.UTF_8).length < 32) {
            throw new ConfigException(STATE_KEY, "[hidden]", "must be at least 32 bytes");
        }
        try {
            java.time.Instant.parse(getString(START));
        } catch (final java.time.format.DateTimeParseException e) {
            throw new ConfigException(START, getString(START), "not an ISO-8601 instant");
        }
    }

    RegisterClient mutations() {
        return RegisterSettings.client(this, "KvK Mutatieservice");
    }

    RegisterClient profiles() {
        return RegisterSettings.client(this, "KvK Basisprofiel", getString(PROFILE_URL));
    }

    RegisterClient officers() {
        return getString(OFFICERS_URL).isBlank() ? null
                : RegisterSettings.client(this, "KvK Dataservice", getString(OFFICERS_URL));
    }
}
