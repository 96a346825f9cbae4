package nl.barriere.devkit.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import nl.barriere.json.AvroJson;
import nl.barriere.schema.BagObject;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.WozValuation;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import org.apache.avro.specific.SpecificRecord;

/** One three-year Leiden generation, shared by the tests of a JVM, and readers for its files. */
final class GeneratorFixture {

    static final long SEED = 20_260_101L;

    private static Generated leiden;

    record Generated(
            Path dir,
            GenerationReport report,
            List<BusinessEvent> business,
            List<PropertyTransfer> transfers,
            List<PermitEvent> permits,
            List<BibobCaseEvent> bibob,
            List<MortgageRegistered> mortgages,
            List<WozValuation> valuations,
            List<BagObject> bagObjects,
            JsonNode groundTruth) {}

    private GeneratorFixture() {}

    static synchronized Generated leidenThreeYears() {
        if (leiden == null) {
            try {
                final Path dir = Files.createTempDirectory("generator-leiden");
                final GenerationReport report =
                        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 3, SEED), dir);
                leiden =
                        new Generated(
                                dir,
                                report,
                                read(dir, GeneratorTopics.BUSINESS_EVENTS, BusinessEvent.class),
                                read(dir, GeneratorTopics.PROPERTY_TRANSFERS, PropertyTransfer.class),
                                read(dir, GeneratorTopics.PERMIT_EVENTS, PermitEvent.class),
                                read(dir, GeneratorTopics.BIBOB_CASE_EVENTS, BibobCaseEvent.class),
                                read(dir, GeneratorTopics.MORTGAGES, MortgageRegistered.class),
                                read(dir, GeneratorTopics.WOZ_VALUATIONS, WozValuation.class),
                                read(dir, GeneratorTopics.BAG_OBJECTS, BagObject.class),
                                new ObjectMapper().readTree(dir.resolve(GroundTruth.FILE_NAME).toFile()));
                Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return leiden;
    }

    static <T extends SpecificRecord> List<T> read(final Path dir, final String topic, final Class<T> type)
            throws IOException {
        final List<T> records = new ArrayList<>();
        for (final String line : Files.readAllLines(dir.resolve(GeneratorTopics.fileName(topic)))) {
            records.add(AvroJson.fromJsonLine(line, type));
        }
        return records;
    }

    static void delete(final Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // best effort: a temporary directory
        }
    }
}
