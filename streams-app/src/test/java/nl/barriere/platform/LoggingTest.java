package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * With the JSON format on, what a log collector reads: every line is one JSON object with the time, the
 * application and, where a signal is handled, its id; Kafka's own loggers still speak only at WARN.
 */
class LoggingTest {

    private static final Logger LOG = LoggerFactory.getLogger("nl.barriere.detect.DetectionProcessor");

    @AfterEach
    void backToText() {
        Logging.use(Logging.Format.TEXT);
        System.clearProperty(Logging.FORMAT_PROPERTY);
        Logging.app("barriere");
    }

    @Test
    void aJsonLineCarriesTheTimeTheApplicationAndTheSignalId() throws Exception {
        // Given the JSON format and the application named, as `barriere detect --log-format json` does
        Logging.use(Logging.Format.JSON);
        Logging.app("barriere-detect");
        final Instant before = Instant.now();

        // When a signal is logged with its id in the MDC, a line without one follows, and Kafka logs at INFO
        final List<String> lines = stderrOf(() -> {
            try (MDC.MDCCloseable id = MDC.putCloseable("signalId", "sig-313e64271b9fc2a2cd0c9396a4c68d86")) {
                LOG.info("signal {} for PROPERTY 0546019000000085: score 2, indicators [I3]",
                        "sig-313e64271b9fc2a2cd0c9396a4c68d86");
            }
            LOG.warn("dead letter from kvk.business-events-0@41: officer.personPseudonym: looks like a BSN");
            LoggerFactory.getLogger("org.apache.kafka.clients.consumer.KafkaConsumer").info("Kafka's INFO chatter");
        });

        // Then there are two lines, each one JSON object
        assertThat(lines).hasSize(2);
        final JsonNode signal = new ObjectMapper().readTree(lines.get(0));
        final JsonNode other = new ObjectMapper().readTree(lines.get(1));

        // And the first has an ISO-8601 time (not before the test began), the app, the level, the logger, the
        // message and the signal id
        assertThat(OffsetDateTime.parse(signal.get("@timestamp").asText()).toInstant())
                .isAfterOrEqualTo(before.minusSeconds(1));
        assertThat(signal.get("app").asText()).isEqualTo("barriere-detect");
        assertThat(signal.get("level").asText()).isEqualTo("INFO");
        assertThat(signal.get("logger_name").asText()).isEqualTo("nl.barriere.detect.DetectionProcessor");
        assertThat(signal.get("message").asText())
                .isEqualTo("signal sig-313e64271b9fc2a2cd0c9396a4c68d86 for PROPERTY 0546019000000085: score 2, indicators [I3]");
        assertThat(signal.get("signalId").asText()).isEqualTo("sig-313e64271b9fc2a2cd0c9396a4c68d86");

        // And the second, logged outside the signal, has the app but no signal id
        assertThat(other.get("app").asText()).isEqualTo("barriere-detect");
        assertThat(other.get("level").asText()).isEqualTo("WARN");
        assertThat(other.has("signalId")).isFalse();
    }

    @Test
    void anUnknownFormatFallsBackToTextInsteadOfSilencingTheLog() {
        // Given a mistyped format in the environment's place
        System.setProperty(Logging.FORMAT_PROPERTY, "jsno");

        // When main checks it before the first logger exists, and the configuration is loaded
        final List<String> warning = stderrOf(Logging::checkEnvironment);
        Logging.use(Logging.Format.valueOf(System.getProperty(Logging.FORMAT_PROPERTY).toUpperCase()));
        final List<String> lines = stderrOf(() -> LOG.warn("still heard"));

        // Then it says so, and the log is text
        assertThat(warning).containsExactly(
                "BARRIERE_LOG_FORMAT=jsno is neither text nor json; the log is written as text");
        assertThat(lines).hasSize(1);
        assertThat(lines.get(0)).endsWith("WARN  n.b.d.DetectionProcessor - still heard").doesNotStartWith("{");
    }

    /** What {@code action} writes to standard error, line by line (the console appender writes there). */
    private static List<String> stderrOf(final Runnable action) {
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return captured.toString(StandardCharsets.UTF_8).lines().toList();
    }
}
