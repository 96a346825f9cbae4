package nl.barriere.connect.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * GETs JSON from a register's REST API, politely: requests are spaced to the configured rate, and a 429 or 5xx
 * answer (or no answer) is retried after the register's {@code Retry-After}, or after a wait that doubles each time,
 * up to the configured number of attempts. Then the poll gives up with a {@link RetriableException}: Connect calls
 * {@code poll} again later, and since the offsets were not advanced, the connector asks for the same page again; no
 * record is skipped. A 401 or 403 is a configuration error and stops the task; a 404 is "not there"; a body that is
 * not JSON is a {@link MalformedResponseException}, which a connector turns into a refused record and goes on.
 */
public final class RegisterClient {

    private static final Logger LOG = LoggerFactory.getLogger(RegisterClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the client waits; tests count the waits instead of sleeping. */
    public interface Sleeper {
        Sleeper THREAD = duration -> Thread.sleep(duration.toMillis());

        void sleep(Duration duration) throws InterruptedException;
    }

    private final String system;
    private final String baseUrl;
    private final String apiKeyHeader;
    /** Asked at every request, so a token can be renewed while the client lives; null with no header. */
    private final Supplier<String> apiKey;
    private final HttpClient http;
    private final long spacingNanos;
    private final int maxAttempts;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final Duration timeout;
    private final Sleeper sleeper;
    private long nextRequestAt = System.nanoTime();
    private long requests;

    RegisterClient(final String system, final String baseUrl, final String apiKeyHeader, final Supplier<String> apiKey,
                   final SSLContext ssl, final double requestsPerSecond, final int maxAttempts,
                   final Duration initialBackoff, final Duration maxBackoff, final Duration timeout,
                   final Sleeper sleeper) {
        this.system = system;
        this.baseUrl = baseUrl;
        this.apiKeyHeader = apiKeyHeader;
        this.apiKey = apiKey;
        final HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER);
        if (ssl != null) {
            builder.sslContext(ssl);
        }
        this.http = builder.build();
        this.spacingNanos = (long) (1_000_000_000L / requestsPerSecond);
        this.maxAttempts = maxAttempts;
        this.initialBackoff = initialBackoff;
        this.maxBackoff = maxBackoff;
        this.timeout = timeout;
        this.sleeper = sleeper;
    }

    /** The JSON at {@code pathAndQuery} (relative to the base URL, starting with '/'). */
    public JsonNode get(final String pathAndQuery) throws InterruptedException {
        return find(pathAndQuery).orElseThrow(() -> new MalformedResponseException(
                system + " has nothing at " + pathAndQuery + " (404)"));
    }

    /** The JSON at {@code pathAndQuery}, or empty when the register answers 404. */
    public Optional<JsonNode> find(final String pathAndQuery) throws InterruptedException {
        return find(pathAndQuery, Map.of());
    }

    /**
     * The same, with request headers of the API's own beside the API key, e.g. BAG's {@code Accept-Crs}, which the
     * BAG API wants on every request whose answer holds a geometry.
     */
    public Optional<JsonNode> find(final String pathAndQuery, final Map<String, String> headers)
            throws InterruptedException {
        final HttpResponse<String> response = send(pathAndQuery, headers);
        if (response.statusCode() == 404) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readTree(response.body()));
        } catch (final JsonProcessingException e) {
            throw new MalformedResponseException(system + " answered GET " + pathAndQuery + " with a body that is not"
                    + " JSON (" + e.getOriginalMessage() + ")");
        }
    }

    /** Requests sent so far, retries included: what the register counts (and bills). */
    public long requests() {
        return requests;
    }

    private HttpResponse<String> send(final String pathAndQuery, final Map<String, String> headers)
            throws InterruptedException {
        final HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery))
                .timeout(timeout).header("Accept", "application/json, application/hal+json").GET();
        headers.forEach(request::header);
        if (apiKeyHeader != null) {
            request.header(apiKeyHeader, apiKey.get());
        }
        String failure = "";
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            pace();
            Duration wait = backoff(attempt);
            try {
                requests++;
                final HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                final int status = response.statusCode();
                if (status == 401 || status == 403) {
                    throw new ConnectException(system + " refused the connector's credentials (" + status + ") for GET "
                            + pathAndQuery + ": check " + RegisterSettings.API_KEY + " and the client certificate");
                }
                if (status != 429 && status < 500) {
                    if (status >= 400 && status != 404) {
                        throw new MalformedResponseException(system + " answered GET " + pathAndQuery + " with " + status
                                + ": " + abbreviated(response.body()));
                    }
                    return response;
                }
                failure = "answered " + status;
                wait = retryAfter(response).orElse(wait);
            } catch (final IOException e) {
                failure = "could not be reached (" + e.getMessage() + ")";
            }
            if (attempt < maxAttempts) {
                LOG.warn("{} {} for GET {}; attempt {} of {}, waiting {} ms", system, failure, pathAndQuery, attempt,
                        maxAttempts, wait.toMillis());
                sleeper.sleep(wait);
            }
        }
        throw new RetriableException(system + " " + failure + " for GET " + pathAndQuery + " " + maxAttempts
                + " times; the connector asks again on its next poll, from the same position");
    }

    private void pace() throws InterruptedException {
        final long now = System.nanoTime();
        if (nextRequestAt > now) {
            sleeper.sleep(Duration.ofNanos(nextRequestAt - now));
        }
        nextRequestAt = Math.max(now, nextRequestAt) + spacingNanos;
    }

    private Duration backoff(final int attempt) {
        final Duration doubled = initialBackoff.multipliedBy(1L << Math.min(attempt - 1, 20));
        return doubled.compareTo(maxBackoff) > 0 ? maxBackoff : doubled;
    }

    /** Retry-After as delta-seconds or an HTTP date, capped at the longest backoff. */
    private Optional<Duration> retryAfter(final HttpResponse<String> response) {
        return response.headers().firstValue("Retry-After").map(String::strip).flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value)));
            } catch (final NumberFormatException notSeconds) {
                try {
                    return Optional.of(Duration.between(ZonedDateTime.now(),
                            ZonedDateTime.parse(value, DateTimeFormatter.RFC_1123_DATE_TIME)));
                } catch (final DateTimeParseException notADate) {
                    return Optional.empty();
                }
            }
        }).map(d -> d.isNegative() ? Duration.ZERO : d.compareTo(maxBackoff) > 0 ? maxBackoff : d);
    }

    private static String abbreviated(final String body) {
        final String flat = body == null ? "" : body.replaceAll("\\s+", " ").strip();
        return flat.length() <= 200 ? flat : flat.substring(0, 200) + "…";
    }
}
