package nl.barriere.web.oidc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import nl.barriere.contract.Role;
import nl.barriere.web.oidc.OidcRefusal.Reason;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ID-token validation against a provider the test controls (discovery and JWKS on a loopback server, keys made
 * here): what Keycloak would not do on request, such as rotating its keys, signing with the client secret, or
 * issuing for another audience.
 */
class OidcTokenValidationTest {

    private static final String CLIENT = "barriere";
    private static final Duration SKEW = Duration.ofSeconds(30);

    private HttpServer server;
    private URI issuer;
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private final ShiftedClock clock = new ShiftedClock();
    private RSAKey first;
    private OidcLogin login;

    @BeforeEach
    void startProvider() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        issuer = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/realms/test");
        server.createContext("/realms/test/.well-known/openid-configuration", exchange -> {
            final byte[] body = ("{\"issuer\":\"" + issuer + "\",\"authorization_endpoint\":\"" + issuer + "/auth\","
                    + "\"token_endpoint\":\"" + issuer + "/token\",\"jwks_uri\":\"" + issuer + "/certs\","
                    + "\"id_token_signing_alg_values_supported\":[\"RS256\",\"HS256\"]}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.createContext("/realms/test/certs", exchange -> {
            jwksFetches.incrementAndGet();
            final byte[] body = published.get().toString(true).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        first = new RSAKeyGenerator(2048).keyID("key-1").generate();
        published.set(new JWKSet(first.toPublicJWK()));
        final OidcSettings settings = new OidcSettings(issuer, CLIENT, Optional.empty(), null,
                RoleMapping.parse("analyst:/analysts,auditor:/auditors,auditor:/privacy"), OidcSettings.DEFAULT_SCOPES,
                "groups", "preferred_username", SKEW, Optional.empty());
        login = OidcLogin.connect(settings, HttpClient.newHttpClient(), clock);
    }

    @AfterEach
    void stopProvider() {
        server.stop(0);
    }

    private String token(final RSAKey key, final Consumer<JWTClaimsSet.Builder> change) throws Exception {
        final Instant now = clock.instant();
        final JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer.toString()).audience(CLIENT)
                .subject("sub-1").claim("preferred_username", "analyst1").claim("groups", List.of("/analysts"))
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300)));
        change.accept(claims);
        final SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(),
                claims.build());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    private void assertRefused(final String token, final Reason reason) {
        assertThatThrownBy(() -> login.verify(token)).isInstanceOfSatisfying(OidcRefusal.class,
                refusal -> assertThat(refusal.reason()).isEqualTo(reason));
    }

    @Test
    void aTokenSignedWithARotatedKeyIsAcceptedOnceTheNewKeySetIsFetched() throws Exception {
        // Given a token checked with the first key, so the key set is held
        assertThat(login.verify(token(first, c -> { })).name()).isEqualTo("analyst1");
        // When the provider rotates to a second key
        final RSAKey second = new RSAKeyGenerator(2048).keyID("key-2").generate();
        published.set(new JWKSet(List.of(first.toPublicJWK(), second.toPublicJWK())));
        clock.advance(JwksKeys.REFETCH_INTERVAL.plusSeconds(1));

        // Then a token of the new key is accepted after one more fetch, and the old key still works from memory
        assertThat(login.verify(token(second, c -> { })).name()).isEqualTo("analyst1");
        assertThat(login.verify(token(first, c -> { })).name()).isEqualTo("analyst1");
        assertThat(jwksFetches.get()).isEqualTo(2);
    }

    @Test
    void unknownKeysAreLookedForAtMostOncePerInterval() throws Exception {
        login.verify(token(first, c -> { }));
        final RSAKey stranger = new RSAKeyGenerator(2048).keyID("key-x").generate();

        // When tokens with a key the provider never published keep coming
        assertRefused(token(stranger, c -> { }), Reason.UNKNOWN_KEY);
        assertRefused(token(stranger, c -> { }), Reason.UNKNOWN_KEY);

        // Then they are refused without asking the provider again within the interval
        assertThat(jwksFetches.get()).isEqualTo(1);
    }

    @Test
    void aTokenMacedWithASharedSecretOrAlteredAfterSigningIsRefused() throws Exception {
        final SignedJWT mac = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), new JWTClaimsSet.Builder()
                .issuer(issuer.toString()).audience(CLIENT).claim("preferred_username", "analyst1")
                .expirationTime(Date.from(clock.instant().plusSeconds(300))).build());
        mac.sign(new MACSigner("a-client-secret-that-is-at-least-32-bytes-long"));
        assertRefused(mac.serialize(), Reason.BAD_ALGORITHM);

        final String[] parts = token(first, c -> { }).split("\\.");
        final String otherClaims = token(first, c -> c.claim("groups", List.of("/auditors"))).split("\\.")[1];
        assertRefused(parts[0] + "." + otherClaims + "." + parts[2], Reason.BAD_SIGNATURE);
        assertRefused("not-a-token", Reason.MALFORMED_TOKEN);
    }

    @Test
    void issuerAudienceAndLifetimeAreChecked() throws Exception {
        assertRefused(token(first, c -> c.issuer("http://elsewhere/realms/test")), Reason.WRONG_ISSUER);
        assertRefused(token(first, c -> c.audience("another-app")), Reason.WRONG_AUDIENCE);
        assertRefused(token(first, c -> c.audience(List.of(CLIENT, "another-app"))), Reason.WRONG_AUDIENCE);
        final Instant now = clock.instant();
        // expired, but less than the skew ago: accepted; longer ago: refused
        assertThat(login.verify(token(first, c -> c.expirationTime(Date.from(now.minusSeconds(10))))).name())
                .isEqualTo("analyst1");
        assertRefused(token(first, c -> c.expirationTime(Date.from(now.minus(SKEW).minusSeconds(1)))), Reason.EXPIRED);
        assertRefused(token(first, c -> c.notBeforeTime(Date.from(now.plus(SKEW).plusSeconds(5)))), Reason.NOT_YET_VALID);
        assertThat(login.verify(token(first, c -> c.notBeforeTime(Date.from(now.plusSeconds(10))))).name())
                .isEqualTo("analyst1");
        assertRefused(token(first, c -> c.claim("preferred_username", null)), Reason.NO_USERNAME);
    }

    @Test
    void groupsGiveEveryRoleTheyAreMappedToAndUnmappedGroupsGiveNone() throws Exception {
        final AuthenticatedUser both = login.verify(token(first, c -> c.claim("groups", List.of("/analysts", "/privacy",
                "/canteen"))));
        assertThat(both.roles()).containsExactlyInAnyOrder(Role.ANALYST, Role.AUDITOR);
        assertThat(both.inOnlyRole()).isEmpty();
        assertThat(both.actingAs(Role.AUDITOR)).isPresent();
        assertRefused(token(first, c -> c.claim("groups", List.of("/canteen"))), Reason.NO_ROLE);
        assertRefused(token(first, c -> c.claim("groups", null)), Reason.NO_ROLE);
    }

    @Test
    void theRoleMappingSaysWhatIsWrongWithIt() {
        assertThat(RoleMapping.parse("analyst:/a, bibob-officer:/b").rolesOf(Set.of("/b"))).containsExactly(Role.BIBOB_OFFICER);
        assertThatThrownBy(() -> RoleMapping.parse("boss:/a")).hasMessageContaining("'boss' is not a role");
        assertThatThrownBy(() -> RoleMapping.parse("analyst:/a,auditor:/a")).hasMessageContaining("both analyst and auditor");
        assertThatThrownBy(() -> RoleMapping.parse("analyst")).hasMessageContaining("is not role:group");
        assertThatThrownBy(() -> RoleMapping.parse(" ")).hasMessageContaining("nobody could log in");
    }

    @Test
    void discoveryNamingAnotherIssuerIsRefused() {
        final OidcSettings other = new OidcSettings(URI.create(issuer.toString().replace("127.0.0.1", "localhost")), CLIENT,
                Optional.empty(), null, RoleMapping.parse("analyst:/analysts"), OidcSettings.DEFAULT_SCOPES, "groups",
                "preferred_username", SKEW, Optional.empty());

        assertThatThrownBy(() -> OidcLogin.connect(other, HttpClient.newHttpClient(), clock))
                .hasMessageContaining("not the configured");
    }
}
