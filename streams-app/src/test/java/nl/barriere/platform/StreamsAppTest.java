package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import nl.barriere.serde.RegistryUnavailableException;
import nl.barriere.serde.SchemaRegistryClient;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

/** What the uncaught-exception handler does with a registry outage, and with everything else. */
class StreamsAppTest {

    @Test
    void aRegistryOutageReplacesTheThreadAndAnythingElseStopsTheApplication() {
        // Given the exception a serde throws when the registry gives no answer (nothing listens on port 1),
        // wrapped the way Kafka Streams wraps a processor's failure
        final Exception outage = lookUpAgainstNothing();
        final StreamsException wrapped = new StreamsException("Error encountered sending record",
                new StreamsException("failed to process", outage));

        // Then the stream thread is replaced (restart from the last commit), while any other failure stops the app
        assertThat(outage).isInstanceOf(RegistryUnavailableException.class);
        assertThat(StreamsApp.responseTo("barriere-detect", wrapped)).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        assertThat(StreamsApp.responseTo("barriere-detect", new StreamsException("boom", new IllegalStateException())))
                .isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    private static Exception lookUpAgainstNothing() {
        try {
            new SchemaRegistryClient("http://127.0.0.1:1", null, Duration.ofMillis(500), Duration.ofMillis(500),
                    Duration.ZERO, null).byId(1);
            throw new AssertionError("a registry on port 1 answered");
        } catch (final RuntimeException e) {
            return e;
        }
    }
}
