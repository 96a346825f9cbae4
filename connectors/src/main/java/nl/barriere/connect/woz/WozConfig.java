package nl.barriere.connect.woz;

import java.util.Map;
import java.util.Properties;
import nl.barriere.connect.Lookups;
import nl.barriere.connect.http.RegisterClient;
import nl.barriere.connect.http.RegisterSettings;
import nl.barriere.contract.Topics;
import nl.barriere.schema.PropertyTransfer;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The WOZ connector's settings: {@code register.*} for WOZ Bevragen, the Kafka cluster and topic the task reads the
 * transferred BAG objects from (its own consumer, so it needs its own connection settings: {@code
 * woz.bootstrap.servers} and any client setting under {@code woz.consumer.}, e.g. the SASL login) and the schema
 * registry its transfers are decoded with, how long a looked-up
 * object is not looked up again, and where refused records go.
 */
final class WozConfig extends AbstractConfig {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String BOOTSTRAP_SERVERS = "woz.bootstrap.servers";
    static final String CONSUMER_PREFIX = "woz.consumer.";
    static final String TRANSFERS_TOPIC = "woz.transfers.topic";
    static final String REGISTRY_URL = "woz.schema.registry.url";
    static final String LOOKUP_INTERVAL_MS = "woz.lookup.interval.ms";
    static final String REFUSED_TOPIC = "refused.topic";

    static final ConfigDef DEFINITION = RegisterSettings.define(new ConfigDef(), API_KEY_HEADER)
            .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Kafka cluster of the transfers topic and of woz.valuations (host:port,...);"
                            + " security settings go under " + CONSUMER_PREFIX + ", e.g. "
                            + CONSUMER_PREFIX + "sasl.jaas.config")
            .define(TRANSFERS_TOPIC, Type.STRING, Topics.KADASTER_PROPERTY_TRANSFERS.name(),
                    new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                    "Topic whose record keys are the BAG verblijfsobject ids to look up")
            .define(REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Schema registry of the transfers topic (its ccompat API): the task reads each"
                            + " transfer's event time, which its valuations take")
            .define(LOOKUP_INTERVAL_MS, Type.LONG, 30L * 24 * 60 * 60 * 1000, ConfigDef.Range.atLeast(0),
                    Importance.LOW, "An object looked up less than this long ago is not looked up again when it is"
                            + " transferred again (the memory is the task's own and ends with it)")
            .define(REFUSED_TOPIC, Type.STRING, "connect.refused-records", Importance.MEDIUM,
                    "Topic for objects the connector could not turn into contract records, with the reason");

    WozConfig(final Map<String, String> props) {
        super(DEFINITION, props);
    }

    RegisterClient bevragen() {
        return RegisterSettings.client(this, "WOZ Bevragen");
    }

    /** The transfers topic's value deserializer, for the transfer's event time. */
    Deserializer<PropertyTransfer> transferValues() {
        return Topics.KADASTER_PROPERTY_TRANSFERS.valueSerde(Map.of("schema.registry.url", getString(REGISTRY_URL)))
                .deserializer();
    }

    /** Settings of the task's consumers ({@link Lookups#consumer}). */
    Properties consumer() {
        return Lookups.consumer(this, CONSUMER_PREFIX, getString(BOOTSTRAP_SERVERS));
    }
}
