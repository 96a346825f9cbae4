package nl.barriere.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.devkit.generator.GeneratorTopics;
import nl.barriere.devkit.generator.Profile;
import nl.barriere.json.AvroJson;
import nl.barriere.schema.BibobCaseEvent;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PropertyTransfer;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The generator's data is the demo's and the tests' input: if ingest refused any of it, either a rule or the
 * generator would be wrong, and the demo would quietly lose events to the dead-letter topic.
 */
class ValidationOfGeneratedDataTest {

    /** One event of any topic, in the order a single merged stream would see it. */
    private record Read(Instant occurredAt, int topic, String eventId, SpecificRecord event) {}

    @Test
    void theWholeGeneratedLeidenProfilePassesInEventTimeOrder(@TempDir final Path dir) throws IOException {
        // Given one generated year of Leiden, all four topics merged in event-time order
        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 1, 42), dir);
        final List<Read> events = new ArrayList<>();
        read(dir, 0, GeneratorTopics.BUSINESS_EVENTS, BusinessEvent.class, events);
        read(dir, 1, GeneratorTopics.PROPERTY_TRANSFERS, PropertyTransfer.class, events);
        read(dir, 2, GeneratorTopics.PERMIT_EVENTS, PermitEvent.class, events);
        read(dir, 3, GeneratorTopics.BIBOB_CASE_EVENTS, BibobCaseEvent.class, events);
        events.sort(Comparator.comparing(Read::occurredAt).thenComparing(Read::topic).thenComparing(Read::eventId));
        assertThat(events).hasSizeGreaterThan(10_000);

        // When each is validated against the newest event time seen before it
        final List<String> refused = new ArrayList<>();
        long newest = Long.MIN_VALUE;
        for (final Read read : events) {
            final List<String> problems = Validation.problems(read.event(), newest);
            if (!problems.isEmpty()) {
                refused.add(read.eventId() + " " + problems);
            }
            newest = Math.max(newest, read.occurredAt().toEpochMilli());
        }

        // Then none is refused
        assertThat(refused).isEmpty();
    }

    private static <T extends SpecificRecord> void read(
            final Path dir, final int topic, final String name, final Class<T> type, final List<Read> into)
            throws IOException {
        for (final String line : Files.readAllLines(dir.resolve(GeneratorTopics.fileName(name)))) {
            final T event = AvroJson.fromJsonLine(line, type);
            into.add(new Read(
                    (Instant) event.get(event.getSchema().getField("occurredAt").pos()),
                    topic,
                    (String) event.get(event.getSchema().getField("eventId").pos()),
                    event));
        }
    }
}
