package nl.barriere.web.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import nl.barriere.contract.Role;
import nl.barriere.contract.User;
import nl.barriere.platform.AppConfig;
import nl.barriere.web.oidc.OidcRefusal.Reason;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The OpenID Connect login against a real Keycloak ({@link Keycloak}): the whole authorization-code flow with a
 * client acting as the browser, from {@link OidcLogin#begin} through Keycloak's login form to
 * {@link OidcLogin#complete}, for each kind of user, for tampered logins, an expired token and logout.
 */
class KeycloakLoginTest {

    private static final Duration SKEW = Duration.ofSeconds(5);
    private static Keycloak keycloak;
    private static OidcSettings settings;

    @TempDir
    static Path secrets;

    @BeforeAll
    static void startKeycloak() throws Exception {
        keycloak = Keycloak.shared();
        final Path secret = Files.writeString(secrets.resolve("oidc-client-secret"), Keycloak.CLIENT_SECRET + "\n");
        // The settings as a deployment gives them: keys of the configuration, the secret in a file
        settings = OidcSettings.from(AppConfig.load(null, Map.of(
                "BARRIERE_OIDC_ISSUER", keycloak.issuer().toString(),
                "BARRIERE_OIDC_CLIENT_ID", Keycloak.CLIENT_ID,
                "BARRIERE_OIDC_CLIENT_SECRET_FILE", secret.toString(),
                "BARRIERE_OIDC_REDIRECT_URI", Keycloak.REDIRECT_URI.toString(),
                "BARRIERE_OIDC_POST_LOGOUT_REDIRECT_URI", Keycloak.POST_LOGOUT_REDIRECT_URI.toString(),
                "BARRIERE_OIDC_ROLES", "analyst:/barriere-analysts,bibob-officer:/barriere-bibob,operator:/barriere-operators,"
                        + "auditor:/barriere-auditors",
                "BARRIERE_OIDC_CLOCK_SKEW_SECONDS", Long.toString(SKEW.toSeconds()))));
    }

    private static OidcLogin login(final Clock clock) throws Exception {
        return OidcLogin.connect(settings, HttpClient.newHttpClient(), clock);
    }

    /** The browser's round trip: begin, Keycloak's form with the user's password, back with code and state. */
    private static Map<String, String> callback(final Browser browser, final OidcLogin.Redirect redirect,
                                                final String user) throws Exception {
        final Browser.Answer answer = browser.logIn(redirect.location(), user, Keycloak.PASSWORDS.get(user));
        assertThat(answer.location().toString()).as("Keycloak sends the browser back to the redirect URI")
                .startsWith(Keycloak.REDIRECT_URI.toString());
        return answer.query();
    }

    private static OidcLogin.Completed logInAs(final OidcLogin login, final String user) throws Exception {
        final OidcLogin.Redirect redirect = login.begin("/queue");
        final Map<String, String> back = callback(new Browser(keycloak.issuer()), redirect, user);
        return login.complete(back.get("code"), back.get("state"), redirect.cookieValue());
    }

    @Test
    void anAnalystGetsTheAnalystRoleFromTheirGroupAndReturnsWhereTheyWere() throws Exception {
        // Given the login and analyst1, a member of /barriere-analysts
        final OidcLogin login = login(Clock.systemUTC());

        // When analyst1 goes through the code flow
        final Instant before = Instant.now();
        final OidcLogin.Completed completed = logInAs(login, "analyst1");

        // Then they are analyst1 with exactly the analyst role, back on the page they asked for, until the token expires
        final AuthenticatedUser user = completed.user();
        assertThat(user.name()).isEqualTo("analyst1");
        assertThat(user.roles()).containsExactly(Role.ANALYST);
        assertThat(user.inOnlyRole()).contains(new User("analyst1", Role.ANALYST));
        assertThat(user.actingAs(Role.BIBOB_OFFICER)).isEmpty();
        assertThat(user.subject()).isNotBlank();
        assertThat(completed.returnTo()).isEqualTo("/queue");
        assertThat(user.expiresAt()).isCloseTo(before.plus(Keycloak.TOKEN_LIFESPAN), within(10, ChronoUnit.SECONDS));
        assertThat(login.stillValid(user)).isTrue();
    }

    @Test
    void aBibobOfficerGetsTheBibobOfficerRole() throws Exception {
        final OidcLogin.Completed completed = logInAs(login(Clock.systemUTC()), "bibob1");

        assertThat(completed.user().name()).isEqualTo("bibob1");
        assertThat(completed.user().roles()).containsExactly(Role.BIBOB_OFFICER);
    }

    @Test
    void someoneInNoMappedGroupIsRefusedThoughKeycloakKnowsThem() throws Exception {
        // Given nobody1, who logs in at Keycloak fine but is only in /facilities
        final OidcLogin login = login(Clock.systemUTC());

        // When they complete the flow, Then Barrière refuses them: no role
        assertThatThrownBy(() -> logInAs(login, "nobody1"))
                .isInstanceOfSatisfying(OidcRefusal.class, refusal -> assertThat(refusal.reason()).isEqualTo(Reason.NO_ROLE))
                .hasMessageContaining("nobody1");
    }

    @Test
    void aStateThatIsNotThisBrowsersIsRefusedBeforeTheCodeIsUsed() throws Exception {
        // Given analyst1 back from Keycloak with a code
        final OidcLogin login = login(Clock.systemUTC());
        final OidcLogin.Redirect redirect = login.begin("/");
        final Map<String, String> back = callback(new Browser(keycloak.issuer()), redirect, "analyst1");

        // When the state is altered, or the cookie is another login's (login CSRF), or the cookie itself is altered
        final OidcLogin.Redirect otherBrowsers = login.begin("/");
        final String altered = redirect.cookieValue().substring(0, redirect.cookieValue().length() - 2)
                + (redirect.cookieValue().endsWith("AA") ? "BB" : "AA");

        // Then each is refused, saying why
        assertRefused(() -> login.complete(back.get("code"), back.get("state") + "x", redirect.cookieValue()),
                Reason.STATE_MISMATCH);
        assertRefused(() -> login.complete(back.get("code"), back.get("state"), otherBrowsers.cookieValue()),
                Reason.STATE_MISMATCH);
        assertRefused(() -> login.complete(back.get("code"), back.get("state"), altered), Reason.BAD_LOGIN_COOKIE);
        assertRefused(() -> login.complete(back.get("code"), back.get("state"), null), Reason.BAD_LOGIN_COOKIE);
        // and the code, never exchanged, still gives the real login
        assertThat(login.complete(back.get("code"), back.get("state"), redirect.cookieValue()).user().name())
                .isEqualTo("analyst1");
    }

    @Test
    void aTokenForAnotherNonceIsRefused() throws Exception {
        // Given an authorization request whose nonce was swapped on the way to Keycloak
        final OidcLogin login = login(Clock.systemUTC());
        final OidcLogin.Redirect redirect = login.begin("/");
        final Map<String, String> query = new LinkedHashMap<>(Browser.query(redirect.location()));
        query.put("nonce", "a-nonce-of-the-attackers-choosing");
        final URI swapped = OidcLogin.withQuery(URI.create(redirect.location().toString().split("\\?")[0]), query);

        // When analyst1 logs in through it and the browser comes back with the right state
        final Browser.Answer answer = new Browser(keycloak.issuer()).logIn(swapped, "analyst1",
                Keycloak.PASSWORDS.get("analyst1"));

        // Then the ID token Keycloak issued carries the other nonce and is refused
        assertRefused(() -> login.complete(answer.query().get("code"), answer.query().get("state"), redirect.cookieValue()),
                Reason.NONCE_MISMATCH);
    }

    @Test
    void aSessionWhoseTokenHasExpiredIsNoLongerAcceptedAndTheTokenIsRefused() throws Exception {
        // Given analyst1 logged in, on a clock the test moves
        final ShiftedClock clock = new ShiftedClock();
        final OidcLogin login = login(clock);
        final AuthenticatedUser user = logInAs(login, "analyst1").user();
        assertThat(login.stillValid(user)).isTrue();
        assertThat(login.verify(user.idToken()).name()).isEqualTo("analyst1");

        // When the token's 60 s lifespan and the allowed skew have passed
        clock.advance(Keycloak.TOKEN_LIFESPAN.plus(SKEW).plusSeconds(1));

        // Then the session is no longer accepted (the user must log in again), and the token itself is refused
        assertThat(login.stillValid(user)).isFalse();
        assertThat(user.validAt(clock.instant())).isFalse();
        assertRefused(() -> login.verify(user.idToken()), Reason.EXPIRED);
    }

    @Test
    void logoutEndsTheSessionAtKeycloakSoTheNextLoginAsksForThePasswordAgain() throws Exception {
        // Given analyst1 logged in, whose browser Keycloak now lets through without a password (single sign-on)
        final OidcLogin login = login(Clock.systemUTC());
        final Browser browser = new Browser(keycloak.issuer());
        final OidcLogin.Redirect first = login.begin("/");
        final Map<String, String> back = callback(browser, first, "analyst1");
        final AuthenticatedUser user = login.complete(back.get("code"), back.get("state"), first.cookieValue()).user();
        final Browser.Answer again = browser.open(login.begin("/").location());
        assertThat(again.showsLoginForm()).as("single sign-on before logout").isFalse();
        assertThat(again.location().toString()).startsWith(Keycloak.REDIRECT_URI.toString());

        // When the browser is sent to the end-session URL
        final Optional<URI> logout = login.logoutUrl(user);
        assertThat(logout).isPresent();
        final Browser.Answer loggedOut = browser.open(logout.get());

        // Then Keycloak sends it back to the post-logout URI, and a new login asks for the password again
        assertThat(loggedOut.location().toString()).startsWith(Keycloak.POST_LOGOUT_REDIRECT_URI.toString());
        final Browser.Answer afterLogout = browser.open(login.begin("/").location());
        assertThat(afterLogout.showsLoginForm()).as("Keycloak's login form after logout").isTrue();
    }

    private interface Call {
        Object run() throws Exception;
    }

    private static void assertRefused(final Call call, final Reason reason) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(OidcRefusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(reason));
    }
}
