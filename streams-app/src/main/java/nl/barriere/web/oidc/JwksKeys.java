package nl.barriere.web.oidc;

import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The provider's signing keys from its JWKS, kept in memory. A token signed with a key not in the set makes one
 * fresh fetch (the provider rotated its keys), at most once per {@link #REFETCH_INTERVAL}, so a flood of tokens
 * with made-up key ids cannot make Barrière hammer the provider.
 */
final class JwksKeys {

    static final Duration REFETCH_INTERVAL = Duration.ofSeconds(10);

    private final HttpClient http;
    private final URI jwksUri;
    private final Clock clock;
    private JWKSet keys = new JWKSet();
    private Instant fetchedAt = Instant.MIN;

    JwksKeys(final HttpClient http, final URI jwksUri, final Clock clock) {
        this.http = http;
        this.jwksUri = jwksUri;
        this.clock = clock;
    }

    /** The keys that could have made this signature: by key id and algorithm family, for signing. */
    synchronized List<JWK> candidates(final JWSHeader header) throws IOException, InterruptedException {
        final JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(header));
        List<JWK> found = selector.select(keys);
        if (found.isEmpty() && fetchedAt.plus(REFETCH_INTERVAL).isBefore(clock.instant())) {
            keys = fetch();
            fetchedAt = clock.instant();
            found = selector.select(keys);
        }
        return found.stream().filter(key -> key.getKeyUse() == null || KeyUse.SIGNATURE.equals(key.getKeyUse())).toList();
    }

    private JWKSet fetch() throws IOException, InterruptedException {
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(jwksUri).timeout(ProviderMetadata.TIMEOUT)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the JWKS at " + jwksUri + " answered " + response.statusCode());
        }
        try {
            return JWKSet.parse(response.body());
        } catch (ParseException e) {
            throw new IOException("the JWKS at " + jwksUri + " is not a JWK set: " + e.getMessage(), e);
        }
    }
}
