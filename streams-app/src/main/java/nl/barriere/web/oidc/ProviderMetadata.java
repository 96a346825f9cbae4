package nl.barriere.web.oidc;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.StreamSupport;

/**
 * What discovery ({@code <issuer>/.well-known/openid-configuration}, OpenID Connect Discovery 1.0 §4) says about
 * the provider. The document must name the configured issuer exactly (§4.3), or a token from another issuer could
 * pass.
 */
record ProviderMetadata(URI issuer, URI authorizationEndpoint, URI tokenEndpoint, URI jwksUri,
                        Optional<URI> endSessionEndpoint, List<String> signingAlgorithms) {

    static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    static ProviderMetadata discover(final HttpClient http, final URI issuer) throws IOException, InterruptedException {
        final URI document = URI.create(issuer.toString().replaceAll("/+$", "") + "/.well-known/openid-configuration");
        final HttpResponse<String> response = http.send(HttpRequest.newBuilder(document).timeout(TIMEOUT)
                .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("discovery at " + document + " answered " + response.statusCode());
        }
        return parse(JSON.readTree(response.body()), issuer);
    }

    static ProviderMetadata parse(final JsonNode json, final URI expectedIssuer) throws IOException {
        final URI issuer = URI.create(text(json, "issuer"));
        if (!issuer.equals(expectedIssuer)) {
            throw new IOException("discovery names issuer " + issuer + ", not the configured " + expectedIssuer);
        }
        final JsonNode algorithms = json.path("id_token_signing_alg_values_supported");
        return new ProviderMetadata(issuer, URI.create(text(json, "authorization_endpoint")),
                URI.create(text(json, "token_endpoint")), URI.create(text(json, "jwks_uri")),
                json.hasNonNull("end_session_endpoint") ? Optional.of(URI.create(json.get("end_session_endpoint").asText()))
                        : Optional.empty(),
                algorithms.isArray() ? StreamSupport.stream(algorithms.spliterator(), false).map(JsonNode::asText).toList()
                        : List.of("RS256"));
    }

    private static String text(final JsonNode json, final String field) throws IOException {
        final JsonNode value = json.get(field);
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new IOException("discovery document lacks " + field);
        }
        return value.asText();
    }
}
