package nl.barriere.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import nl.barriere.platform.AppConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** Where the Kafka cluster and the schema registry are: flags over environment over file over defaults. */
final class ConnectionOptions {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionOptions.class);

    private final Map<String, String> env;

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (Kafka client keys, schema.registry.url, topics.*, and the options that are "
                    + "settings: users, web.port, health.port, bind.address, ruleset). Environment variables "
                    + "BARRIERE_<KEY> (e.g. BARRIERE_BOOTSTRAP_SERVERS, BARRIERE_WEB_PORT) override it; flags override both.")
    Path configFile;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: localhost:9092, where `demo` listens).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry URL (default: http://localhost:8081, where `demo` serves it).")
    String registry;

    ConnectionOptions(final Map<String, String> env) {
        this.env = env;
    }

    /** With this process's environment: for a command built outside {@link Barriere#commandLine(Map)}. */
    ConnectionOptions() {
        this(System.getenv());
    }

    AppConfig config() {
        final AppConfig config = AppConfig.load(configFile, env)
                .with(AppConfig.BOOTSTRAP_SERVERS, bootstrap)
                .with(AppConfig.REGISTRY_URL, registry);
        config.unknownKeys().forEach(key -> LOG.warn("configuration key '{}' (from the --config file or BARRIERE_{}) is "
                + "not a setting of Kafka, the schema registry or Barrière; check its spelling", key,
                key.toUpperCase(Locale.ROOT).replace('.', '_')));
        return config;
    }
}
