package nl.barriere.serde;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real HTTP server on loopback that answers a few registry endpoints with fixed bodies, so the
 * serde's own behaviour (bytes, errors, request shape) can be pinned down without a registry
 * deciding ids. It records every request it receives.
 */
final class StubRegistry implements AutoCloseable {

    /** Mounted under a prefix like Apicurio's, so the client's path joining is exercised too. */
    static final String PREFIX = "/apis/ccompat/v7";

    record Request(String method, String path, String contentType, String accept, String authorization, String body) {
    }

    private record Answer(int status, String contentType, String body, Duration delay) {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Map<String, Queue<Answer>> firstAnswers = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    StubRegistry() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PREFIX;
    }

    StubRegistry answer(final String method, final String path, final int status, final String json) {
        answers.put(method + " " + path, new Answer(status, "application/vnd.schemaregistry.v1+json", json, Duration.ZERO));
        return this;
    }

    StubRegistry answerText(final String method, final String path, final int status, final String text) {
        answers.put(method + " " + path, new Answer(status, "text/plain", text, Duration.ZERO));
        return this;
    }

    StubRegistry answerAfter(final Duration delay, final String method, final String path, final String json) {
        answers.put(method + " " + path, new Answer(200, "application/vnd.schemaregistry.v1+json", json, delay));
        return this;
    }

    /** Answers the next {@code times} requests to {@code method path} with {@code status}, before the standing answer. */
    StubRegistry answerFirst(final int times, final String method, final String path, final int status, final String json) {
        final Queue<Answer> queue = firstAnswers.computeIfAbsent(method + " " + path, k -> new ConcurrentLinkedQueue<>());
        for (int i = 0; i < times; i++) {
            queue.add(new Answer(status, "application/vnd.schemaregistry.v1+json", json, Duration.ZERO));
        }
        return this;
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            final String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            final String rawPath = exchange.getRequestURI().getRawPath();
            final String path = rawPath.startsWith(PREFIX) ? rawPath.substring(PREFIX.length()) : rawPath;
            requests.add(new Request(exchange.getRequestMethod(), path,
                    exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst("Accept"),
                    exchange.getRequestHeaders().getFirst("Authorization"), body));
            final Queue<Answer> first = firstAnswers.get(exchange.getRequestMethod() + " " + path);
            final Answer once = first == null ? null : first.poll();
            final Answer answer = once != null ? once : answers.getOrDefault(exchange.getRequestMethod() + " " + path,
                    new Answer(404, "application/json",
                            "{\"error_code\":40401,\"message\":\"no stub for " + path + "\"}", Duration.ZERO));
            if (!answer.delay().isZero()) {
                Thread.sleep(answer.delay().toMillis());
            }
            final byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", answer.contentType());
            exchange.sendResponseHeaders(answer.status(), bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
