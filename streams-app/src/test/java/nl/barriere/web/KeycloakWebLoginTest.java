package nl.barriere.web;

import static nl.barriere.web.Signals.indicator;
import static nl.barriere.web.Signals.ref;
import static nl.barriere.web.Signals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import ch.qos.logback.core.read.ListAppender;
import nl.barriere.platform.AppConfig;
import nl.barriere.schema.SubjectType;
import nl.barriere.web.oidc.Browser;
import nl.barriere.web.oidc.Keycloak;
import nl.barriere.web.oidc.OidcLogin;
import nl.barriere.web.oidc.OidcSettings;
import nl.barriere.web.oidc.ShiftedClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The web UI's login at a real Keycloak ({@link Keycloak}), over HTTP: {@code /login} sends the browser to Keycloak,
 * Keycloak's login form sends it back to the redirect URI, which makes the session; a user in no mapped group is
 * refused with a neutral page and a security event; a session ends with its ID token; a user with two roles chooses
 * one; logout goes on to Keycloak's end-session URL; and the users file's password form is not there.
 */
class KeycloakWebLoginTest {

    private static final Instant DETECTED = Instant.parse("2024-06-10T08:00:00Z");
    private static Keycloak keycloak;

    @TempDir
    static Path secrets;

    private final ShiftedClock clock = new ShiftedClock();
    private final ListAppender<ILoggingEvent> securityLog = new ListAppender<>();
    private WebServer server;
    private int port;

    @BeforeAll
    static void startKeycloak() throws Exception {
        keycloak = Keycloak.shared();
    }

    static String keycloakIssuer() {
        return keycloak.issuer().toString();
    }

    @BeforeEach
    void start() throws Exception {
        port = freePort();
        final InMemoryReview review = new InMemoryReview(clock);
        review.add(signal("sig-permit", SubjectType.PERMIT_APPLICATION, "HV-2024-0017", DETECTED, null,
                indicator("I11", 2, ref("hor-000000007", "horeca.permit-events", 7, DETECTED))));
        server = WebServer.start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), review, review, null,
                login(port, clock, secrets), refs -> Map.of(), clock, Duration.ofMinutes(30), 4);
        securityLog.start();
        ((Logger) LoggerFactory.getLogger(SecurityLog.LOGGER)).addAppender(securityLog);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(SecurityLog.LOGGER)).detachAppender(securityLog);
        server.close();
    }

    /** The login as the review app builds it from its settings, for a web server on {@code port} of localhost. */
    static OidcLogin login(final int port, final java.time.Clock clock, final Path dir) throws Exception {
        final Path secret = Files.writeString(Files.createTempFile(dir, "oidc-client-secret", ""),
                Keycloak.CLIENT_SECRET + "\n");
        final OidcSettings settings = OidcSettings.from(AppConfig.load(null, Map.of(
                "BARRIERE_OIDC_ISSUER", keycloak.issuer().toString(),
                "BARRIERE_OIDC_CLIENT_ID", Keycloak.CLIENT_ID,
                "BARRIERE_OIDC_CLIENT_SECRET_FILE", secret.toString(),
                "BARRIERE_OIDC_REDIRECT_URI", "http://localhost:" + port + "/login/oidc",
                "BARRIERE_OIDC_POST_LOGOUT_REDIRECT_URI", "http://localhost:" + port + "/logged-out",
                "BARRIERE_OIDC_ROLES", "analyst:/barriere-analysts,bibob-officer:/barriere-bibob,auditor:/barriere-auditors",
                "BARRIERE_OIDC_CLOCK_SKEW_SECONDS", "5")));
        return OidcLogin.connect(settings, HttpClient.newHttpClient(), clock);
    }

    /**
     * The round trip a browser makes: Barrière's {@code /login} (which sets the pending-login cookie), Keycloak's
     * form with the user's password, and back to the redirect URI; returns Barrière's answer there.
     */
    private HttpResponse<String> logInAtKeycloak(final WebClient web, final String next, final String user)
            throws Exception {
        final HttpResponse<String> toKeycloak = web.get("/login?next=" + next);
        assertThat(toKeycloak.statusCode()).isEqualTo(303);
        final String location = toKeycloak.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith(keycloak.issuer() + "/protocol/openid-connect/auth?");
        assertThat(toKeycloak.headers().allValues("Set-Cookie")).anySatisfy(cookie -> assertThat(cookie)
                .startsWith(OidcLogin.COOKIE + "=").contains("Path=/login/oidc", "HttpOnly", "SameSite=Lax"));
        final Browser.Answer back = new Browser(keycloak.issuer()).logIn(URI.create(location), user,
                Keycloak.PASSWORDS.get(user));
        assertThat(back.location().toString()).startsWith("http://localhost:" + port + "/login/oidc?");
        return web.get(back.location().getRawPath() + "?" + back.location().getRawQuery());
    }

    @Test
    void anAnalystLogsInAtKeycloakAndLandsWhereTheyWereGoing() throws Exception {
        // Given a browser that asked for the queue and was sent to log in
        final WebClient web = new WebClient(port);
        assertThat(web.get("/queue").headers().firstValue("Location")).contains("/login?next=%2Fqueue");

        // When analyst1 logs in at Keycloak
        final HttpResponse<String> back = logInAtKeycloak(web, "%2Fqueue", "analyst1");

        // Then Barrière makes a session, clears the pending-login cookie and sends them to the queue
        assertThat(back.statusCode()).isEqualTo(303);
        assertThat(back.headers().firstValue("Location")).contains("/queue");
        assertThat(back.headers().allValues("Set-Cookie")).anySatisfy(c -> assertThat(c).startsWith(Sessions.COOKIE + "="))
                .anySatisfy(c -> assertThat(c).startsWith(OidcLogin.COOKIE + "=;").contains("Max-Age=0"));
        final HttpResponse<String> queue = web.get("/queue");
        assertThat(queue.statusCode()).isEqualTo(200);
        assertThat(queue.body()).contains("analyst1", "HV-2024-0017");
        assertThat(events()).contains("event=login-succeeded user=analyst1 remote=127.0.0.1 path=/login/oidc reason=-");
    }

    @Test
    void someoneInNoMappedGroupIsRefusedWithANeutralPageAndTheReasonInTheSecurityLog() throws Exception {
        // Given nobody1, whom Keycloak knows but whose group gives no role
        final WebClient web = new WebClient(port);

        // When they log in at Keycloak
        final HttpResponse<String> back = logInAtKeycloak(web, "%2F", "nobody1");

        // Then there is no session, the page says only that the login failed, and the log says why
        assertThat(back.statusCode()).isEqualTo(401);
        assertThat(back.body()).contains("Inloggen niet gelukt").doesNotContain("no-role", "facilities");
        assertThat(server.liveSessions()).isZero();
        assertThat(web.get("/queue").statusCode()).isEqualTo(303);
        assertThat(events()).contains("event=login-failed user=anonymous remote=127.0.0.1 path=/login/oidc reason=no-role");
    }

    @Test
    void aCallbackWithoutThisBrowsersPendingLoginIsRefused() {
        // Given a browser that never began a login here, sent to the redirect URI with a code and a state
        final WebClient web = new WebClient(port);

        // When it arrives, and when the provider reports an error instead
        final HttpResponse<String> forged = web.get("/login/oidc?code=abc&state=def");
        final HttpResponse<String> error = web.get("/login/oidc?error=access_denied&lang=en");

        // Then both are failed logins, the English page as neutral as the Dutch one
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(error.statusCode()).isEqualTo(401);
        assertThat(error.body()).contains("Login failed");
        assertThat(events()).contains(
                "event=login-failed user=anonymous remote=127.0.0.1 path=/login/oidc reason=bad-login-cookie",
                "event=login-failed user=anonymous remote=127.0.0.1 path=/login/oidc reason=provider-error");
    }

    @Test
    void theSessionEndsWhenItsIdTokenExpires() throws Exception {
        // Given analyst1 logged in, on a clock the test moves
        final WebClient web = new WebClient(port);
        assertThat(logInAtKeycloak(web, "%2Fqueue", "analyst1").statusCode()).isEqualTo(303);
        assertThat(web.get("/queue").statusCode()).isEqualTo(200);

        // When the token's lifespan has passed (well inside the 30 minutes' idle timeout)
        clock.advance(Keycloak.TOKEN_LIFESPAN.plusSeconds(1));

        // Then the next request goes to the login again, and the session is gone from memory
        final HttpResponse<String> after = web.get("/queue");
        assertThat(after.statusCode()).isEqualTo(303);
        assertThat(after.headers().firstValue("Location")).contains("/login?next=%2Fqueue");
        assertThat(server.liveSessions()).isZero();
    }

    @Test
    void aUserWithTwoRolesChoosesOneAndActsInIt() throws Exception {
        // Given lead1, in the analysts' and the auditors' groups
        final WebClient web = new WebClient(port);

        // When they log in at Keycloak
        final HttpResponse<String> back = logInAtKeycloak(web, "%2Fsignals", "lead1");

        // Then they are asked to choose, with one button per role and no session yet
        assertThat(back.headers().firstValue("Location")).contains("/login/role");
        assertThat(server.liveSessions()).isZero();
        final String form = web.get("/login/role").body();
        assertThat(form).contains("lead1", "value=\"analyst\"", "value=\"auditor\"").doesNotContain("bibob-officer");

        // When they ask for a role their groups do not give, Then they are refused
        assertThat(web.post("/login/role", Map.of("csrf", WebClient.csrf(form), "role", "bibob-officer")).statusCode())
                .isEqualTo(403);
        assertThat(server.liveSessions()).isZero();

        // When they choose auditor, Then the session acts as auditor, on the page they wanted
        final HttpResponse<String> chosen = web.post("/login/role", Map.of("csrf", WebClient.csrf(form), "role", "auditor"));
        assertThat(chosen.statusCode()).isEqualTo(303);
        assertThat(chosen.headers().firstValue("Location")).contains("/signals");
        assertThat(web.get("/signals").statusCode()).isEqualTo(200);
        assertThat(web.get("/queue").statusCode()).as("the queue is the analysts'").isEqualTo(403);
        // and the choice cannot be made again
        assertThat(web.get("/login/role").statusCode()).isEqualTo(303);
    }

    @Test
    void logoutEndsTheSessionAndGoesOnToKeycloaksEndSessionUrl() throws Exception {
        // Given analyst1 logged in
        final WebClient web = new WebClient(port);
        logInAtKeycloak(web, "%2Fqueue", "analyst1");
        final String csrf = WebClient.csrf(web.get("/queue").body());

        // When they log out
        final HttpResponse<String> out = web.post("/logout", Map.of("csrf", csrf));

        // Then the session here is gone and the browser goes on to Keycloak, which will send it to /logged-out
        assertThat(out.statusCode()).isEqualTo(303);
        final URI location = URI.create(out.headers().firstValue("Location").orElseThrow());
        assertThat(location.toString()).startsWith(keycloak.issuer() + "/protocol/openid-connect/logout?");
        assertThat(Browser.query(location)).containsEntry("post_logout_redirect_uri", "http://localhost:" + port
                + "/logged-out").containsKey("id_token_hint");
        assertThat(server.liveSessions()).isZero();
        assertThat(web.get("/queue").statusCode()).isEqualTo(303);
        assertThat(web.get("/logged-out").body()).contains("Uitgelogd");
    }

    @Test
    void thereIsNoPasswordFormBesideTheIdentityProvider() {
        final WebClient web = new WebClient(port);
        assertThat(web.post("/login", Map.of("username", "analyst1", "password", "x")).statusCode()).isEqualTo(401);
        assertThat(web.get("/login").headers().firstValue("Location").orElseThrow()).startsWith(keycloak.issuer().toString());
    }

    private List<String> events() {
        return securityLog.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
