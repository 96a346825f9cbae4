package nl.barriere.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.HealthServer;
import nl.barriere.review.ReviewApp;
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
        "Health: GET /health/live and /health/ready on --health-port. Ctrl-C stops it."})
final class ReviewCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--web-port", defaultValue = "8080", paramLabel = "PORT",
        description = "Port of the review web UI. Default: ${DEFAULT-VALUE}.")
    int webPort;

    @Option(names = "--users", paramLabel = "FILE",
        description = "Users of the web UI with their roles and password hashes.")
    Path users;

    @Option(names = "--health-port", defaultValue = "8073", paramLabel = "PORT",
        description = "Port of the health endpoints (0: any free port). Default: ${DEFAULT-VALUE}.")
    int healthPort;

    @Override
    public Integer call() throws Exception {
        if (users != null && !Files.isReadable(users)) {
            throw new ParameterException(spec.commandLine(), "--users: cannot read " + users);
        }
        final AppConfig config = connection.config();
        final PrintWriter out = spec.commandLine().getOut();
        try (ReviewApp review = ReviewApp.start(config);
             HealthServer health = HealthServer.start(healthPort, List.of(review.streamsApp()))) {
            // the web UI is started here, on webPort with the users of the users file, over review.queries()
            // and review.desk(), and closed before the review app.
            out.printf("Review app runs against %s; health on http://localhost:%d/health/ready%n",
                config.bootstrapServers(), health.port());
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(review::close));
            review.streamsApp().awaitStop();
        }
        return 0;
    }
}
