package nl.barriere.serde;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.apache.kafka.common.config.ConfigException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Client for the subset of the Confluent schema-registry REST API that a serde needs.
 *
 * <p>Only endpoints that Confluent Schema Registry, Apicurio Registry's {@code /apis/ccompat/v7}
 * and our embedded registry all answer the same way are used, so one client serves all three.
 * Registered ids never change meaning, so both directions (id to schema, subject and schema to
 * id) are cached for the life of the client: after warm-up a serde makes no HTTP calls at all.
 * One client is meant to be shared by every serde of an application.
 *
 * <p>Every failure is a {@link RegistryException} naming the registry URL; nothing is returned as
 * {@code null}, because a silently missing schema would turn into silently dropped records.
 *
 * <p>A registry that gives no answer (no connection, a timeout, HTTP 5xx, 429) is not the record's fault. For the
 * lookups a serde makes ({@link #byId}, {@link #register}, {@link #idOf}) the client then first looks in its disk
 * cache ({@value SerdeConfig#REGISTRY_CACHE_DIR}), then retries with a growing pause (0.1 s doubling to 5 s) for
 * up to {@value SerdeConfig#REGISTRY_UNAVAILABLE_MAX_WAIT_MS} (default 30 s), and only then throws a
 * {@link RegistryUnavailableException}. The wait is bounded so that a Kafka Streams thread blocked in it still
 * polls well within {@code max.poll.interval.ms} (5 min) and commits within Barrière's transaction timeout (2 min);
 * the thread is then replaced and starts again from its last commit. Only a definite answer (HTTP 4xx, a schema
 * that does not parse) is a {@link RegistryException} at once.
 */
public final class SchemaRegistryClient {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    /** The same preference order Confluent's own client sends, so content negotiation picks the v1 format. */
    private static final String ACCEPT =
            "application/vnd.schemaregistry.v1+json, application/vnd.schemaregistry+json; q=0.9, application/json; q=0.5";
    static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    static final Duration DEFAULT_UNAVAILABLE_MAX_WAIT = Duration.ofSeconds(30);
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
    private static final int MAX_BODY_IN_MESSAGE = 300;

    private static final Logger LOG = LoggerFactory.getLogger(SchemaRegistryClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<String> baseUrls;
    private final String authorization;
    private final Duration requestTimeout;
    private final HttpClient http;
    private final Duration unavailableMaxWait;
    private final SchemaCache disk;
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();
    private final Map<SubjectSchema, Integer> idsBySubjectSchema = new ConcurrentHashMap<>();

    /** Key of the subject-and-schema cache; {@link Schema#equals} compares the full structure. */
    private record SubjectSchema(String subject, Schema schema) {
    }

    /** A client without authentication and with the default timeouts (connect 5 s, request 10 s). */
    public SchemaRegistryClient(final String urls) {
        this(urls, null, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_TIMEOUT);
    }

    /**
     * @param urls              one base URL, or several separated by commas; later ones are only
     *                          tried when the earlier ones cannot be reached
     * @param basicAuthUserInfo {@code user:password}, or {@code null} for no authentication
     */
    public SchemaRegistryClient(final String urls, final String basicAuthUserInfo,
                                final Duration connectTimeout, final Duration requestTimeout) {
        this(urls, basicAuthUserInfo, connectTimeout, requestTimeout, DEFAULT_UNAVAILABLE_MAX_WAIT, null);
    }

    /**
     * @param unavailableMaxWait how long a lookup retries a registry that gives no answer before it throws
     *                           {@link RegistryUnavailableException}; zero for a single attempt
     * @param cacheDir           where the registry's answers are kept across restarts, or {@code null} for memory only
     */
    public SchemaRegistryClient(final String urls, final String basicAuthUserInfo, final Duration connectTimeout,
                                final Duration requestTimeout, final Duration unavailableMaxWait, final Path cacheDir) {
        this.baseUrls = parseUrls(urls);
        this.unavailableMaxWait = Objects.requireNonNull(unavailableMaxWait, "unavailableMaxWait");
        this.disk = cacheDir == null ? null : new SchemaCache(cacheDir, url());
        this.authorization = basicAuthUserInfo == null || basicAuthUserInfo.isBlank()
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(basicAuthUserInfo.getBytes(StandardCharsets.UTF_8));
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.http = HttpClient.newBuilder()
                .connectTimeout(Objects.requireNonNull(connectTimeout, "connectTimeout"))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    /** Builds a client from Kafka-style configs, using the keys in {@link SerdeConfig}. */
    public static SchemaRegistryClient fromConfigs(final Map<String, ?> configs) {
        final Object urls = configs.get(SerdeConfig.SCHEMA_REGISTRY_URL);
        if (urls == null || urls.toString().isBlank()) {
            throw new ConfigException(SerdeConfig.SCHEMA_REGISTRY_URL, urls,
                    "the Avro serde needs the schema registry URL");
        }
        final Object userInfo = configs.get(SerdeConfig.BASIC_AUTH_USER_INFO);
        final Object cacheDir = configs.get(SerdeConfig.REGISTRY_CACHE_DIR);
        return new SchemaRegistryClient(urls.toString(), userInfo == null ? null : userInfo.toString(),
                millis(configs, SerdeConfig.REGISTRY_CONNECT_TIMEOUT_MS, DEFAULT_CONNECT_TIMEOUT),
                millis(configs, SerdeConfig.REGISTRY_REQUEST_TIMEOUT_MS, DEFAULT_REQUEST_TIMEOUT),
                millis(configs, SerdeConfig.REGISTRY_UNAVAILABLE_MAX_WAIT_MS, DEFAULT_UNAVAILABLE_MAX_WAIT, true),
                cacheDir == null || cacheDir.toString().isBlank() ? null : Path.of(cacheDir.toString().trim()));
    }

    /**
     * Registers {@code schema} under {@code subject}, or finds it already registered, and returns
     * its id. Registering an identical schema again is a no-op on every registry, so this is safe
     * to call from many producers at once.
     */
    public int register(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        final int id = patiently("POST /subjects/" + subject + "/versions", () -> {
            final JsonNode answer = send("POST", "/subjects/" + pathSegment(subject) + "/versions", schemaBody(schema));
            final int registered = requiredInt(answer, "id", "POST /subjects/" + subject + "/versions");
            LOG.info("Schema {} is registered under subject {} with id {}", schema.getFullName(), subject, registered);
            return registered;
        }, () -> disk == null ? Optional.empty() : disk.id(subject, schema));
        remember(key, id);
        return id;
    }

    /**
     * Returns the id under which {@code schema} is already registered in {@code subject}, without
     * registering anything; fails with the registry's 40401 (no such subject) or 40403 (schema not
     * in subject) when it is not there.
     */
    public int idOf(final String subject, final Schema schema) {
        final SubjectSchema key = new SubjectSchema(subject, schema);
        final Integer cached = idsBySubjectSchema.get(key);
        if (cached != null) {
            return cached;
        }
        final int id = patiently("POST /subjects/" + subject, () -> requiredInt(
                send("POST", "/subjects/" + pathSegment(subject), schemaBody(schema)), "id", "POST /subjects/" + subject),
                () -> disk == null ? Optional.empty() : disk.id(subject, schema));
        remember(key, id);
        return id;
    }

    /** The schema a record was written with, by the id in its header. */
    public Schema byId(final int id) {
        final Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        final String path = "/schemas/ids/" + id;
        final Schema schema = patiently("GET " + path, () -> avroSchema(send("GET", path, null), path),
                () -> disk == null ? Optional.empty() : disk.schema(id));
        schemasById.putIfAbsent(id, schema);
        if (disk != null) {
            disk.putSchema(id, schema);
        }
        return schema;
    }

    /** The newest version registered under {@code subject}; never cached, since it changes. */
    public RegisteredSchema latest(final String subject) {
        final String path = "/subjects/" + pathSegment(subject) + "/versions/latest";
        final JsonNode answer = send("GET", path, null);
        final RegisteredSchema latest = new RegisteredSchema(
                answer.hasNonNull("subject") ? answer.get("subject").asText() : subject,
                requiredInt(answer, "id", "GET " + path),
                requiredInt(answer, "version", "GET " + path),
                avroSchema(answer, path));
        schemasById.putIfAbsent(latest.id(), latest.schema());
        return latest;
    }

    /** Every subject the registry knows, in the registry's order. */
    public List<String> subjects() {
        final JsonNode answer = send("GET", "/subjects", null);
        if (!answer.isArray()) {
            throw unexpectedAnswer("GET /subjects", "a JSON array of subject names", answer);
        }
        final List<String> subjects = new ArrayList<>(answer.size());
        answer.forEach(subject -> subjects.add(subject.asText()));
        return List.copyOf(subjects);
    }

    /**
     * Asks the registry for its global config ({@code GET /config}, answered by Confluent, Apicurio's ccompat API
     * and the embedded registry alike, and cheap): once, without retrying, for a health check. Throws the
     * {@link RegistryException} of the failure.
     */
    public void ping() {
        send("GET", "/config", null);
    }

    /** Whether {@code failure} means the registry gave no answer, rather than a definite one about the request. */
    static boolean isUnavailable(final RegistryException failure) {
        final int status = failure.status();
        return status == RegistryException.NO_RESPONSE || status == 429 || status >= 500;
    }

    /**
     * Runs {@code request}; while the registry gives no answer, looks in the disk cache once and retries with
     * backoff until {@link #unavailableMaxWait} has passed. A definite answer ends it at once.
     */
    private <T> T patiently(final String request, final Supplier<T> ask, final Supplier<Optional<T>> cached) {
        final String url = url();
        final long deadline = System.nanoTime() + unavailableMaxWait.toNanos();
        Duration backoff = FIRST_BACKOFF;
        boolean lookedInCache = false;
        boolean waiting = false;
        try {
            while (true) {
                try {
                    final T answer = ask.get();
                    RegistryOutages.recovered(url, Instant.now());
                    return answer;
                } catch (final RegistryException failure) {
                    if (!isUnavailable(failure)) {
                        throw failure;
                    }
                    final Instant since = RegistryOutages.failed(url, failure.getMessage(), Instant.now());
                    if (!lookedInCache) {
                        lookedInCache = true;
                        final Optional<T> known = cached.get();
                        if (known.isPresent()) {
                            LOG.debug("schema registry at {} gives no answer; {} answered from the disk cache {}",
                                    url, request, disk);
                            return known.get();
                        }
                    }
                    final long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new RegistryUnavailableException("schema registry at " + url + " gave no answer to "
                                + request + " since " + since + " (waited " + unavailableMaxWait.toMillis()
                                + " ms); last: " + failure.getMessage(), url, since, failure);
                    }
                    if (!waiting) {
                        waiting = true;
                        RegistryOutages.waiting(url, Instant.now());
                    }
                    sleep(Math.min(backoff.toNanos(), left), url, since, request, failure);
                    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        } finally {
            if (waiting) {
                RegistryOutages.doneWaiting(url);
            }
        }
    }

    private static void sleep(final long nanos, final String url, final Instant since, final String request,
                              final RegistryException failure) {
        try {
            Thread.sleep(Duration.ofNanos(nanos).toMillis(), (int) (nanos % 1_000_000));
        } catch (final InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryUnavailableException("interrupted while waiting for schema registry at " + url + " to "
                    + "answer " + request + "; last: " + failure.getMessage(), url, since, failure);
        }
    }

    /** The form {@link #url()} gives {@code urls}, so callers holding the configured value can find an outage. */
    static String normalized(final String urls) {
        return String.join(",", parseUrls(urls));
    }

    /**
     * Sets the compatibility rule of {@code subject} ({@code PUT /config/{subject}}), e.g. {@code BACKWARD}, which
     * the registry then checks every new version of the subject against. Setting the same rule again changes
     * nothing, on Confluent, Apicurio's ccompat API and the embedded registry alike.
     *
     * @return the rule the registry answered with
     */
    public String setCompatibility(final String subject, final String compatibility) {
        final String path = "/config/" + pathSegment(subject);
        final String body;
        try {
            body = JSON.writeValueAsString(Map.of("compatibility", compatibility));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("a map of one string always serialises", e);
        }
        final JsonNode answer = send("PUT", path, body);
        if (!answer.hasNonNull("compatibility")) {
            throw unexpectedAnswer("PUT " + path, "{\"compatibility\":...}", answer);
        }
        return answer.get("compatibility").asText();
    }

    /** The configured base URLs, comma-separated; used in error messages of the serde. */
    public String url() {
        return String.join(",", baseUrls);
    }

    @Override
    public String toString() {
        return "SchemaRegistryClient[" + url() + "]";
    }

    private void remember(final SubjectSchema key, final int id) {
        idsBySubjectSchema.putIfAbsent(key, id);
        schemasById.putIfAbsent(id, key.schema());
        if (disk != null) {
            disk.putId(key.subject(), key.schema(), id);
        }
    }

    /**
     * Sends one request, trying the next base URL only when a registry cannot be reached at all.
     * A registry that answers, even with an error, is authoritative: asking another one could
     * register the same schema twice under different ids.
     */
    private JsonNode send(final String method, final String path, final String body) {
        try {
            return sendOnce(method, path, body);
        } catch (final RegistryException failure) {
            RegistryErrors.failed(failure);
            throw failure;
        }
    }

    private JsonNode sendOnce(final String method, final String path, final String body) {
        final List<String> unreachable = new ArrayList<>();
        RegistryException lastFailure = null;
        for (final String baseUrl : baseUrls) {
            final URI uri = URI.create(baseUrl + path);
            final HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(requestTimeout)
                    .header("Accept", ACCEPT);
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            if (body == null) {
                request.GET();
            } else {
                request.header("Content-Type", CONTENT_TYPE)
                        .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
            }
            final HttpResponse<String> response;
            try {
                response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            } catch (final HttpConnectTimeoutException | ConnectException e) {
                unreachable.add(baseUrl);
                lastFailure = unreachableException(baseUrl, uri, "is unreachable", e);
                continue;
            } catch (final HttpTimeoutException e) {
                throw new RegistryException("schema registry at " + baseUrl + " did not answer " + method + " " + path
                        + " within " + requestTimeout.toMillis() + " ms", uri.toString(),
                        RegistryException.NO_RESPONSE, RegistryException.NO_ERROR_CODE, "", e);
            } catch (final IOException e) {
                unreachable.add(baseUrl);
                lastFailure = unreachableException(baseUrl, uri, "is unreachable or dropped the connection", e);
                continue;
            } catch (final InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RegistryException("interrupted while waiting for schema registry at " + baseUrl + " to answer "
                        + method + " " + path, uri.toString(), RegistryException.NO_RESPONSE,
                        RegistryException.NO_ERROR_CODE, "", e);
            }
            return answer(baseUrl, method, path, uri, response);
        }
        if (unreachable.size() > 1) {
            throw new RegistryException("none of the schema registries " + unreachable + " is reachable; last: "
                    + lastFailure.getMessage(), lastFailure.url(), RegistryException.NO_RESPONSE,
                    RegistryException.NO_ERROR_CODE, "", lastFailure.getCause());
        }
        throw lastFailure;
    }

    private static RegistryException unreachableException(final String baseUrl, final URI uri, final String what,
                                                          final IOException e) {
        return new RegistryException("schema registry at " + baseUrl + " " + what + ": " + describe(e),
                uri.toString(), RegistryException.NO_RESPONSE, RegistryException.NO_ERROR_CODE, "", e);
    }

    private static JsonNode answer(final String baseUrl, final String method, final String path, final URI uri,
                                   final HttpResponse<String> response) {
        final int status = response.statusCode();
        final String body = response.body() == null ? "" : response.body();
        if (status >= 200 && status < 300) {
            try {
                return JSON.readTree(body);
            } catch (final JsonProcessingException e) {
                throw new RegistryException("schema registry at " + baseUrl + " answered " + method + " " + path
                        + " with a body that is not JSON: " + abbreviate(body), uri.toString(), status,
                        RegistryException.NO_ERROR_CODE, abbreviate(body), e);
            }
        }
        // Confluent and Apicurio answer errors as {"error_code": 40403, "message": "..."}; proxies
        // and Apicurio's request-parsing errors answer plain text, which is kept as it is.
        int errorCode = RegistryException.NO_ERROR_CODE;
        String registryMessage = abbreviate(body);
        try {
            final JsonNode error = JSON.readTree(body);
            if (error != null && error.isObject()) {
                errorCode = error.path("error_code").asInt(RegistryException.NO_ERROR_CODE);
                if (error.hasNonNull("message")) {
                    registryMessage = error.get("message").asText();
                }
            }
        } catch (final JsonProcessingException notJson) {
            // the plain-text body is the best explanation there is
        }
        final String code = errorCode == RegistryException.NO_ERROR_CODE ? "" : ", error_code " + errorCode;
        throw new RegistryException("schema registry at " + baseUrl + " answered HTTP " + status + code + " to "
                + method + " " + path + (registryMessage.isEmpty() ? "" : ": " + registryMessage),
                uri.toString(), status, errorCode, registryMessage, null);
    }

    private Schema avroSchema(final JsonNode answer, final String request) {
        final String type = answer.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw unexpectedAnswer("GET " + request, "an AVRO schema, not " + type, answer);
        }
        final JsonNode text = answer.get("schema");
        if (text == null || !text.isTextual()) {
            throw unexpectedAnswer("GET " + request, "a \"schema\" string", answer);
        }
        try {
            return new Schema.Parser().parse(text.asText());
        } catch (final SchemaParseException e) {
            throw new RegistryException("schema registry at " + url() + " answered GET " + request
                    + " with a schema Avro cannot parse: " + e.getMessage(), url() + request, 200,
                    RegistryException.NO_ERROR_CODE, "", e);
        }
    }

    private int requiredInt(final JsonNode answer, final String field, final String request) {
        final JsonNode value = answer.get(field);
        if (value == null || !value.canConvertToInt()) {
            throw unexpectedAnswer(request, "an integer \"" + field + "\"", answer);
        }
        return value.asInt();
    }

    private RegistryException unexpectedAnswer(final String request, final String expected, final JsonNode answer) {
        final RegistryException failure = new RegistryException("schema registry at " + url() + " answered " + request
                + " without " + expected + ": " + abbreviate(answer.toString()), url(), 200,
                RegistryException.NO_ERROR_CODE, "", null);
        RegistryErrors.failed(failure);
        return failure;
    }

    private static String schemaBody(final Schema schema) {
        try {
            return JSON.writeValueAsString(Map.of("schema", schema.toString()));
        } catch (final JsonProcessingException e) {
            throw new IllegalStateException("a map of one string always serialises", e);
        }
    }

    /** Subjects are free text (Confluent allows almost anything), so they must be escaped as one path segment. */
    private static String pathSegment(final String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static List<String> parseUrls(final String urls) {
        Objects.requireNonNull(urls, "schema registry URL");
        final List<String> parsed = Arrays.stream(urls.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .toList();
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("no schema registry URL in '" + urls + "'");
        }
        for (final String url : parsed) {
            final URI uri = URI.create(url);
            if (!"http".equalsIgnoreCase(uri.getScheme()) && !"https".equalsIgnoreCase(uri.getScheme())) {
                throw new IllegalArgumentException("schema registry URL '" + url + "' is not http or https");
            }
        }
        return parsed;
    }

    private static Duration millis(final Map<String, ?> configs, final String key, final Duration fallback) {
        return millis(configs, key, fallback, false);
    }

    private static Duration millis(final Map<String, ?> configs, final String key, final Duration fallback,
                                   final boolean zeroAllowed) {
        final Object value = configs.get(key);
        if (value == null) {
            return fallback;
        }
        try {
            final long ms = value instanceof Number number ? number.longValue() : Long.parseLong(value.toString().trim());
            if (ms < 0 || ms == 0 && !zeroAllowed) {
                throw new ConfigException(key, value, "must be a positive number of milliseconds");
            }
            return Duration.ofMillis(ms);
        } catch (final NumberFormatException e) {
            throw new ConfigException(key, value, "must be a number of milliseconds");
        }
    }

    /** HttpClient's connect failures often carry no message of their own; the root cause says what happened. */
    private static String describe(final Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        final String message = root.getMessage();
        return root.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    private static String abbreviate(final String text) {
        final String trimmed = text.strip();
        return trimmed.length() <= MAX_BODY_IN_MESSAGE ? trimmed : trimmed.substring(0, MAX_BODY_IN_MESSAGE) + "…";
    }
}
