package nl.barriere.connect.http;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * A register's API on a local port, for tests: the test says what each path answers, and every exchange is checked
 * against the register's official OpenAPI document (Atlassian's swagger-request-validator): the request the
 * connector sent (path, query parameters, headers) always, the response whenever the test did not mean it to be
 * broken. A test ends with {@code assertThat(server.violations()).isEmpty()}, so a connector that asks what the API
 * does not offer, or a fixture the real API could not send, fails the test.
 */
public final class SpecServer implements AutoCloseable {

    /** One request as the connector sent it. */
    public record Exchange(String path, Map<String, String> query, Map<String, String> headers) {
        public String param(final String name) {
            return query.get(name);
        }
    }

    /** What the server answers; {@code checked} false for a response the test means to be malformed. */
    public record Reply(int status, String body, Map<String, String> headers, boolean checked) {
        public static Reply json(final String body) {
            return new Reply(200, body, Map.of("Content-Type", "application/json"), true);
        }

        public static Reply status(final int status) {
            return new Reply(status, "", Map.of(), false);
        }

        /** A body the specification does not allow; sent as JSON but not checked. */
        public static Reply malformed(final String body) {
            return new Reply(200, body, Map.of("Content-Type", "application/json"), false);
        }

        public Reply withHeader(final String name, final String value) {
            final Map<String, String> all = new LinkedHashMap<>(headers);
            all.put(name, value);
            return new Reply(status, body, all, checked);
        }
    }

    private final HttpServer server;
    private final OpenApiInteractionValidator validator;
    private final String basePath;
    private final Map<String, Function<Exchange, Reply>> routes = Collections.synchronizedMap(new LinkedHashMap<>());
    private final List<Reply> scripted = Collections.synchronizedList(new ArrayList<>());
    private final List<String> violations = Collections.synchronizedList(new ArrayList<>());
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    private SpecServer(final String specification, final String basePath, final boolean mergeAllOf)
            throws IOException {
        this.validator = OpenApiInteractionValidator.createForSpecificationUrl(specification)
                .withBasePathOverride(basePath).withResolveCombinators(mergeAllOf).build();
        this.basePath = basePath;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    /**
     * Serves under {@code basePath} (the path of the specification's server URL, e.g. {@code /api/v1}), checked
     * against the OpenAPI document at the classpath resource {@code specResource}.
     */
    public static SpecServer start(final String specResource, final String basePath) throws IOException {
        return start(specResource, basePath, false);
    }

    /**
     * As {@link #start(String, String)}, and with {@code mergeAllOf} the validator merges each {@code allOf} of
     * object schemas into one schema before it checks a body against it. Without that, it checks every part on its
     * own and reports the properties of the other parts as not allowed ({@code validation.response.body.schema.allOf}
     * over {@code additionalProperties}), a misreading of every HAL document that composes a resource with its
     * {@code _links} that way (see {@code openapi/brk/README.md}).
     */
    public static SpecServer start(final String specResource, final String basePath, final boolean mergeAllOf)
            throws IOException {
        final var url = Objects.requireNonNull(SpecServer.class.getResource(specResource), specResource);
        return new SpecServer(url.toString(), basePath, mergeAllOf);
    }

    /** The base URL a connector is configured with: {@code http://127.0.0.1:port/basePath}. */
    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + basePath;
    }

    /** Answers requests whose path (below the base path) starts with {@code pathPrefix}; the longest prefix wins. */
    public SpecServer on(final String pathPrefix, final Function<Exchange, Reply> answer) {
        routes.put(pathPrefix, answer);
        return this;
    }

    /** The next requests, whatever their path, get these replies, in order (e.g. a 429, then a 503). */
    public void thenReply(final Reply... replies) {
        scripted.addAll(List.of(replies));
    }

    /** Everything the specification would not allow, of requests and of checked responses. */
    public List<String> violations() {
        return List.copyOf(violations);
    }

    /** Every request so far, as "GET /path?query", in order. */
    public List<String> requests() {
        return List.copyOf(log);
    }

    private void handle(final HttpExchange http) throws IOException {
        final URI uri = http.getRequestURI();
        final String relative = uri.getPath().substring(Math.min(basePath.length(), uri.getPath().length()));
        final Exchange exchange = new Exchange(relative, query(uri.getRawQuery()), headers(http));
        log.add(http.getRequestMethod() + " " + relative + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
        Reply reply;
        synchronized (scripted) {
            reply = scripted.isEmpty() ? null : scripted.remove(0);
        }
        if (reply == null) {
            reply = route(relative).map(answer -> answer.apply(exchange)).orElse(null);
        }
        if (reply == null) {
            violations.add("no fixture for GET " + relative);
            reply = Reply.status(404);
        }
        check(http.getRequestMethod(), uri.getPath(), exchange, reply);
        final byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
        reply.headers().forEach((name, value) -> http.getResponseHeaders().add(name, value));
        http.sendResponseHeaders(reply.status(), body.length == 0 ? -1 : body.length);
        try (OutputStream out = http.getResponseBody()) {
            out.write(body);
        }
    }

    private java.util.Optional<Function<Exchange, Reply>> route(final String path) {
        synchronized (routes) {
            return routes.entrySet().stream().filter(e -> path.startsWith(e.getKey()))
                    .max(java.util.Comparator.comparingInt(e -> e.getKey().length())).map(Map.Entry::getValue);
        }
    }

    private void check(final String method, final String fullPath, final Exchange exchange, final Reply reply) {
        final SimpleRequest.Builder request = new SimpleRequest.Builder(Request.Method.valueOf(method), fullPath);
        exchange.query().forEach(request::withQueryParam);
        exchange.headers().forEach(request::withHeader);
        final ValidationReport report;
        if (reply.checked()) {
            final SimpleResponse.Builder response = SimpleResponse.Builder.status(reply.status()).withBody(reply.body());
            reply.headers().forEach(response::withHeader);
            report = validator.validate(request.build(), response.build());
        } else {
            report = validator.validateRequest(request.build());
        }
        report.getMessages().stream().filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .forEach(m -> violations.add(method + " " + fullPath + ": " + m.getKey() + ": " + m.getMessage()));
    }

    private static Map<String, String> query(final String raw) {
        final Map<String, String> query = new LinkedHashMap<>();
        if (raw != null && !raw.isEmpty()) {
            for (final String pair : raw.split("&")) {
                final int eq = pair.indexOf('=');
                final String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
                query.put(name, eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return query;
    }

    private static Map<String, String> headers(final HttpExchange http) {
        final Map<String, String> headers = new LinkedHashMap<>();
        http.getRequestHeaders().forEach((name, values) -> headers.put(name, String.join(",", values)));
        return headers;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
