package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.TestTopologies;
import nl.barriere.schema.RiskSignal;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DESIGN.md rule 3: the same input and ruleset give the same signals, byte for byte and id for id, however the
 * sources were interleaved within the allowed lateness.
 */
class DeterminismTest {

    /** One generated year, merged across the sources in event-time order, as (topic, event) pairs. */
    private static final List<Input> YEAR = new ArrayList<>();

    /** A month after the year's last event: past the hold of every source, so everything is released. */
    private static Instant AFTER_THE_YEAR;

    record Input(Topic<String, SpecificRecord> topic, SpecificRecord event, long time) {}

    @TempDir
    static Path data;

    @BeforeAll
    static void generate() throws IOException {
        GeneratedYear.leiden(data).forEach(e -> YEAR.add(new Input(e.topic(), e.event(), e.time())));
        YEAR.sort(Comparator.comparingLong(Input::time));
        AFTER_THE_YEAR = Instant.ofEpochMilli(YEAR.get(YEAR.size() - 1).time()).plus(Duration.ofDays(30));
    }

    @Test
    void theSameInputTwiceGivesByteIdenticalSignals() {
        // When the same year runs through two fresh detectors
        final List<byte[]> first = run(Ruleset.load("v1"), YEAR);
        final List<byte[]> second = run(Ruleset.load("v1"), YEAR);

        // Then the signals are the same bytes, in the same order
        assertThat(first).isNotEmpty();
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("signal %d", i).isEqualTo(first.get(i));
        }
    }

    @Test
    void recordsDeliveredWithRealisticPerSourceDelaysGiveTheSameSignalsOnTheShippedRuleset() {
        // Given the shipped ruleset, and the year as the sources would deliver it: every event arrives up to its
        // source's lateness after it happened (KvK 8 days, Kadaster 14, permits 3), and the topics interleave by
        // arrival, with the broker's arrival time as the record timestamp
        final Ruleset shipped = Ruleset.load("v1");
        final SplittableRandom random = new SplittableRandom(7);
        final List<Input> delivered = new ArrayList<>();
        for (final Input input : YEAR) {
            final long delay = random.nextLong(shipped.latenessMs(input.topic().name()) + 1);
            delivered.add(new Input(input.topic(), input.event(), input.time() + delay));
        }
        delivered.sort(Comparator.comparingLong(Input::time));
        final List<SpecificRecord> tidy = YEAR.stream().map(Input::event).toList();
        assertThat(delivered.stream().map(Input::event).toList()).isNotEqualTo(tidy);

        // When the tidy order and the delivered order each run through a detector
        final Run inOrder = runWithArrival(shipped, YEAR.stream()
                .map(i -> new Delivery(i.topic(), i.event(), i.time())).toList());
        final Run asDelivered = runWithArrival(shipped, delivered.stream()
                .map(i -> new Delivery(i.topic(), i.event(), i.time())).toList());

        // Then every event was processed in both, none was late, and the same signals came out: the same ids,
        // indicators and evidence events; only the evidence offsets differ, because the records were written to
        // the topics in another order
        assertThat(asDelivered.deadLetters()).isZero();
        assertThat(asDelivered.processed()).isEqualTo(YEAR.size()).isEqualTo(inOrder.processed());
        final List<RiskSignal> expected = decode(inOrder.signals());
        final List<RiskSignal> actual = decode(asDelivered.signals());
        assertThat(expected).hasSizeGreaterThan(10);
        assertThat(actual).extracting(RiskSignal::getSignalId)
                .containsExactlyElementsOf(expected.stream().map(RiskSignal::getSignalId).toList());
        assertThat(actual).map(GeneratedYear::withoutOffsets)
                .containsExactlyElementsOf(expected.stream().map(GeneratedYear::withoutOffsets).toList());
    }

    record Delivery(Topic<String, SpecificRecord> topic, SpecificRecord event, long writtenAt) {}

    record Run(List<byte[]> signals, long processed, int deadLetters) {}

    private static Run runWithArrival(final Ruleset ruleset, final List<Delivery> deliveries) {
        try (DetectionDriver driver = new DetectionDriver(ruleset)) {
            for (final Delivery delivery : deliveries) {
                driver.pipe(delivery.topic(), delivery.event(), Instant.ofEpochMilli(delivery.writtenAt()));
            }
            driver.advanceStreamTimeTo(AFTER_THE_YEAR);
            return new Run(driver.signalBytes(), driver.processed(), driver.deadLetters().size());
        }
    }

    private static List<RiskSignal> decode(final List<byte[]> signals) {
        final Deserializer<RiskSignal> deserializer = Topics.SIGNALS.valueSerde(TestTopologies.serdeConfig()).deserializer();
        return signals.stream().map(bytes -> deserializer.deserialize(Topics.SIGNALS.name(), bytes)).toList();
    }

    private static List<byte[]> run(final Ruleset ruleset, final List<Input> inputs) {
        try (DetectionDriver driver = new DetectionDriver(ruleset)) {
            for (final Input input : inputs) {
                driver.pipe(input.topic(), input.event(), Instant.ofEpochMilli(input.time()));
            }
            driver.advanceStreamTimeTo(AFTER_THE_YEAR);
            return driver.signalBytes();
        }
    }
}
