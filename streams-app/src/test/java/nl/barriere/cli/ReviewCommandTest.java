package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.schema.EvidenceRef;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RiskSignal;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;
import nl.barriere.web.Users;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code barriere review}: it never serves the web UI without users (refused before anything connects, with the
 * way to make a users file), and with users the UI runs on the review app's own stores.
 */
class ReviewCommandTest {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");
    /** Nothing listens here: a command that got past its checks would hang on it, and the timeout would fail. */
    private static final String NO_BROKER = "localhost:1";

    @Test
    @Timeout(20)
    void withoutUsersItRefusesToStartAndSaysHowToMakeThem() {
        // When review is started without --users
        final Result result = run("review", "--bootstrap", NO_BROKER);

        // Then it refuses with picocli's usage error, naming the command that makes a users file
        assertThat(result.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(result.err).contains("--users FILE (or BARRIERE_USERS) is required: the review web UI does not run without users; "
                + "create it with `barriere add-user --users FILE NAME ROLE`, once per user (four eyes needs two analysts)");
        assertThat(result.out).isEmpty();
    }

    @Test
    @Timeout(20)
    void aMissingUsersFileIsRefused(@TempDir final Path dir) {
        final Path missing = dir.resolve("users.txt");

        final Result result = run("review", "--bootstrap", NO_BROKER, "--users", missing.toString());

        assertThat(result.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(result.err).contains("--users: cannot read " + missing + "; create it with `barriere add-user");
    }

    @Test
    @Timeout(20)
    void aUsersFileWithoutUsersIsRefused(@TempDir final Path dir) throws IOException {
        final Path empty = Files.writeString(dir.resolve("users.txt"), "# name role hash\n");

        final Result result = run("review", "--bootstrap", NO_BROKER, "--users", empty.toString());

        assertThat(result.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(result.err).contains("--users: " + empty + " has no users; create it with `barriere add-user");
    }

    @Test
    @Timeout(20)
    void aMalformedUsersFileIsRefusedWithItsLine(@TempDir final Path dir) throws IOException {
        final Path bad = Files.writeString(dir.resolve("users.txt"), "# name role hash\nanalyst1 analyst secret\n");

        final Result result = run("review", "--bootstrap", NO_BROKER, "--users", bad.toString());

        assertThat(result.exitCode).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(result.err).contains("--users: " + bad + " line 2: the hash must read pbkdf2-sha256:ITERATIONS:SALT:HASH");
    }

    @Test
    @Timeout(120)
    void withUsersTheWebUiShowsTheReviewAppsSignals() throws Exception {
        try (EmbeddedPlatform platform = EmbeddedPlatform.start("review-command")) {
            // Given the topics, one permit signal on the signals topic and one analyst
            final AppConfig config = platform.config();
            final RiskSignal signal = permitSignal("sig-0000000000000000000000000000c0de", "APP-2025-0042",
                    Instant.parse("2025-03-03T12:00:00Z"));
            platform.write(Topics.SIGNALS, signal);
            final Users users = Users.parse(List.of(Users.line("analyst1", Role.ANALYST, "correct horse battery")), "test");

            // When the review app starts with its web UI on a free port
            final ReviewServer review = ReviewServer.start(config, 0, users);
            try (review) {
                assertThat(review.streamsApp().awaitRunning(Duration.ofSeconds(60))).isTrue();
                final Browser browser = new Browser(review.webPort());

                // Then an anonymous visitor is sent to the login form
                final HttpResponse<String> anonymous = browser.get("/queue");
                assertThat(anonymous.statusCode()).isEqualTo(303);
                assertThat(anonymous.headers().firstValue("Location")).contains("/login?next=%2Fqueue");

                // And the analyst, logged in, finds the signal in the queue, read from the review app's stores
                assertThat(browser.login("analyst1", "correct horse battery").statusCode()).isEqualTo(303);
                assertThat(awaitInQueue(browser, "APP-2025-0042")).contains("/signals/" + signal.getSignalId());
            }
            // And closing again (the shutdown hook and the command's try both close it) changes nothing
            review.close();
        }
    }

    private static String awaitInQueue(final Browser browser, final String text) throws InterruptedException {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        String body = "";
        while (System.nanoTime() < deadline) {
            final HttpResponse<String> queue = browser.get("/queue");
            body = queue.body();
            if (queue.statusCode() == 200 && body.contains(text)) {
                return body;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the queue did not show " + text + " within 60 s:\n" + body);
    }

    private static RiskSignal permitSignal(final String signalId, final String applicationId, final Instant detectedAt) {
        final IndicatorResult i11 = IndicatorResult.newBuilder().setRuleId("I11").setRuleVersion(1).setWeight(2)
                .setParameters(Map.of("startMonths", "3"))
                .setExplanationNl("Aanvrager korter dan drie maanden ingeschreven.")
                .setExplanationEn("Applicant registered less than three months ago.")
                .setEvidence(List.of(new EvidenceRef("hor-1", Topics.HORECA_PERMIT_EVENTS.name(), 0, 0L, detectedAt)))
                .build();
        return RiskSignal.newBuilder().setSignalId(signalId)
                .setSubject(new SignalSubject(SubjectType.PERMIT_APPLICATION, applicationId))
                .setIndicators(List.of(i11)).setScore(2).setRulesetVersion("v1").setDetectedAt(detectedAt)
                .setSupersedes(null).build();
    }

    /** Cookies kept, redirects not followed, so each answer is visible. */
    private static final class Browser {

        private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String base;

        Browser(final int port) {
            this.base = "http://localhost:" + port;
        }

        HttpResponse<String> get(final String path) {
            return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
        }

        HttpResponse<String> login(final String user, final String password) {
            final Matcher csrf = CSRF.matcher(get("/login").body());
            assertThat(csrf.find()).as("CSRF field on the login form").isTrue();
            final String form = Map.of("csrf", csrf.group(1), "username", user, "password", password).entrySet().stream()
                    .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                    .collect(Collectors.joining("&"));
            return send(HttpRequest.newBuilder(URI.create(base + "/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form)).build());
        }

        private HttpResponse<String> send(final HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException | InterruptedException e) {
                throw new AssertionError(request.uri() + " failed", e);
            }
        }
    }

    record Result(int exitCode, String out, String err) {}

    private static Result run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Barriere.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }
}
