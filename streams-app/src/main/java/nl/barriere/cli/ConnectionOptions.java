package nl.barriere.cli;

import java.nio.file.Path;
import nl.barriere.platform.AppConfig;
import picocli.CommandLine.Option;

/** Where the Kafka cluster and the schema registry are: flags over environment over file over defaults. */
final class ConnectionOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file (Kafka client keys, schema.registry.url, topics.*). Environment variables "
                    + "BARRIERE_<KEY> (e.g. BARRIERE_BOOTSTRAP_SERVERS) override it.")
    Path configFile;

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT",
            description = "Kafka bootstrap servers (default: localhost:9092, where `demo` listens).")
    String bootstrap;

    @Option(names = "--registry", paramLabel = "URL",
            description = "Schema registry URL (default: http://localhost:8081, where `demo` serves it).")
    String registry;

    AppConfig config() {
        return AppConfig.load(configFile, System.getenv())
                .with(AppConfig.BOOTSTRAP_SERVERS, bootstrap)
                .with(AppConfig.REGISTRY_URL, registry);
    }
}
