package nl.barriere.cli;

import java.net.InetSocketAddress;
import picocli.CommandLine.Option;

/** Where the health and metrics endpoints listen: this machine only, unless a probe or a scraper comes from elsewhere. */
final class HealthBindOption {

    @Option(names = "--health-bind-address", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
        description = "Address the health and metrics endpoints listen on: 127.0.0.1 this machine only, 0.0.0.0 every "
            + "interface (in a container, for the orchestrator's probes and Prometheus). Default: ${DEFAULT-VALUE}.")
    String address;

    InetSocketAddress on(final int port) {
        return new InetSocketAddress(address, port);
    }
}
