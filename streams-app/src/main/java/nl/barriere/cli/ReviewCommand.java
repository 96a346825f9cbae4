package nl.barriere.cli;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.HealthServer;
import nl.barriere.platform.Logging;
import nl.barriere.review.DecisionSigner;
import nl.barriere.review.ReviewTopology;
import nl.barriere.web.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

@Command(name = "review", mixinStandardHelpOptions = true,
    description = {
        "Runs the review app against a Kafka cluster: keeps signals and analysts' decisions in queryable stores, "
            + "enforces the four-eyes gate (an escalation by one analyst, confirmed by a different one, each with a "
            + "rationale of at least 50 characters) and writes the one flagged permit per confirmed permit "
            + "application to bibob.flagged-permits. Refused decisions go to ondermijning.dead-letters with the "
            + "reason. Dismissed signals are tombstoned review.retention.dismissed.days after dismissal (stream time).",
        "Serves the review web UI on --web-port for the users of --users (see add-user).",
        "Signs every decision it writes, and refuses every decision on review.decisions not signed so, with the key in "
            + "the file review.signing.key.file (BARRIERE_REVIEW_SIGNING_KEY_FILE) names: a properties file with "
            + "review.signing.key, base64 (deploy/generate-secrets.sh writes deploy/secrets/review.properties).",
        "Health: GET /health/live and /health/ready on --health-port, Prometheus metrics on /metrics there. "
            + "Ctrl-C stops it."})
final class ReviewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--web-port", defaultValue = "8080", paramLabel = "PORT",
        description = "Port of the review web UI (0: any free port). Default: ${DEFAULT-VALUE}.")
    int webPort;

    @Option(names = "--bind-address", defaultValue = "127.0.0.1", paramLabel = "ADDRESS",
        description = "Address the web UI listens on: 127.0.0.1 this machine only (behind a reverse proxy on the same "
            + "host), 0.0.0.0 every interface (in a container: the compose file and the Kubernetes manifests set it). "
            + "Default: ${DEFAULT-VALUE}.")
    String bindAddress;

    @Option(names = "--users", paramLabel = "FILE",
        description = "Users of the web UI with their roles and password hashes (required; made with add-user).")
    Path users;

    @Option(names = "--health-port", defaultValue = "8073", paramLabel = "PORT",
        description = "Port of the health endpoints (0: any free port). Default: ${DEFAULT-VALUE}.")
    int healthPort;

    @Mixin
    HealthBindOption healthBind;

    @Override
    public Integer call() throws Exception {
        Logging.app(ReviewTopology.APPLICATION_ID);
        final Users accounts = users();
        final AppConfig config = connection.config();
        try {
            DecisionSigner.fromConfig(config);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        final PrintWriter out = spec.commandLine().getOut();
        try (ReviewServer review = ReviewServer.start(config, new InetSocketAddress(bindAddress, webPort), accounts);
             HealthServer health = HealthServer.start(healthBind.on(healthPort), List.of(review.streamsApp()))) {
            out.printf("Review app runs against %s; web UI on http://localhost:%d/ for the %d users of %s; "
                    + "health on http://localhost:%d/health/ready%n",
                config.bootstrapServers(), review.webPort(), accounts.size(), users, health.port());
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(review::close));
            review.streamsApp().awaitStop();
        }
        return 0;
    }

    /** The users of the UI; without them the UI is not started at all, so nothing is ever served to nobody. */
    private Users users() {
        final String howTo = "create it with `barriere add-user --users FILE NAME ROLE`, once per user "
                + "(four eyes needs two analysts)";
        if (users == null) {
            throw new ParameterException(spec.commandLine(),
                "--users FILE (or BARRIERE_USERS) is required: the review web UI does not run without users; " + howTo);
        }
        if (!Files.isReadable(users)) {
            throw new ParameterException(spec.commandLine(), "--users: cannot read " + users + "; " + howTo);
        }
        final Users loaded;
        try {
            loaded = Users.load(users);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--users: " + e.getMessage());
        }
        if (loaded.size() == 0) {
            throw new ParameterException(spec.commandLine(), "--users: " + users + " has no users; " + howTo);
        }
        return loaded;
    }
}
