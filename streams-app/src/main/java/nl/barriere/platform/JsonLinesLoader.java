package nl.barriere.platform;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongConsumer;
import nl.barriere.contract.Topic;
import nl.barriere.json.AvroJson;
import nl.barriere.json.JsonFormatException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Loads a JSON-lines file onto a topic. The whole file is checked before anything is written, so a bad line
 * means nothing of the file reaches Kafka; then every record is written with its key and event time, and a
 * broker failure stops the load at once with the count of records written.
 */
public final class JsonLinesLoader {

    /** A line that does not fit the topic's schema. */
    public record LineError(long line, String message) {
        @Override
        public String toString() {
            return "line " + line + ": " + message;
        }
    }

    /** The file has bad lines; nothing was written. */
    public static final class InvalidFileException extends RuntimeException {
        private final transient List<LineError> errors;

        InvalidFileException(final Path file, final List<LineError> errors, final long total) {
            super(file + " has " + total + " invalid line(s); nothing was written. First: " + errors.get(0));
            this.errors = List.copyOf(errors);
        }

        public List<LineError> errors() {
            return errors;
        }
    }

    private static final int MAX_REPORTED_ERRORS = 20;

    private JsonLinesLoader() {}

    /**
     * Checks the file, then writes every record to the topic.
     *
     * @param progress told the running count of records acknowledged, now and then
     * @return the number of records written
     * @throws InvalidFileException when a line is bad (nothing is written)
     */
    public static <K, V extends SpecificRecord> long load(final Path file, final Topic<K, V> topic,
                                                                                                                final AppConfig config, final LongConsumer progress)
            throws IOException {
        validate(file, topic);
        final Properties properties = config.kafkaProperties();
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, "10");
        properties.put(ProducerConfig.BATCH_SIZE_CONFIG, "262144");
        properties.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        final Serde<V> valueSerde = topic.valueSerde(config.serdeConfig());
        final AtomicReference<Exception> failure = new AtomicReference<>();
        final AtomicLong acknowledged = new AtomicLong();
        try (KafkaProducer<K, V> producer =
                         new KafkaProducer<>(properties, topic.keySerde().serializer(), valueSerde.serializer())) {
            forEachRecord(file, topic, (line, record) -> {
                if (failure.get() != null) {
                    throw new LoadFailedException(file, topic, acknowledged.get(), failure.get());
                }
                producer.send(new ProducerRecord<>(topic.name(), null, topic.timestampOf(record), topic.keyOf(record), record),
                        (metadata, exception) -> {
                            if (exception != null) {
                                failure.compareAndSet(null, exception);
                            } else if (acknowledged.incrementAndGet() % 10_000 == 0) {
                                progress.accept(acknowledged.get());
                            }
                        });
            }, (line, problem) -> {
                throw new IllegalStateException("line " + line + " changed while loading: " + problem);
            });
            producer.flush();
        }
        if (failure.get() != null) {
            throw new LoadFailedException(file, topic, acknowledged.get(), failure.get());
        }
        progress.accept(acknowledged.get());
        return acknowledged.get();
    }

    /** Reads the whole file once; throws, listing the first bad lines, if any line does not fit. */
    static void validate(final Path file, final Topic<?, ?> topic) throws IOException {
        final List<LineError> errors = new ArrayList<>();
        final AtomicLong invalid = new AtomicLong();
        forEachRecord(file, topic, (line, record) -> { }, (line, problem) -> {
            invalid.incrementAndGet();
            if (errors.size() < MAX_REPORTED_ERRORS) {
                errors.add(new LineError(line, problem));
            }
        });
        if (!errors.isEmpty()) {
            throw new InvalidFileException(file, errors, invalid.get());
        }
    }

    /** Writing stopped part-way because Kafka or the registry refused a record. */
    public static final class LoadFailedException extends RuntimeException {
        LoadFailedException(final Path file, final Topic<?, ?> topic, final long written, final Exception cause) {
            super("loading " + file + " onto " + topic.name() + " stopped after " + written + " record(s): "
                    + cause.getMessage(), cause);
        }
    }

    private interface RecordSink<V> {
        void accept(long line, V record);
    }

    private interface ErrorSink {
        void accept(long line, String problem);
    }

    private static <V extends SpecificRecord> void forEachRecord(final Path file, final Topic<?, V> topic,
                                                                                                                             final RecordSink<V> records, final ErrorSink errors)
            throws IOException {
        try (BufferedReader reader = Files.newBufferedReader(file)) {
            long lineNumber = 0;
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                final V record;
                try {
                    record = AvroJson.fromJsonLine(line, topic.valueType());
                } catch (JsonFormatException e) {
                    errors.accept(lineNumber, e.getMessage());
                    continue;
                }
                records.accept(lineNumber, record);
            }
        }
    }
}
