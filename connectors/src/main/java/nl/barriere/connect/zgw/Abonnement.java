package nl.barriere.connect.zgw;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Collection;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;

/**
 * Registers the receiver at the Notificaties API: one abonnement on kanaal {@code zaken}, one filter group per
 * horeca zaaktype, with the Authorization value the receiver checks. Once per task start; an existing abonnement
 * with the same callback URL is left as it is (the Notificaties API has no upsert, and a second one would double
 * every notification, which is harmless here since the task reads the zaak, but wasteful).
 */
final class Abonnement {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Abonnement() {}

    static void register(final String notificatiesUrl, final String bearer, final String callbackUrl,
                         final String callbackAuth, final Collection<String> zaaktypen) throws InterruptedException {
        final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build();
        try {
            final HttpResponse<String> existing = http.send(HttpRequest.newBuilder(
                            URI.create(notificatiesUrl + "/abonnement")).header("Authorization", bearer)
                    .header("Accept", "application/json").GET().build(), HttpResponse.BodyHandlers.ofString());
            check(existing, "GET /abonnement");
            for (final var a : JSON.readTree(existing.body())) {
                if (callbackUrl.equals(a.path("callbackUrl").asText())) {
                    return;
                }
            }
            final ObjectNode body = JSON.createObjectNode().put("callbackUrl", callbackUrl).put("auth", callbackAuth);
            final ArrayNode kanalen = body.putArray("kanalen");
            for (final String zaaktype : zaaktypen) {
                kanalen.addObject().put("naam", "zaken").putObject("filters").put("zaaktype", zaaktype);
            }
            final HttpResponse<String> created = http.send(HttpRequest.newBuilder(
                            URI.create(notificatiesUrl + "/abonnement")).header("Authorization", bearer)
                    .header("Content-Type", "application/json").header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            check(created, "POST /abonnement");
        } catch (final IOException e) {
            throw new RetriableException("the Notificaties API could not be reached: " + e.getMessage(), e);
        }
    }

    private static void check(final HttpResponse<String> response, final String what) {
        final int status = response.statusCode();
        if (status == 429 || status >= 500) {
            throw new RetriableException("the Notificaties API answered " + status + " to " + what);
        }
        if (status >= 300) {
            throw new ConnectException("the Notificaties API answered " + status + " to " + what
                    + ": check the client id, its secret and its rights (notificaties.consumeren)");
        }
    }
}
