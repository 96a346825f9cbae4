package nl.barriere.serde;

import java.time.Instant;
import org.apache.kafka.common.errors.RetriableException;

/**
 * The schema registry gave no usable answer (no connection, a timeout, HTTP 5xx or 429) for as long as the client
 * was allowed to wait.
 *
 * <p>This says nothing about the record that needed the schema, so it must never turn it into a dead letter. It is
 * a Kafka {@link RetriableException} and deliberately not a {@code SerializationException}: code that dead-letters
 * undecodable records catches {@code SerializationException} and lets this one pass, and a Kafka Streams
 * application can tell from the cause chain that the stream thread should be replaced (restart from the last
 * commit) rather than the record skipped or the application stopped.
 */
public class RegistryUnavailableException extends RetriableException {

    private final String url;
    private final Instant since;

    RegistryUnavailableException(final String message, final String url, final Instant since, final Throwable cause) {
        super(message, cause);
        this.url = url;
        this.since = since;
    }

    /** The registry base URL (or comma-separated URLs) that could not be reached. */
    public String url() {
        return url;
    }

    /** When this client first failed to reach the registry in the current outage. */
    public Instant since() {
        return since;
    }

    /** The same outage, told with what the caller was doing (topic, subject, schema id). */
    RegistryUnavailableException during(final String what) {
        return new RegistryUnavailableException(what + ": " + getMessage(), url, since, this);
    }
}
