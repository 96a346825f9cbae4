package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import nl.barriere.audit.Accessor;
import nl.barriere.platform.AppConfig;
import nl.barriere.web.oidc.Browser;
import nl.barriere.web.oidc.Keycloak;
import nl.barriere.web.oidc.OidcLogin;
import nl.barriere.web.oidc.OidcSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The audit commands' identity from an ID token a real Keycloak issued: the token file is validated with the same
 * code as the web login, and the access event names the token's user as {@code oidc:NAME} in a role its groups give.
 */
class KeycloakTokenFileTest {

    private static Keycloak keycloak;
    private static AppConfig config;
    private static AppConfig loginConfig;

    @TempDir
    static Path dir;

    @BeforeAll
    static void keycloak() throws Exception {
        keycloak = Keycloak.shared();
        final Path secret = Files.writeString(dir.resolve("secret"), Keycloak.CLIENT_SECRET);
        // Validating a token needs neither the secret nor the redirect URI; the login that fetches it here does
        config = AppConfig.load(null, Map.of("BARRIERE_OIDC_ISSUER", keycloak.issuer().toString(),
                "BARRIERE_OIDC_CLIENT_ID", Keycloak.CLIENT_ID,
                "BARRIERE_OIDC_ROLES", "analyst:/barriere-analysts,bibob-officer:/barriere-bibob"));
        loginConfig = config.with(AppConfig.OIDC_CLIENT_SECRET_FILE, secret.toString())
                .with(AppConfig.OIDC_REDIRECT_URI, Keycloak.REDIRECT_URI.toString());
    }

    /** What a user would save after logging in: the ID token Keycloak issued to Barrière's client. */
    private static Path tokenFileOf(final String user) throws Exception {
        final OidcLogin login = OidcLogin.connect(OidcSettings.from(loginConfig), HttpClient.newHttpClient(), Clock.systemUTC());
        final OidcLogin.Redirect redirect = login.begin("/");
        final Map<String, String> back = new Browser(keycloak.issuer())
                .logIn(redirect.location(), user, Keycloak.PASSWORDS.get(user)).query();
        final String idToken = login.complete(back.get("code"), back.get("state"), redirect.cookieValue()).user().idToken();
        return Files.writeString(dir.resolve(user + ".token"), idToken + "\n");
    }

    private static AuditTrailCommand trail(final String... args) {
        final AuditTrailCommand command = new AuditTrailCommand();
        new CommandLine(command).parseArgs(args);
        return command;
    }

    @Test
    void theTokensUserInTheTokensRoleIsWhoReads() throws Exception {
        // Given analyst1's ID token in a file
        final Path token = tokenFileOf("analyst1");

        // When audit-trail is given it
        final Accessor accessor = trail("sig-1", "--token-file", token.toString()).access.accessor(config, Clock.systemUTC());

        // Then the reader is analyst1 as analyst, identified by the token, and the access event says oidc:analyst1
        assertThat(accessor).isEqualTo(new Accessor("analyst1", "analyst", Accessor.OIDC));
        assertThat(accessor.loggedUser()).isEqualTo("oidc:analyst1");
        // And the same file named by the setting instead of the flag gives the same reader
        assertThat(trail("sig-1").access.accessor(config.with(AppConfig.OIDC_TOKEN_FILE, token.toString()), Clock.systemUTC()))
                .isEqualTo(accessor);
    }

    @Test
    void aRoleTheTokensGroupsDoNotGiveAnExpiredTokenAndAnAlteredOneAreRefused() throws Exception {
        final Path bibob = tokenFileOf("bibob1");

        assertThatThrownBy(() -> trail("sig-1", "--token-file", bibob.toString(), "--role", "auditor").access
                .accessor(config, Clock.systemUTC())).hasMessageContaining("bibob1 may not act as auditor");
        final Clock later = Clock.offset(Clock.systemUTC(), Keycloak.TOKEN_LIFESPAN.plus(Duration.ofMinutes(2)));
        assertThatThrownBy(() -> trail("sig-1", "--token-file", bibob.toString()).access.accessor(config, later))
                .hasMessageContaining("is refused (expired");
        final String token = Files.readString(bibob).strip();
        final Path altered = Files.writeString(dir.resolve("altered"), token.substring(0, token.length() - 4) + "AAAA");
        assertThatThrownBy(() -> trail("sig-1", "--token-file", altered.toString()).access.accessor(config, Clock.systemUTC()))
                .hasMessageContaining("is refused (bad-signature");
    }
}
