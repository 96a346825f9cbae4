package nl.barriere.detect;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import nl.barriere.contract.Topic;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.devkit.generator.GeneratorTopics;
import nl.barriere.devkit.generator.Profile;
import nl.barriere.json.AvroJson;
import nl.barriere.schema.RiskSignal;
import org.apache.avro.specific.SpecificRecord;

/** The generated Leiden year (seed 42) on the analyst-zone sources, for tests that run detection over all of it. */
public final class GeneratedYear {

    /** One event of the year, on its source, with its event time. */
    public record Event(Topic<String, SpecificRecord> topic, SpecificRecord event, long time) {}

    private GeneratedYear() {}

    /**
     * Generates the year into {@code dir} and reads it back: source after source in {@link DetectionTopology#INPUTS}
     * order, each source's events in its file's order (event time, then event id).
     */
    @SuppressWarnings("unchecked")
    public static List<Event> leiden(final Path dir) throws IOException {
        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 1, 42), dir);
        final List<Event> year = new ArrayList<>();
        for (final Topic<String, ? extends SpecificRecord> source : DetectionTopology.INPUTS) {
            final Topic<String, SpecificRecord> topic = (Topic<String, SpecificRecord>) source;
            for (final String line : Files.readAllLines(dir.resolve(GeneratorTopics.fileName(topic.name())))) {
                final SpecificRecord event = AvroJson.fromJsonLine(line, topic.valueType());
                year.add(new Event(topic, event, topic.timestampOf(event)));
            }
        }
        return year;
    }

    /**
     * A copy of the signal without where its evidence lies (partition and offset): what two runs over the same
     * events must agree on when the events took other offsets in each.
     */
    public static RiskSignal withoutOffsets(final RiskSignal signal) {
        final RiskSignal copy = RiskSignal.newBuilder(signal).build();
        copy.getIndicators().forEach(i -> i.getEvidence().forEach(e -> {
            e.setOffset(-1L);
            e.setPartition(-1);
        }));
        return copy;
    }
}
