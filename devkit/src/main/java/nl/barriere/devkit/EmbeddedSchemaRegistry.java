package nl.barriere.devkit;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An in-memory schema registry inside this JVM, speaking the part of the Confluent Schema Registry
 * REST API that Avro serdes and command-line clients use, so that the demo needs no registry of its own
 * and anything that talks to Confluent or Apicurio's ccompat API can talk to this one.
 *
 * <p>Avro only; compatibility BACKWARD, or the subject's own rule, checked against a subject's latest version.
 * Routes:
 * <pre>
 * GET  /                                     {}
 * GET  /config                               {"compatibilityLevel":"BACKWARD"}
 * PUT  /config/{subject}                     {"compatibility":"FULL"}  ->  {"compatibility":"FULL"}
 * GET  /config/{subject}                     {"compatibilityLevel":"FULL"}, or 40408 when the subject has none
 * GET  /subjects                             ["a-value","b-value"]
 * POST /subjects/{subject}/versions          {"schema":"..."}  ->  {"id":1}
 * POST /subjects/{subject}                   {"schema":"..."}  ->  {"subject","id","version","schema"}
 * GET  /subjects/{subject}/versions          [1,2]
 * GET  /subjects/{subject}/versions/{v}      v = number or latest  ->  {"subject","id","version","schema"}
 * GET  /schemas/ids/{id}                     {"schema":"..."}
 * </pre>
 * Errors are {@code {"error_code":N,"message":"..."}} with Confluent's codes.
 */
public final class EmbeddedSchemaRegistry implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSchemaRegistry.class);

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final Set<String> ACCEPTED_REQUEST_TYPES =
        Set.of(CONTENT_TYPE, "application/vnd.schemaregistry+json", "application/json");
    private static final int HTTP_THREADS = 4;

    private final ObjectMapper json = new ObjectMapper();
    private final RegistryStore store;
    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedSchemaRegistry(final RegistryStore store, final HttpServer server, final ExecutorService executor) {
        this.store = store;
        this.server = server;
        this.executor = executor;
    }

    /**
     * Starts the registry on localhost.
     *
     * @param port the port to listen on, or 0 for a free one
     */
    public static EmbeddedSchemaRegistry start(final int port) {
        return start(port, new RegistryStore());
    }

    /**
     * After {@link #close()}: the same registry back on the same port with the same schemas, as a registry
     * returns after an outage. Fails if the port was taken meanwhile.
     */
    public EmbeddedSchemaRegistry startAgain() {
        if (!closed.get()) {
            throw new IllegalStateException("the schema registry at " + url() + " is still running");
        }
        return start(server.getAddress().getPort(), store);
    }

    private static EmbeddedSchemaRegistry start(final int port, final RegistryStore store) {
        final HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        } catch (final IOException e) {
            throw new UncheckedIOException("Could not start the schema registry on port " + port, e);
        }
        final ExecutorService executor = Executors.newFixedThreadPool(HTTP_THREADS, daemonThreads());
        final EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(store, server, executor);
        server.createContext("/", registry::handle);
        server.setExecutor(executor);
        server.start();
        LOG.info("Embedded schema registry listening at {}", registry.url());
        return registry;
    }

    /** The base URL for registry clients, e.g. {@code http://localhost:8081}. */
    public String url() {
        return "http://localhost:" + server.getAddress().getPort();
    }

    /** Stops serving; the schemas are gone unless {@link #startAgain()} brings them back. Calling it again does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private void handle(final HttpExchange exchange) throws IOException {
        try (exchange) {
            int status = 200;
            Object body;
            try {
                body = route(exchange);
            } catch (final RegistryRequestException e) {
                status = e.httpStatus();
                body = error(e.errorCode(), e.getMessage());
            } catch (final RuntimeException e) {
                LOG.warn("Schema registry failed on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
                status = 500;
                body = error(50001, "Error in the backend data store: " + e.getMessage());
            }
            final byte[] bytes = json.writeValueAsBytes(body);
            exchange.getResponseHeaders().set("Content-Type", CONTENT_TYPE);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    private Object route(final HttpExchange exchange) throws IOException {
        final String method = exchange.getRequestMethod();
        final List<String> path = pathSegments(exchange);
        final int size = path.size();
        if (size == 0) {
            requireMethod(method, "GET");
            return Map.of();
        }
        switch (path.get(0)) {
            case "config":
                if (size == 1) {
                    requireMethod(method, "GET");
                    return Map.of("compatibilityLevel", RegistryStore.DEFAULT_COMPATIBILITY);
                }
                if (size == 2) {
                    return routeSubjectConfig(exchange, method, path.get(1));
                }
                break;
            case "schemas":
                if (size == 3 && path.get(1).equals("ids")) {
                    requireMethod(method, "GET");
                    return Map.of("schema", store.schemaById(parseId(path.get(2))));
                }
                break;
            case "subjects":
                return routeSubjects(exchange, method, path);
            default:
                break;
        }
        throw notFound();
    }

    private Object routeSubjects(final HttpExchange exchange, final String method, final List<String> path)
            throws IOException {
        final int size = path.size();
        if (size == 1) {
            requireMethod(method, "GET");
            return store.subjects();
        }
        final String subject = path.get(1);
        if (size == 2) {
            requireMethod(method, "POST");
            return store.lookup(subject, schemaFromBody(exchange));
        }
        if (!path.get(2).equals("versions") || size > 4) {
            throw notFound();
        }
        if (size == 4) {
            requireMethod(method, "GET");
            return store.version(subject, path.get(3));
        }
        if (method.equals("GET")) {
            return store.versions(subject);
        }
        requireMethod(method, "POST");
        final RegistryStore.Registration registration = store.register(subject, schemaFromBody(exchange));
        final RegistryStore.SubjectVersion registered = registration.version();
        if (registration.created()) {
            LOG.info("Registered schema id {} as version {} of subject '{}'",
                registered.id(), registered.version(), subject);
        }
        return Map.of("id", registered.id());
    }

    /** Confluent's answers: PUT gives {@code {"compatibility":L}}, GET {@code {"compatibilityLevel":L}} or 40408. */
    private Object routeSubjectConfig(final HttpExchange exchange, final String method, final String subject)
            throws IOException {
        if (method.equals("GET")) {
            return Map.of("compatibilityLevel", store.compatibility(subject).orElseThrow(() -> new RegistryRequestException(
                404, RegistryRequestException.SUBJECT_COMPATIBILITY_NOT_CONFIGURED,
                "Subject '" + subject + "' does not have subject-level compatibility configured")));
        }
        requireMethod(method, "PUT");
        final JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = json.readTree(in);
        } catch (final JsonProcessingException e) {
            throw new RegistryRequestException(400, 400, "The request body is not JSON: " + e.getOriginalMessage());
        }
        final JsonNode level = request == null ? null : request.get("compatibility");
        return Map.of("compatibility", store.setCompatibility(subject, level == null ? null : level.asText()));
    }

    private Schema schemaFromBody(final HttpExchange exchange) throws IOException {
        final String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        if (contentType != null
                && !ACCEPTED_REQUEST_TYPES.contains(contentType.split(";")[0].trim().toLowerCase(Locale.ROOT))) {
            throw new RegistryRequestException(415, 415, "HTTP 415 Unsupported Media Type: " + contentType);
        }
        final JsonNode request;
        try (InputStream in = exchange.getRequestBody()) {
            request = json.readTree(in);
        } catch (final JsonProcessingException e) {
            throw new RegistryRequestException(400, 400, "The request body is not JSON: " + e.getOriginalMessage());
        }
        if (request == null || !request.isObject()) {
            throw new RegistryRequestException(400, 400, "The request body must be a JSON object with a \"schema\" field");
        }
        final JsonNode schemaType = request.get("schemaType");
        if (schemaType != null && !schemaType.isNull() && !schemaType.asText().equals("AVRO")) {
            throw RegistryRequestException.invalidSchema(
                "schema type " + schemaType.asText() + " is not supported; this registry serves AVRO only");
        }
        final JsonNode references = request.get("references");
        if (references != null && !references.isNull() && !references.isEmpty()) {
            throw RegistryRequestException.invalidSchema("schema references are not supported");
        }
        final JsonNode schema = request.get("schema");
        if (schema == null || !schema.isTextual()) {
            throw RegistryRequestException.invalidSchema("the request has no \"schema\" string");
        }
        return RegistryStore.parse(schema.textValue());
    }

    /** Splits the raw path before decoding, so that a subject may contain an encoded slash. */
    private static List<String> pathSegments(final HttpExchange exchange) {
        return Arrays.stream(exchange.getRequestURI().getRawPath().split("/"))
            .filter(segment -> !segment.isEmpty())
            .map(segment -> URLDecoder.decode(segment.replace("+", "%2B"), StandardCharsets.UTF_8))
            .toList();
    }

    private static int parseId(final String id) {
        try {
            return Integer.parseInt(id);
        } catch (final NumberFormatException e) {
            throw new RegistryRequestException(404, RegistryRequestException.SCHEMA_NOT_FOUND, "Schema " + id + " not found.");
        }
    }

    private static void requireMethod(final String actual, final String allowed) {
        if (!actual.equals(allowed)) {
            throw new RegistryRequestException(405, 405, "HTTP 405 Method Not Allowed");
        }
    }

    private static RegistryRequestException notFound() {
        return new RegistryRequestException(404, 404, "HTTP 404 Not Found");
    }

    private static ErrorMessage error(final int errorCode, final String message) {
        return new ErrorMessage(errorCode, message);
    }

    /** The body of every error answer, in Confluent's shape. */
    record ErrorMessage(@JsonProperty("error_code") int errorCode, String message) {
    }

    private static ThreadFactory daemonThreads() {
        final AtomicInteger count = new AtomicInteger();
        return runnable -> {
            final Thread thread = new Thread(runnable, "schema-registry-http-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
