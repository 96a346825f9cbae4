package nl.barriere.web.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import nl.barriere.web.oidc.OidcRefusal.Reason;

/**
 * Login at the municipality's identity provider with OpenID Connect: the authorization-code flow of a confidential
 * client (OpenID Connect Core 1.0 §3.1) with PKCE (RFC 7636, S256), {@code state} against login CSRF and
 * {@code nonce} against token replay. The web layer calls three things:
 *
 * <ol>
 *   <li>{@link #begin(String)} when someone needs to log in: redirect the browser to {@link Redirect#location()} and
 *       set the cookie {@link Redirect#setCookie()}, which holds this login's state, nonce and PKCE verifier,
 *       encrypted and authenticated under a key only this process (or the key given) knows;</li>
 *   <li>{@link #complete(String, String, String)} on the redirect URI, with its {@code code} and {@code state}
 *       parameters and that cookie's value: the code is exchanged for tokens, the ID token validated and the groups
 *       mapped to roles; the result is the user or an {@link OidcRefusal};</li>
 *   <li>{@link #logoutUrl(AuthenticatedUser)} on logout, after ending the session: the provider's end-session
 *       endpoint, which ends the single sign-on there too.</li>
 * </ol>
 * A session made from a login lives no longer than its ID token: check {@link AuthenticatedUser#validAt} (or
 * {@link #stillValid}) on every request and send the user to log in again once it says no.
 */
public final class OidcLogin {

    /** The pending login's cookie: sent back only to the redirect URI's path. */
    public static final String COOKIE = "barriere-oidc";
    /** How long a login may take from the redirect to the provider until the browser comes back. */
    public static final Duration LOGIN_TIMEOUT = Duration.ofMinutes(10);

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OidcSettings settings;
    private final ProviderMetadata provider;
    private final HttpClient http;
    private final Clock clock;
    private final IdTokenValidator validator;
    private final byte[] cookieKey;

    /** Where to send the browser, and the cookie to set on that answer. */
    public record Redirect(URI location, String cookieValue, String setCookie) {
        @Override
        public String toString() {
            return "Redirect[location=" + location + "]";
        }
    }

    /** A completed login: who, and the path on this server the user wanted before logging in. */
    public record Completed(AuthenticatedUser user, String returnTo) {
    }

    private OidcLogin(final OidcSettings settings, final ProviderMetadata provider, final HttpClient http,
                      final Clock clock, final byte[] cookieKey) {
        this.settings = settings;
        this.provider = provider;
        this.http = http;
        this.clock = clock;
        this.cookieKey = cookieKey.clone();
        this.validator = new IdTokenValidator(settings, provider, new JwksKeys(http, provider.jwksUri(), clock), clock);
    }

    /**
     * Reads the provider's discovery document and returns a login against it. The pending-login cookie's key is
     * random for this process: with several instances behind one address, use {@link #connect(OidcSettings,
     * HttpClient, Clock, byte[])} with a shared key, or route a user's requests to one instance.
     */
    public static OidcLogin connect(final OidcSettings settings, final HttpClient http, final Clock clock)
            throws IOException, InterruptedException {
        return connect(settings, http, clock, randomBytes(32));
    }

    /** As {@link #connect(OidcSettings, HttpClient, Clock)} with a 32-byte key for the pending-login cookie. */
    public static OidcLogin connect(final OidcSettings settings, final HttpClient http, final Clock clock,
                                    final byte[] cookieKey) throws IOException, InterruptedException {
        if (cookieKey.length != 32) {
            throw new IllegalArgumentException("the pending-login cookie key has 32 bytes, not " + cookieKey.length);
        }
        return new OidcLogin(settings, ProviderMetadata.discover(http, settings.issuer()), http, clock, cookieKey);
    }

    /**
     * Starts a login. {@code returnTo} is kept in the cookie and handed back by {@link #complete}; the web layer
     * must have checked it is a path on this server (as for today's {@code next}) before it comes here.
     */
    public Redirect begin(final String returnTo) {
        requireLoginSettings();
        final String state = randomToken();
        final String nonce = randomToken();
        final String verifier = randomToken();
        final Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", settings.clientId());
        query.put("redirect_uri", settings.redirectUri().toString());
        query.put("scope", String.join(" ", settings.scopes()));
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        final URI location = withQuery(provider.authorizationEndpoint(), query);
        final JWTClaimsSet pending = new JWTClaimsSet.Builder().claim("state", state).claim("nonce", nonce)
                .claim("verifier", verifier).claim("returnTo", returnTo == null ? "/" : returnTo)
                .issueTime(Date.from(clock.instant())).build();
        final String cookie = seal(pending);
        final String path = settings.redirectUri().getRawPath() == null || settings.redirectUri().getRawPath().isEmpty()
                ? "/" : settings.redirectUri().getRawPath();
        final String setCookie = COOKIE + "=" + cookie + "; Path=" + path + "; Max-Age=" + LOGIN_TIMEOUT.toSeconds()
                + "; HttpOnly; SameSite=Lax" + ("https".equals(settings.redirectUri().getScheme()) ? "; Secure" : "");
        return new Redirect(location, cookie, setCookie);
    }

    /**
     * Finishes a login on the redirect URI: {@code code} and {@code state} are its query parameters, {@code cookie}
     * the value of {@link #COOKIE} the browser sent. The web layer should clear that cookie whatever the outcome.
     */
    public Completed complete(final String code, final String state, final String cookie)
            throws OidcRefusal, IOException, InterruptedException {
        requireLoginSettings();
        final JWTClaimsSet pending = open(cookie);
        final Date started = pending.getIssueTime();
        if (started == null || started.toInstant().plus(LOGIN_TIMEOUT).isBefore(clock.instant())) {
            throw new OidcRefusal(Reason.LOGIN_TIMED_OUT, "the login began more than " + LOGIN_TIMEOUT + " ago");
        }
        final String expectedState = claim(pending, "state");
        if (state == null || !IdTokenValidator.constantTimeEquals(expectedState, state)) {
            throw new OidcRefusal(Reason.STATE_MISMATCH, "the state that came back is not this browser's login's");
        }
        if (code == null || code.isBlank()) {
            throw new OidcRefusal(Reason.PROVIDER_ERROR, "the provider sent no code back");
        }
        final String idToken = exchange(code, claim(pending, "verifier"));
        return new Completed(validator.validate(idToken, claim(pending, "nonce")), claim(pending, "returnTo"));
    }

    /**
     * Validates an ID token that did not come from a login of this process (e.g. one a command-line user hands
     * over in a file): everything {@link #complete} checks except the nonce, which only that login knew.
     */
    public AuthenticatedUser verify(final String idToken) throws OidcRefusal, IOException, InterruptedException {
        return validator.validate(idToken.strip(), null);
    }

    /** The provider's end-session endpoint, where {@link #logoutUrl} sends the browser; empty when it has none. */
    public java.util.Optional<URI> endSessionEndpoint() {
        return provider.endSessionEndpoint();
    }

    /** Where the provider sends the browser back with the code: the web layer serves this URI's path. */
    public URI redirectUri() {
        return settings.redirectUri();
    }

    /** Whether a session built on this login may still be used now; false once its ID token has expired. */
    public boolean stillValid(final AuthenticatedUser user) {
        return user.validAt(clock.instant());
    }

    /**
     * The provider's end-session URL for this user (OpenID Connect RP-Initiated Logout 1.0), to redirect the browser
     * to after the session here has ended; with {@code oidc.post.logout.redirect.uri} set the provider sends the
     * browser back there. Empty when the provider has no end-session endpoint (then only the session here ends).
     */
    public java.util.Optional<URI> logoutUrl(final AuthenticatedUser user) {
        return provider.endSessionEndpoint().map(endpoint -> {
            final Map<String, String> query = new LinkedHashMap<>();
            query.put("client_id", settings.clientId());
            query.put("id_token_hint", user.idToken());
            settings.postLogoutRedirectUri().ifPresent(uri -> query.put("post_logout_redirect_uri", uri.toString()));
            return withQuery(endpoint, query);
        });
    }

    private String exchange(final String code, final String verifier) throws OidcRefusal, IOException, InterruptedException {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", settings.redirectUri().toString());
        form.put("code_verifier", verifier);
        // client_secret_basic (RFC 6749 §2.3.1): id and secret form-encoded before they are joined
        final String credentials = encode(settings.clientId()) + ":" + encode(settings.clientSecret().orElseThrow());
        final HttpRequest request = HttpRequest.newBuilder(provider.tokenEndpoint()).timeout(ProviderMetadata.TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(formEncode(form))).build();
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        final JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new OidcRefusal(Reason.TOKEN_EXCHANGE_FAILED, "the token endpoint answered " + response.statusCode()
                    + " with no JSON");
        }
        if (response.statusCode() != 200 || !body.hasNonNull("id_token")) {
            throw new OidcRefusal(Reason.TOKEN_EXCHANGE_FAILED, "the token endpoint answered " + response.statusCode()
                    + " " + body.path("error").asText("without an ID token"));
        }
        return body.get("id_token").asText();
    }

    private String seal(final JWTClaimsSet claims) {
        try {
            final EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), claims);
            jwt.encrypt(new DirectEncrypter(cookieKey));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot encrypt the pending-login cookie", e);
        }
    }

    private JWTClaimsSet open(final String cookie) throws OidcRefusal {
        if (cookie == null || cookie.isBlank()) {
            throw new OidcRefusal(Reason.BAD_LOGIN_COOKIE, "no pending-login cookie (login begun in another browser?)");
        }
        try {
            final EncryptedJWT jwt = EncryptedJWT.parse(cookie);
            if (!JWEAlgorithm.DIR.equals(jwt.getHeader().getAlgorithm())
                    || !EncryptionMethod.A256GCM.equals(jwt.getHeader().getEncryptionMethod())) {
                throw new OidcRefusal(Reason.BAD_LOGIN_COOKIE, "the pending-login cookie is not ours");
            }
            jwt.decrypt(new DirectDecrypter(cookieKey));
            return jwt.getJWTClaimsSet();
        } catch (ParseException | JOSEException | IllegalStateException e) {
            throw new OidcRefusal(Reason.BAD_LOGIN_COOKIE, "the pending-login cookie does not open: altered, or from "
                    + "another instance");
        }
    }

    private void requireLoginSettings() {
        if (settings.clientSecret().isEmpty() || settings.redirectUri() == null) {
            throw new IllegalStateException("a login needs " + "oidc.client.secret.file and oidc.redirect.uri");
        }
    }

    private static String claim(final JWTClaimsSet claims, final String name) throws OidcRefusal {
        final Object value = claims.getClaim(name);
        if (!(value instanceof String text)) {
            throw new OidcRefusal(Reason.BAD_LOGIN_COOKIE, "the pending-login cookie lacks " + name);
        }
        return text;
    }

    static String challenge(final String verifier) {
        try {
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    static URI withQuery(final URI endpoint, final Map<String, String> query) {
        final String separator = endpoint.getRawQuery() == null ? "?" : "&";
        return URI.create(endpoint + separator + formEncode(query));
    }

    private static String formEncode(final Map<String, String> values) {
        return values.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(Objects.requireNonNull(e.getValue())))
                .collect(Collectors.joining("&"));
    }

    private static String encode(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes(32));
    }

    private static byte[] randomBytes(final int count) {
        final byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
