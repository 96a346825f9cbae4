package nl.barriere.devkit.generator;

import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.barriere.json.AvroJson;
import org.apache.avro.specific.SpecificRecord;

/** One {@code <topic>.jsonl} file per topic, one {@link AvroJson#toJsonLine} per line, {@code \n} endings. */
final class JsonLinesSink implements EventSink {

    private final Writer[] writers = new Writer[GeneratorTopics.ALL.size()];
    private final long[] counts = new long[GeneratorTopics.ALL.size()];

    JsonLinesSink(final Path outDir) throws IOException {
        Files.createDirectories(outDir);
        for (int topic = 0; topic < writers.length; topic++) {
            final Path file = outDir.resolve(GeneratorTopics.fileName(GeneratorTopics.ALL.get(topic)));
            writers[topic] =
                    new BufferedWriter(
                            new OutputStreamWriter(
                                    new BufferedOutputStream(Files.newOutputStream(file), 1 << 20), StandardCharsets.UTF_8),
                            1 << 16);
        }
    }

    @Override
    public void write(final int topic, final SpecificRecord event) throws IOException {
        writers[topic].write(AvroJson.toJsonLine(event));
        writers[topic].write('\n');
        counts[topic]++;
    }

    @Override
    public long count(final int topic) {
        return counts[topic];
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        for (final Writer writer : writers) {
            try {
                writer.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
