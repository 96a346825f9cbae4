package nl.barriere.web;

import static nl.barriere.web.Signals.indicator;
import static nl.barriere.web.Signals.ref;
import static nl.barriere.web.Signals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import nl.barriere.schema.SubjectType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The web UI's defences over real HTTP: half-sent requests are cut off while others are served, a login's {@code next}
 * never leaves the server, a link from another site keeps the session, security events are logged with their fields,
 * failed logins are throttled, and an anonymous visitor costs no session.
 */
class WebSecurityTest {

    private static final Instant NOW = Instant.parse("2024-07-01T10:00:00Z");
    private static final String RATIONALE = "Applicant formed two months ago at an address resold twice this year; needs Bibob.";
    private static final int TEST_ITERATIONS = 1_000;

    private final MutableClock clock = new MutableClock(NOW);
    private final ListAppender<ILoggingEvent> securityLog = new ListAppender<>();
    private Users.DemoUsers users;
    private InMemoryReview review;
    private WebServer server;

    @BeforeEach
    void start() {
        users = Users.demo(TEST_ITERATIONS);
        review = new InMemoryReview(clock);
        review.add(signal("sig-permit", SubjectType.PERMIT_APPLICATION, "HV-2024-0017", Instant.parse("2024-06-10T08:00:00Z"),
                null, indicator("I11", 2, ref("hor-000000007", "horeca.permit-events", 7, Instant.parse("2024-06-10T08:00:00Z")))));
        server = WebServer.start(0, review, review, users.users(), refs -> Map.of(), clock, Duration.ofMinutes(30));
        securityLog.start();
        ((Logger) LoggerFactory.getLogger(SecurityLog.LOGGER)).addAppender(securityLog);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(SecurityLog.LOGGER)).detachAppender(securityLog);
        server.close();
    }

    @Test
    void halfSentRequestsAreCutOffWhileOtherRequestsAreServed() throws Exception {
        // Given twice as many half-sent requests as the old server had workers: headers without their end, and a
        // form whose body stops after 10 of its 100 bytes
        final List<Socket> halfSent = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            halfSent.add(send("GET /login HTTP/1.1\r\nHost: localhost\r\nUser-Agent: slow"));
        }
        for (int i = 0; i < 2; i++) {
            halfSent.add(send("POST /login HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/x-www-form-urlencoded"
                    + "\r\nContent-Length: 100\r\n\r\nusername=a"));
        }

        // When a browser asks for the login page meanwhile
        final long started = System.nanoTime();
        final HttpResponse<String> page = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + server.port() + "/login")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());

        // Then it is answered at once, and every half-sent request's connection is closed by the server once the
        // request time is up, without an answer
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(WebServer.REQUEST_TIMEOUT);
        for (final Socket socket : halfSent) {
            try (socket) {
                socket.setSoTimeout((int) WebServer.REQUEST_TIMEOUT.plusSeconds(3).toMillis());
                assertThat(readAll(socket.getInputStream())).as("a cut-off request gets no answer").isEmpty();
            }
        }
    }

    @Test
    void loginsNextStaysOnThisServerAsTheBrowserReadsIt() {
        // The JDK writes a header character's low byte only: U+012F would become '/'.
        final Map<String, String> cases = new LinkedHashMap<>();
        cases.put("/\u012Fevil.example", "/");
        cases.put("//x", "/");
        cases.put("/\\x", "/");
        cases.put("/\\/x", "/");
        cases.put("https://evil.example/", "/");
        cases.put("/queue\r\nSet-Cookie: planted=1", "/");
        cases.put("/queue\nx", "/");
        cases.put("/que\u0000ue", "/");
        cases.put("/qu\u00e9ue", "/");
        cases.put("/login?next=//x", "/");
        cases.put("/%2F%2Fx", "/%2F%2Fx");
        cases.put("/queue?indicator=I7&minAge=30", "/queue?indicator=I7&minAge=30");
        cases.put("/signals/sig-permit", "/signals/sig-permit");

        cases.forEach((next, expected) -> {
            final WebClient client = new WebClient(server.port());
            final String token = WebClient.csrf(client.get("/login").body());
            final HttpResponse<String> response = client.post("/login", Map.of("csrf", token, "username", "analyst1",
                    "password", users.passwords().get("analyst1"), "next", next));
            assertThat(response.statusCode()).as(next).isEqualTo(303);
            assertThat(response.headers().firstValue("Location")).as(next).hasValue(expected);
            assertThat(Pages.safeNext(next)).as(next).isEqualTo(expected);
        });
    }

    @Test
    void aLinkFromAnotherSiteKeepsTheSession() {
        // Given an analyst logged in, with a session cookie a cross-site navigation carries
        final WebClient analyst = WebClient.loggedIn(server.port(), "analyst1", users.passwords().get("analyst1"));
        final HttpClient plain = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

        // When a link in a mail opens the login form in a browser that sends no cookies with it (a Strict cookie, or
        // another browser profile), and then one that sends the Lax session cookie on a cross-site navigation
        final HttpResponse<String> withoutCookie = send(plain, HttpRequest.newBuilder(uri("/login"))
                .header("Sec-Fetch-Site", "cross-site").header("Referer", "https://mail.example/").build());

        // Then the form sets no session cookie (it would replace the analyst's in every tab), and the analyst's
        // session still serves their pages, a cross-site navigation to the login form included
        assertThat(withoutCookie.statusCode()).isEqualTo(200);
        assertThat(withoutCookie.headers().allValues("Set-Cookie")).noneMatch(c -> c.startsWith(Sessions.COOKIE + "="))
                .allMatch(c -> c.contains("SameSite=Lax") && c.contains("Path=/login"));
        assertThat(analyst.get("/login").statusCode()).as("logged in: the form sends them on").isEqualTo(303);
        assertThat(analyst.get("/queue").statusCode()).isEqualTo(200);
        assertThat(server.liveSessions()).isEqualTo(1);
    }

    @Test
    void securityEventsAreLoggedWithTheirFieldsAndNoSecrets() {
        // When a login fails, an analyst opens a BIBOB page, a form comes without its token, and an analyst confirms
        // their own escalation
        final String password = users.passwords().get("analyst1");
        assertThat(new WebClient(server.port()).login("analyst1", "not-" + password).statusCode()).isEqualTo(401);
        final WebClient analyst = WebClient.loggedIn(server.port(), "analyst1", password);
        assertThat(analyst.get("/bibob").statusCode()).isEqualTo(403);
        assertThat(analyst.post("/logout", Map.of()).statusCode()).isEqualTo(403);
        assertThat(analyst.decide("sig-permit", "ESCALATE", RATIONALE).statusCode()).isEqualTo(303);
        assertThat(analyst.decide("sig-permit", "CONFIRM_ESCALATION", RATIONALE).statusCode()).isEqualTo(409);

        // Then each is one line of barriere.security with event, user, remote address, path and reason
        assertThat(events()).contains(
                Map.of("event", "login-failed", "user", "analyst1", "remote", "127.0.0.1", "path", "/login",
                        "reason", "wrong-password"),
                Map.of("event", "forbidden", "user", "analyst1", "remote", "127.0.0.1", "path", "/bibob",
                        "reason", "role-analyst"),
                Map.of("event", "csrf-refused", "user", "analyst1", "remote", "127.0.0.1", "path", "/logout",
                        "reason", "no-token"),
                Map.of("event", "decision-refused", "user", "analyst1", "remote", "127.0.0.1",
                        "path", "/signals/sig-permit/decision", "reason", "self-confirmation"));
        assertThat(securityLog.list).extracting(ILoggingEvent::getFormattedMessage)
                .contains("event=forbidden user=analyst1 remote=127.0.0.1 path=/bibob reason=role-analyst")
                .noneMatch(line -> line.contains(password));
    }

    @Test
    void repeatedFailuresLockTheNameForAGrowingTimeWhateverThePassword() {
        final String password = users.passwords().get("analyst1");
        // Given five failed logins for a user that exists and five for one that does not
        for (int i = 0; i < LoginThrottle.PER_USER.freeFailures(); i++) {
            assertThat(new WebClient(server.port()).login("analyst1", "guess-" + i).statusCode()).isEqualTo(401);
            assertThat(new WebClient(server.port()).login("nobody", "guess-" + i).statusCode()).isEqualTo(401);
        }

        // When the right password comes, and a guess for the name that does not exist
        final HttpResponse<String> right = new WebClient(server.port()).login("analyst1", password);
        final HttpResponse<String> unknown = new WebClient(server.port()).login("nobody", "guess");

        // Then both are refused alike for 30 seconds, which say nothing about whether the user exists
        assertThat(right.statusCode()).isEqualTo(429);
        assertThat(unknown.statusCode()).isEqualTo(429);
        assertThat(right.body()).contains("Te veel mislukte pogingen");
        assertThat(right.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(unknown.headers().firstValue("Retry-After")).hasValue("30");
        assertThat(events()).anyMatch(e -> e.get("event").equals("login-throttled") && e.get("user").equals("analyst1"));

        // And after the lock one more failure locks the name for twice as long
        clock.advance(Duration.ofSeconds(31));
        assertThat(new WebClient(server.port()).login("analyst1", "guess").statusCode()).isEqualTo(401);
        clock.advance(Duration.ofSeconds(59));
        assertThat(new WebClient(server.port()).login("analyst1", password).statusCode()).isEqualTo(429);
        clock.advance(Duration.ofSeconds(2));
        assertThat(new WebClient(server.port()).login("analyst1", password).statusCode()).isEqualTo(303);
        // And a colleague on the same address was never held up
        assertThat(new WebClient(server.port()).login("analyst2", users.passwords().get("analyst2")).statusCode())
                .isEqualTo(303);
    }

    @Test
    void manyFailuresFromOneAddressLockItForEveryName() {
        for (int i = 0; i < LoginThrottle.PER_ADDRESS.freeFailures(); i++) {
            assertThat(new WebClient(server.port()).login("name-" + i, "guess").statusCode()).isEqualTo(401);
        }

        assertThat(new WebClient(server.port()).login("analyst2", users.passwords().get("analyst2")).statusCode())
                .isEqualTo(429);
        clock.advance(Duration.ofSeconds(31));
        assertThat(new WebClient(server.port()).login("analyst2", users.passwords().get("analyst2")).statusCode())
                .isEqualTo(303);
    }

    @Test
    void tenThousandAnonymousVisitorsLeaveNoSession() {
        final HttpClient visitors = HttpClient.newHttpClient();
        for (int i = 0; i < 10_000; i++) {
            assertThat(send(visitors, HttpRequest.newBuilder(uri("/login")).build()).statusCode()).isEqualTo(200);
        }

        assertThat(server.liveSessions()).isZero();
        WebClient.loggedIn(server.port(), "analyst1", users.passwords().get("analyst1"));
        assertThat(server.liveSessions()).isEqualTo(1);
    }

    @Test
    void theLoginFormsTokenBelongsToItsOwnCookie() {
        // Given one visitor's login form
        final String token = WebClient.csrf(new WebClient(server.port()).get("/login").body());

        // When another browser, with a pre-login cookie of its own, posts it
        final WebClient other = new WebClient(server.port());
        other.get("/login");
        final HttpResponse<String> response = other.post("/login", Map.of("csrf", token, "username", "analyst1",
                "password", users.passwords().get("analyst1")));

        // Then it is refused
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(server.liveSessions()).isZero();
    }

    private List<Map<String, String>> events() {
        return securityLog.list.stream().map(event -> event.getKeyValuePairs().stream()
                .collect(Collectors.toMap(pair -> pair.key, pair -> String.valueOf(pair.value)))).toList();
    }

    private Socket send(final String partial) throws IOException {
        final Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
        final OutputStream out = socket.getOutputStream();
        out.write(partial.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return socket;
    }

    /** Everything the server sends until it closes the connection (a reset counts as closed). */
    private static String readAll(final InputStream in) throws IOException {
        try {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server kept a half-sent request open past its request time", e);
        } catch (IOException reset) {
            return "";
        }
    }

    private URI uri(final String path) {
        return URI.create("http://localhost:" + server.port() + path);
    }

    private static HttpResponse<String> send(final HttpClient client, final HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
