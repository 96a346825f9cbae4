package nl.barriere.platform;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;

/**
 * What every {@link TopologyTestDriver}-based test shares: one real in-process schema registry behind the Avro
 * serdes for the whole test run, and a driver with a fresh application id and its state under {@code target/}.
 */
public final class TestTopologies {

    private static EmbeddedSchemaRegistry registry;

    private TestTopologies() {}

    public static synchronized EmbeddedSchemaRegistry registry() {
        if (registry == null) {
            registry = EmbeddedSchemaRegistry.start(0);
            Runtime.getRuntime().addShutdownHook(new Thread(registry::close));
        }
        return registry;
    }

    public static String freshId(final String prefix) {
        return prefix + "-" + UUID.randomUUID();
    }

    public static Map<String, Object> serdeConfig() {
        return Map.of("schema.registry.url", registry().url());
    }

    /** A driver for {@code topology}; use a fresh {@code applicationId} per driver (see {@link #freshId}). */
    public static TopologyTestDriver driver(final Topology topology, final String applicationId) {
        final Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of("target", "kafka-streams").toAbsolutePath().toString());
        return new TopologyTestDriver(topology, props);
    }
}
