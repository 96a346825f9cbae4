package nl.barriere.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import nl.barriere.json.AvroJson;
import nl.barriere.schema.RiskSignal;
import nl.barriere.platform.TestTopologies;
import nl.barriere.platform.Topic;
import nl.barriere.platform.Topics;
import nl.barriere.platform.generator.Generator;
import nl.barriere.platform.generator.GeneratorOptions;
import nl.barriere.platform.generator.GeneratorTopics;
import nl.barriere.platform.generator.Profile;
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

    record Input(Topic<String, SpecificRecord> topic, SpecificRecord event, long time) {}

    @TempDir
    static Path data;

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void generate() throws IOException {
        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 1, 42), data);
        for (final Topic<String, ? extends SpecificRecord> topic : DetectionTopology.INPUTS) {
            for (final String line : Files.readAllLines(data.resolve(GeneratorTopics.fileName(topic.name())))) {
                final SpecificRecord event = AvroJson.fromJsonLine(line, topic.valueType());
                final Topic<String, SpecificRecord> typed = (Topic<String, SpecificRecord>) topic;
                YEAR.add(new Input(typed, event, typed.timestampOf(event)));
            }
        }
        YEAR.sort(Comparator.comparingLong(Input::time));
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
    void recordsReorderedWithinTheAllowedLatenessGiveTheSameSignals() {
        // Given a ruleset that allows a day of lateness, and the year with every event delayed by up to 20 hours
        final Ruleset oneDay = new Ruleset("v1", 2, 365, 24 * 60, Ruleset.load("v1").indicators());
        final SplittableRandom random = new SplittableRandom(7);
        final List<Input> shuffled = new ArrayList<>(YEAR);
        final List<Long> arrival = new ArrayList<>();
        shuffled.forEach(input -> arrival.add(input.time() + random.nextLong(20 * 3_600_000L)));
        final List<Integer> order = new ArrayList<>();
        for (int i = 0; i < shuffled.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.comparingLong(arrival::get));
        final List<Input> reordered = order.stream().map(YEAR::get).toList();
        assertThat(reordered).isNotEqualTo(YEAR);

        // When both orders run through a detector
        final List<RiskSignal> inOrder = decode(run(oneDay, YEAR));
        final List<RiskSignal> outOfOrder = decode(run(oneDay, reordered));

        // Then the same signals come out, with the same ids, indicators and evidence events; only the evidence
        // offsets differ, because the test wrote the records to the topics in a different order
        assertThat(inOrder).isNotEmpty();
        assertThat(outOfOrder).extracting(RiskSignal::getSignalId)
                .containsExactlyElementsOf(inOrder.stream().map(RiskSignal::getSignalId).toList());
        assertThat(outOfOrder).map(DeterminismTest::withoutOffsets)
                .containsExactlyElementsOf(inOrder.stream().map(DeterminismTest::withoutOffsets).toList());
    }

    private static List<RiskSignal> decode(final List<byte[]> signals) {
        final Deserializer<RiskSignal> deserializer = Topics.SIGNALS.valueSerde(TestTopologies.serdeConfig()).deserializer();
        return signals.stream().map(bytes -> deserializer.deserialize(Topics.SIGNALS.name(), bytes)).toList();
    }

    private static RiskSignal withoutOffsets(final RiskSignal signal) {
        final RiskSignal copy = RiskSignal.newBuilder(signal).build();
        copy.getIndicators().forEach(i -> i.getEvidence().forEach(e -> {
            e.setOffset(-1L);
            e.setPartition(-1);
        }));
        return copy;
    }

    private static List<byte[]> run(final Ruleset ruleset, final List<Input> inputs) {
        try (DetectionDriver driver = new DetectionDriver(ruleset)) {
            for (final Input input : inputs) {
                driver.pipe(input.topic(), input.event(), Instant.ofEpochMilli(input.time()));
            }
            driver.flush();
            return driver.signalBytes();
        }
    }
}
