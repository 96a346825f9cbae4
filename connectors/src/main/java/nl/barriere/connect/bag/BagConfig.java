package nl.barriere.connect.bag;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.Function;
import nl.barriere.connect.Lookups;
import nl.barriere.connect.http.RegisterClient;
import nl.barriere.connect.http.RegisterSettings;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * The BAG connector's settings: {@code register.*} for the BAG API Individuele Bevragingen (API key in {@code
 * X-Api-Key}), the Kafka cluster the task reads the BAG ids from with a consumer of its own ({@code
 * bag.bootstrap.servers}, any client setting under {@code bag.consumer.}, e.g. the SASL login), the input topics and
 * the schema registry their values are decoded with, how long a looked-up object is not asked again, and where
 * refused records go. BAG holds no person data, so this connector has no pseudonymisation transform.
 */
final class BagConfig extends AbstractConfig {

    static final String API_KEY_HEADER = "X-Api-Key";
    static final String BOOTSTRAP_SERVERS = "bag.bootstrap.servers";
    static final String CONSUMER_PREFIX = "bag.consumer.";
    static final String INPUT_TOPICS = "bag.input.topics";
    static final String REGISTRY_URL = "bag.schema.registry.url";
    static final String LOOKUP_INTERVAL_MS = "bag.lookup.interval.ms";
    static final String REFUSED_TOPIC = "refused.topic";

    /** The contract topics that name a BAG verblijfsobject, and where in their value it is. */
    static final Map<String, Function<Object, String>> BAG_ID_OF = Map.of(
            Topics.KADASTER_PROPERTY_TRANSFERS.name(), value -> ((PropertyTransfer) value).getBagVboId(),
            Topics.HORECA_PERMIT_EVENTS.name(), value -> ((PermitEvent) value).getBagVboId(),
            Topics.KVK_BUSINESS_EVENTS.name(), value -> {
                final BusinessEvent event = (BusinessEvent) value;
                return event.getAddress() == null ? null : event.getAddress().getBagVboId();
            });

    static final ConfigDef DEFINITION = RegisterSettings.define(new ConfigDef(), API_KEY_HEADER)
            .define(BOOTSTRAP_SERVERS, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Kafka cluster of the input topics and of bag.objects (host:port,...);"
                            + " security settings go under " + CONSUMER_PREFIX + ", e.g. "
                            + CONSUMER_PREFIX + "sasl.jaas.config")
            .define(INPUT_TOPICS, Type.LIST, List.of(Topics.KADASTER_PROPERTY_TRANSFERS.name(),
                            Topics.HORECA_PERMIT_EVENTS.name(), Topics.KVK_BUSINESS_EVENTS.name()),
                    new InputTopics(), Importance.MEDIUM,
                    "Topics whose records name the BAG verblijfsobjecten to look up: any of "
                            + String.join(", ", BAG_ID_OF.keySet().stream().sorted().toList()))
            .define(REGISTRY_URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonEmptyString(),
                    Importance.HIGH, "Schema registry of the input topics (its ccompat API): the BAG id is in the"
                            + " record's Avro value")
            .define(LOOKUP_INTERVAL_MS, Type.LONG, 30L * 24 * 60 * 60 * 1000, ConfigDef.Range.atLeast(0),
                    Importance.LOW, "An object looked up less than this long ago is not asked again when a record"
                            + " names it again; after a restart the time of its last record on bag.objects counts")
            .define(REFUSED_TOPIC, Type.STRING, "connect.refused-records", Importance.MEDIUM,
                    "Topic for input records and objects the connector could not turn into BagObjects, with the"
                            + " reason");

    BagConfig(final Map<String, String> props) {
        super(DEFINITION, props);
    }

    RegisterClient bagApi() {
        return RegisterSettings.client(this, "BAG API");
    }

    List<String> inputTopics() {
        return getList(INPUT_TOPICS);
    }

    /** The value deserializer of an input topic: its contract class, through the registry. */
    Deserializer<?> values(final String topic) {
        final Topic<?, ?> contract = Topics.byName(topic).orElseThrow();
        return contract.valueSerde(Map.of("schema.registry.url", getString(REGISTRY_URL))).deserializer();
    }

    /** Settings of the task's consumers ({@link Lookups#consumer}). */
    Properties consumer() {
        return Lookups.consumer(this, CONSUMER_PREFIX, getString(BOOTSTRAP_SERVERS));
    }

    /** At least one topic, each a contract topic whose records name a BAG verblijfsobject, none twice. */
    private static final class InputTopics implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            @SuppressWarnings("unchecked")
            final List<String> topics = value == null ? List.of() : (List<String>) value;
            if (topics.isEmpty()) {
                throw new ConfigException(name, value, "needs at least one topic");
            }
            for (final String topic : topics) {
                if (!BAG_ID_OF.containsKey(topic)) {
                    throw new ConfigException(name, value, topic + " is not a topic whose records name a BAG"
                            + " verblijfsobject; " + this);
                }
            }
            if (topics.stream().distinct().count() < topics.size()) {
                throw new ConfigException(name, value, "names a topic twice");
            }
        }

        @Override
        public String toString() {
            return "a list of " + String.join(", ", BAG_ID_OF.keySet().stream().sorted().toList());
        }
    }
}
