package nl.barriere.web.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jwk.AsymmetricJWK;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.Key;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import nl.barriere.contract.Role;
import nl.barriere.web.oidc.OidcRefusal.Reason;

/**
 * Checks an ID token as OpenID Connect Core 1.0 §3.1.3.7 asks: signed (never {@code none}, never with the client
 * secret) by one of the provider's keys, issued by the configured issuer for this client, within its lifetime give
 * or take the clock skew, and for the login that asked for it (the nonce). Then its groups give the roles.
 */
final class IdTokenValidator {

    /** Asymmetric algorithms only: a token MACed with the client secret proves nothing the client could not forge. */
    private static final Set<JWSAlgorithm> ACCEPTED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256, JWSAlgorithm.ES384,
            JWSAlgorithm.ES512, JWSAlgorithm.EdDSA, JWSAlgorithm.Ed25519);

    private final URI issuer;
    private final String clientId;
    private final Set<JWSAlgorithm> algorithms;
    private final JwksKeys keys;
    private final Clock clock;
    private final Duration skew;
    private final OidcSettings settings;

    IdTokenValidator(final OidcSettings settings, final ProviderMetadata provider, final JwksKeys keys, final Clock clock) {
        this.settings = settings;
        this.issuer = settings.issuer();
        this.clientId = settings.clientId();
        final Set<JWSAlgorithm> offered = provider.signingAlgorithms().stream().map(JWSAlgorithm::parse)
                .collect(Collectors.toSet());
        offered.retainAll(ACCEPTED);
        this.algorithms = offered.isEmpty() ? Set.of(JWSAlgorithm.RS256) : Set.copyOf(offered);
        this.keys = keys;
        this.clock = clock;
        this.skew = settings.clockSkew();
    }

    /** The user the token is about; {@code expectedNonce} null where no login of ours asked for it (a token file). */
    AuthenticatedUser validate(final String idToken, final String expectedNonce)
            throws OidcRefusal, IOException, InterruptedException {
        final SignedJWT jwt;
        final JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(idToken);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new OidcRefusal(Reason.MALFORMED_TOKEN, "not a signed JWT (" + e.getMessage() + ")");
        }
        final JWSAlgorithm algorithm = jwt.getHeader().getAlgorithm();
        if (!algorithms.contains(algorithm)) {
            throw new OidcRefusal(Reason.BAD_ALGORITHM, "signed with " + algorithm + "; accepted: " + algorithms);
        }
        verifySignature(jwt);

        if (!issuer.toString().equals(claims.getIssuer())) {
            throw new OidcRefusal(Reason.WRONG_ISSUER, "issued by " + claims.getIssuer() + ", not " + issuer);
        }
        final List<String> audience = claims.getAudience();
        if (audience == null || !audience.contains(clientId)) {
            throw new OidcRefusal(Reason.WRONG_AUDIENCE, "for " + audience + ", not for " + clientId);
        }
        final Object authorizedParty = claims.getClaim("azp");
        if ((audience.size() > 1 || authorizedParty != null) && !clientId.equals(authorizedParty)) {
            throw new OidcRefusal(Reason.WRONG_AUDIENCE, "authorized party " + authorizedParty + ", not " + clientId);
        }
        final Instant now = clock.instant();
        final Date expiry = claims.getExpirationTime();
        if (expiry == null || !now.minus(skew).isBefore(expiry.toInstant())) {
            throw new OidcRefusal(Reason.EXPIRED, "expired at " + (expiry == null ? "(no exp)" : expiry.toInstant()));
        }
        final Date notBefore = claims.getNotBeforeTime();
        if (notBefore != null && notBefore.toInstant().isAfter(now.plus(skew))) {
            throw new OidcRefusal(Reason.NOT_YET_VALID, "valid only from " + notBefore.toInstant());
        }
        final Date issuedAt = claims.getIssueTime();
        if (issuedAt == null || issuedAt.toInstant().isAfter(now.plus(skew))) {
            throw new OidcRefusal(Reason.NOT_YET_VALID, "issued " + (issuedAt == null ? "(no iat)" : issuedAt.toInstant())
                    + ", in the future");
        }
        if (expectedNonce != null && !constantTimeEquals(expectedNonce, stringClaim(claims, "nonce"))) {
            throw new OidcRefusal(Reason.NONCE_MISMATCH, "the token's nonce is not this login's");
        }

        final String name = stringClaim(claims, settings.usernameClaim());
        if (name == null || name.isBlank() || name.chars().anyMatch(c -> Character.isWhitespace(c) || Character.isISOControl(c))) {
            throw new OidcRefusal(Reason.NO_USERNAME, "claim " + settings.usernameClaim() + " is missing or not a user id");
        }
        final Set<Role> roles = settings.roles().rolesOf(groups(claims));
        if (roles.isEmpty()) {
            throw new OidcRefusal(Reason.NO_ROLE, name + " is in no group that gives a Barrière role");
        }
        return new AuthenticatedUser(name, claims.getSubject(), roles, expiry.toInstant(), idToken);
    }

    private void verifySignature(final SignedJWT jwt) throws OidcRefusal, IOException, InterruptedException {
        final List<JWK> candidates = keys.candidates(jwt.getHeader());
        if (candidates.isEmpty()) {
            throw new OidcRefusal(Reason.UNKNOWN_KEY, "no key " + jwt.getHeader().getKeyID() + " in the provider's JWKS");
        }
        for (final JWK candidate : candidates) {
            try {
                if (!(candidate instanceof AsymmetricJWK asymmetric)) {
                    continue;
                }
                final Key key = asymmetric.toPublicKey();
                final JWSVerifier verifier = new DefaultJWSVerifierFactory().createJWSVerifier(jwt.getHeader(), key);
                if (jwt.verify(verifier)) {
                    return;
                }
            } catch (JOSEException e) {
                // a key of the right id but the wrong kind: try the next one
            }
        }
        throw new OidcRefusal(Reason.BAD_SIGNATURE, "the signature does not check out with key " + jwt.getHeader().getKeyID());
    }

    private Collection<String> groups(final JWTClaimsSet claims) {
        final Object value = claims.getClaim(settings.groupsClaim());
        if (value instanceof Collection<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value instanceof String single ? List.of(single) : List.of();
    }

    private static String stringClaim(final JWTClaimsSet claims, final String name) {
        final Object value = claims.getClaim(name);
        return value instanceof String text ? text : null;
    }

    static boolean constantTimeEquals(final String expected, final String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                actual.getBytes(StandardCharsets.UTF_8));
    }
}
