package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.person;
import static nl.barriere.detect.Events.transfer;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import nl.barriere.platform.Logging;
import nl.barriere.schema.RiskSignal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A signal detection emits is in the JSON log under its own id, so an operator finds it from the analyst's screen. */
class SignalLogTest {

    private static final String BAG = "0546010000000102";

    @AfterEach
    void backToText() {
        Logging.use(Logging.Format.TEXT);
        System.clearProperty(Logging.FORMAT_PROPERTY);
        Logging.app("barriere");
    }

    @Test
    void anEmittedSignalIsLoggedAsJsonWithItsIdTheTimeAndTheApplication() throws Exception {
        // Given the JSON log of the detect command
        Logging.use(Logging.Format.JSON);
        Logging.app("barriere-detect");

        // When a resale within 183 days at 1.2 times the price (I1) is detected
        final PrintStream original = System.err;
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final List<RiskSignal> signals;
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (DetectionDriver driver = new DetectionDriver()) {
            driver.pipe(transfer(BAG, "2024-01-10", 300_000, 300_000L, true, person(21)),
                    transfer(BAG, "2024-07-11", 360_000, 300_000L, true, person(22))).advanceStreamTimeTo(at("2026-01-01"));
            signals = driver.signals();
        } finally {
            System.setErr(original);
        }

        // Then every line is JSON, and the one signal is one line with its id in signalId, the application and an
        // ISO-8601 time
        assertThat(signals).hasSize(1);
        final String id = signals.get(0).getSignalId();
        final List<JsonNode> lines = captured.toString(StandardCharsets.UTF_8).lines().map(SignalLogTest::json)
                .filter(line -> line.has("signalId")).toList();
        assertThat(lines).hasSize(1);
        final JsonNode line = lines.get(0);
        assertThat(line.get("signalId").asText()).isEqualTo(id);
        assertThat(line.get("app").asText()).isEqualTo("barriere-detect");
        assertThat(line.get("message").asText()).isEqualTo("signal " + id + " for PROPERTY " + BAG
                + ": score 3, indicators [I1]");
        assertThat(OffsetDateTime.parse(line.get("@timestamp").asText())).isNotNull();
    }

    private static JsonNode json(final String line) {
        try {
            return new ObjectMapper().readTree(line);
        } catch (final Exception e) {
            throw new AssertionError("not a JSON line: " + line, e);
        }
    }
}
