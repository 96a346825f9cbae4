package nl.barriere.devtools.bench;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Topic;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.devkit.generator.GeneratorTopics;
import nl.barriere.json.AvroJson;
import nl.barriere.schema.PropertyTransfer;
import org.apache.avro.specific.SpecificRecord;

/**
 * The benchmark's input: the first N events of a generated municipality across the three analyst-zone sources, in
 * event-time order, written as capped copies of the generator's files so the ordinary loader puts them on Kafka.
 *
 * <p>Capping by event time rather than per file keeps the mix of sources the detector would see in the first
 * stretch of a live run; capping each file separately would hand it three unrelated periods.
 */
record BenchInput(Path dir, Map<Topic<String, ? extends SpecificRecord>, Long> counts, Instant firstEventTime,
                  Instant lastEventTime, long distinctEventTimes, long eventsAtLastTime, List<Sample> samples,
                  PropertyTransfer transferTemplate) {

    /** A loaded event and the topic it came from, kept to be copied in the latency phase. */
    record Sample(Topic<String, ? extends SpecificRecord> topic, SpecificRecord value) {}

    /** Enough copies for the latency phase at any rate the detector sustains today; beyond that they repeat. */
    private static final int MAX_SAMPLES = 200_000;

    long total() {
        return counts.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * Merges the generator's files (each sorted by event time) and writes the first {@code events} lines into
     * {@code cappedDir}, one file per source.
     */
    static BenchInput cap(final Path generatedDir, final Path cappedDir, final int events) throws IOException {
        Files.createDirectories(cappedDir);
        final List<Topic<String, ? extends SpecificRecord>> topics = DetectionTopology.INPUTS;
        final List<Head> heads = new ArrayList<>();
        final Map<Topic<String, ? extends SpecificRecord>, Long> counts = new LinkedHashMap<>();
        final List<Sample> samples = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        long distinctTimes = 0;
        long atLast = 0;
        try {
            for (final Topic<String, ? extends SpecificRecord> topic : topics) {
                final String file = GeneratorTopics.fileName(topic.name());
                heads.add(new Head(topic, Files.newBufferedReader(generatedDir.resolve(file)),
                        Files.newBufferedWriter(cappedDir.resolve(file))));
                counts.put(topic, 0L);
            }
            heads.forEach(Head::advance);
            for (long written = 0; written < events; written++) {
                Head next = null;
                for (final Head head : heads) {
                    if (head.line != null && (next == null || head.time.isBefore(next.time))) {
                        next = head;
                    }
                }
                if (next == null) {
                    break;
                }
                next.writer.write(next.line);
                next.writer.newLine();
                counts.merge(next.topic, 1L, Long::sum);
                if (samples.size() < MAX_SAMPLES) {
                    samples.add(new Sample(next.topic, next.value));
                }
                if (last == null || next.time.isAfter(last)) {
                    distinctTimes++;
                    atLast = 0;
                }
                atLast++;
                first = first == null ? next.time : first;
                last = next.time;
                next.advance();
            }
        } finally {
            for (final Head head : heads) {
                head.close();
            }
        }
        return new BenchInput(cappedDir, counts, first, last, distinctTimes, atLast, samples,
                transferTemplate(generatedDir));
    }

    Path file(final Topic<?, ?> topic) {
        return dir.resolve(GeneratorTopics.fileName(topic.name()));
    }

    /** A real transfer from the generated data, the shape the planted latency probes are made from. */
    private static PropertyTransfer transferTemplate(final Path generatedDir) throws IOException {
        final Path file = generatedDir.resolve(GeneratorTopics.fileName(GeneratorTopics.PROPERTY_TRANSFERS));
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            final String line = reader.readLine();
            if (line == null) {
                throw new IllegalStateException("the generator wrote no property transfers");
            }
            return AvroJson.fromJsonLine(line, PropertyTransfer.class);
        }
    }

    /** The next unread line of one source file. */
    private static final class Head {
        private final Topic<String, ? extends SpecificRecord> topic;
        private final BufferedReader reader;
        private final BufferedWriter writer;
        private String line;
        private SpecificRecord value;
        private Instant time;

        Head(final Topic<String, ? extends SpecificRecord> topic, final BufferedReader reader, final BufferedWriter writer) {
            this.topic = topic;
            this.reader = reader;
            this.writer = writer;
        }

        void advance() {
            try {
                line = reader.readLine();
                while (line != null && line.isBlank()) {
                    line = reader.readLine();
                }
            } catch (final IOException e) {
                throw new UncheckedIOException(e);
            }
            if (line == null) {
                value = null;
                time = null;
                return;
            }
            value = AvroJson.fromJsonLine(line, topic.valueType());
            time = eventTime(topic, value);
        }

        void close() throws IOException {
            try (reader; writer) {
                line = null;
            }
        }
    }

    @SuppressWarnings("unchecked")
    static Instant eventTime(final Topic<String, ? extends SpecificRecord> topic, final SpecificRecord value) {
        return ((Topic<String, SpecificRecord>) topic).eventTimeOf().apply(value);
    }
}
