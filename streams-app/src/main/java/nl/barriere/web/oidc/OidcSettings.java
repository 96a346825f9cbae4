package nl.barriere.web.oidc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import nl.barriere.platform.AppConfig;

/**
 * How Barrière logs in at the municipality's identity provider: the settings {@code oidc.*} (README, Login with
 * OpenID Connect).
 *
 * @param issuer                the provider's issuer URL; discovery reads {@code <issuer>/.well-known/openid-configuration}
 * @param clientId              Barrière's client id at the provider; every ID token must name it as audience
 * @param clientSecret          the client secret, read from {@code oidc.client.secret.file}; empty where only tokens
 *                              are validated (the command line), needed for the login itself
 * @param redirectUri           where the provider sends the browser back with the code, as registered there
 * @param roles                 which groups give which role ({@code oidc.roles})
 * @param scopes                the scopes asked for; {@code openid} always among them
 * @param groupsClaim           the ID-token claim holding the user's groups (default {@code groups})
 * @param usernameClaim         the claim that becomes the user id (default {@code preferred_username})
 * @param clockSkew             how far the provider's clock may be from ours for exp, nbf and iat (default 60 s)
 * @param postLogoutRedirectUri where the provider sends the browser after logout, as registered there; optional
 */
public record OidcSettings(URI issuer, String clientId, Optional<String> clientSecret, URI redirectUri, RoleMapping roles,
                           List<String> scopes, String groupsClaim, String usernameClaim, Duration clockSkew,
                           Optional<URI> postLogoutRedirectUri) {

    static final List<String> DEFAULT_SCOPES = List.of("openid", "profile");
    static final String DEFAULT_GROUPS_CLAIM = "groups";
    static final String DEFAULT_USERNAME_CLAIM = "preferred_username";
    static final Duration DEFAULT_CLOCK_SKEW = Duration.ofSeconds(60);

    public OidcSettings {
        if (!scopes.contains("openid")) {
            throw new IllegalArgumentException("oidc.scopes must contain openid, or the provider sends no ID token");
        }
        scopes = List.copyOf(scopes);
    }

    /** Whether the configuration turns OpenID Connect on: an issuer is set. */
    public static boolean configured(final AppConfig config) {
        return present(config.get(AppConfig.OIDC_ISSUER));
    }

    /** The settings from the configuration; fails naming the first key missing or wrong. */
    public static OidcSettings from(final AppConfig config) {
        // exactly as configured: the ID tokens' iss must equal it character for character
        final URI issuer = URI.create(required(config, AppConfig.OIDC_ISSUER));
        final String secretFile = config.get(AppConfig.OIDC_CLIENT_SECRET_FILE);
        final String scopes = config.get(AppConfig.OIDC_SCOPES);
        final String skew = config.get(AppConfig.OIDC_CLOCK_SKEW_SECONDS);
        final String postLogout = config.get(AppConfig.OIDC_POST_LOGOUT_REDIRECT_URI);
        final String redirect = config.get(AppConfig.OIDC_REDIRECT_URI);
        return new OidcSettings(issuer, required(config, AppConfig.OIDC_CLIENT_ID),
                present(secretFile) ? Optional.of(readSecret(Path.of(secretFile))) : Optional.empty(),
                present(redirect) ? URI.create(redirect) : null,
                RoleMapping.parse(required(config, AppConfig.OIDC_ROLES)),
                present(scopes) ? Arrays.stream(scopes.split("[ ,]+")).filter(s -> !s.isBlank()).toList() : DEFAULT_SCOPES,
                orDefault(config.get(AppConfig.OIDC_GROUPS_CLAIM), DEFAULT_GROUPS_CLAIM),
                orDefault(config.get(AppConfig.OIDC_USERNAME_CLAIM), DEFAULT_USERNAME_CLAIM),
                present(skew) ? Duration.ofSeconds(Long.parseLong(skew)) : DEFAULT_CLOCK_SKEW,
                present(postLogout) ? Optional.of(URI.create(postLogout)) : Optional.empty());
    }

    /** The secret is the file's content without surrounding whitespace, so a trailing newline does not count. */
    static String readSecret(final Path file) {
        try {
            final String secret = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (secret.isEmpty()) {
                throw new IllegalArgumentException("the client secret file " + file + " is empty");
            }
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the client secret file " + file, e);
        }
    }

    private static String required(final AppConfig config, final String key) {
        final String value = config.get(key);
        if (!present(value)) {
            throw new IllegalArgumentException(key + " is not set (BARRIERE_" + key.toUpperCase(java.util.Locale.ROOT)
                    .replace('.', '_') + ")");
        }
        return value;
    }

    private static boolean present(final String value) {
        return value != null && !value.isBlank();
    }

    private static String orDefault(final String value, final String fallback) {
        return present(value) ? value : fallback;
    }

    @Override
    public String toString() {
        return "OidcSettings[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
                + (clientSecret.isPresent() ? "(set)" : "(none)") + ", redirectUri=" + redirectUri + ", scopes=" + scopes + "]";
    }
}
