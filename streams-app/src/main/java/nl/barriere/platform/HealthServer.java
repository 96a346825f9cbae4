package nl.barriere.platform;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Liveness and readiness over HTTP for an orchestrator: {@code /health/live} is 200 while every application is
 * alive (running, rebalancing or starting), {@code /health/ready} is 200 once every application is running.
 * Both answer with the state of each application.
 */
public final class HealthServer implements AutoCloseable {

    private final HttpServer server;

    private HealthServer(final HttpServer server) {
        this.server = server;
    }

    public static HealthServer start(final int port, final List<StreamsApp> apps) {
        try {
            final HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
            server.createContext("/health/live", exchange -> answer(exchange, apps, StreamsApp::isAlive));
            server.createContext("/health/ready", exchange -> answer(exchange, apps, StreamsApp::isRunning));
            server.start();
            return new HealthServer(server);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve health checks on port " + port, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void answer(final HttpExchange exchange, final List<StreamsApp> apps, final Predicate<StreamsApp> ok)
            throws IOException {
        final boolean healthy = apps.stream().allMatch(ok);
        final String body = apps.stream().map(app -> "\"" + app.applicationId() + "\":\"" + app.state() + "\"")
                .collect(Collectors.joining(",", "{\"status\":\"" + (healthy ? "UP" : "DOWN") + "\",", "}"));
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(healthy ? 200 : 503, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
