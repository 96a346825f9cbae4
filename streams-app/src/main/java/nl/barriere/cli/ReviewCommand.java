package nl.barriere.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.HealthServer;
import nl.barriere.platform.Logging;
import nl.barriere.review.DecisionSigner;
import nl.barriere.review.ReviewTopology;
import nl.barriere.web.Users;
import nl.barriere.web.oidc.OidcLogin;
import nl.barriere.web.oidc.OidcSettings;
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
        "Serves the review web UI on --web-port for the users of --users (see add-user), or, with oidc.issuer set "
            + "(BARRIERE_OIDC_ISSUER), for the users the municipality's identity provider logs in, by their groups "
            + "(oidc.roles); then --users must not be given.",
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
        description = "Users of the web UI with their roles and password hashes (made with add-user); required "
            + "unless oidc.issuer is set, and refused beside it.")
    Path users;

    @Option(names = "--health-port", defaultValue = "8073", paramLabel = "PORT",
        description = "Port of the health endpoints (0: any free port). Default: ${DEFAULT-VALUE}.")
    int healthPort;

    @Mixin
    HealthBindOption healthBind;

    @Override
    public Integer call() throws Exception {
        Logging.app(ReviewTopology.APPLICATION_ID);
        final AppConfig config = connection.config();
        final boolean oidc = OidcSettings.configured(config);
        final Users accounts = oidc ? null : users();
        if (oidc && users != null) {
            throw new ParameterException(spec.commandLine(), "--users (BARRIERE_USERS) and oidc.issuer are both set: "
                + "with OpenID Connect the identity provider is the only login, and the users file is not used; "
                + "remove one of them");
        }
        try {
            DecisionSigner.fromConfig(config);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        final OidcLogin login = oidc ? connect(config) : null;
        final PrintWriter out = spec.commandLine().getOut();
        final InetSocketAddress web = new InetSocketAddress(bindAddress, webPort);
        try (ReviewServer review = oidc ? ReviewServer.start(config, web, login) : ReviewServer.start(config, web, accounts);
             HealthServer health = HealthServer.start(healthBind.on(healthPort), List.of(review.streamsApp()))) {
            out.printf("Review app runs against %s; web UI on http://localhost:%d/ for %s; "
                    + "health on http://localhost:%d/health/ready%n", config.bootstrapServers(), review.webPort(),
                oidc ? "the users " + config.get(AppConfig.OIDC_ISSUER) + " logs in"
                    : "the " + accounts.size() + " users of " + users, health.port());
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(review::close));
            review.streamsApp().awaitStop();
        }
        return 0;
    }

    /**
     * The login at the identity provider, its discovery read once now: a review app that cannot reach it does not
     * start, rather than serve a UI nobody can log in to.
     */
    private OidcLogin connect(final AppConfig config) throws InterruptedException {
        final OidcSettings settings;
        try {
            settings = OidcSettings.from(config);
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new ParameterException(spec.commandLine(), "OpenID Connect: " + e.getMessage());
        }
        if (settings.clientSecret().isEmpty() || settings.redirectUri() == null) {
            throw new ParameterException(spec.commandLine(), "OpenID Connect: the web login needs "
                + AppConfig.OIDC_CLIENT_SECRET_FILE + " and " + AppConfig.OIDC_REDIRECT_URI);
        }
        try {
            return OidcLogin.connect(settings, HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(),
                Clock.systemUTC());
        } catch (IOException | IllegalArgumentException | IllegalStateException e) {
            throw new ParameterException(spec.commandLine(), "OpenID Connect: cannot read the discovery document of "
                + settings.issuer() + ": " + e.getMessage());
        }
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
