package nl.barriere.connect.zgw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The callback the Notificaties API posts to: a notification on kanaal {@code zaken} names its zaak
 * ({@code hoofdObject}); the receiver only queues that zaak's URL, and the task reads the zaak itself, so what a
 * notification says is never trusted beyond "look at this zaak". A request without the exact Authorization value
 * of the abonnement gets 403. A notification is answered 204 once queued; one that is lost (the task was down) is
 * found by the reconciliation at the next start.
 */
final class NotificationReceiver implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NotificationReceiver.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private final HttpServer server;
    private final byte[] auth;
    private final BlockingQueue<String> zaken = new LinkedBlockingQueue<>();

    NotificationReceiver(final int port, final String auth) throws IOException {
        this.auth = auth.getBytes(StandardCharsets.UTF_8);
        this.server = HttpServer.create(new InetSocketAddress(port), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    BlockingQueue<String> zaken() {
        return zaken;
    }

    private void handle(final HttpExchange http) throws IOException {
        try (http) {
            final String given = http.getRequestHeaders().getFirst("Authorization");
            if (given == null || !MessageDigest.isEqual(auth, given.getBytes(StandardCharsets.UTF_8))) {
                http.sendResponseHeaders(403, -1);
                return;
            }
            if (!"POST".equals(http.getRequestMethod())) {
                http.sendResponseHeaders(405, -1);
                return;
            }
            final JsonNode notification;
            try (InputStream in = http.getRequestBody()) {
                notification = JSON.readTree(in.readNBytes(MAX_BODY));
            } catch (final IOException e) {
                http.sendResponseHeaders(400, -1);
                return;
            }
            final String zaak = notification == null ? "" : notification.path("hoofdObject").asText("");
            if ("zaken".equals(notification == null ? "" : notification.path("kanaal").asText()) && !zaak.isBlank()) {
                zaken.add(zaak);
            } else {
                LOG.debug("notification not about a zaak, ignored");
            }
            http.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
