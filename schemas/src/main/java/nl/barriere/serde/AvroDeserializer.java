package nl.barriere.serde;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent-framed Avro into a generated SpecificRecord class.
 *
 * <p>The body is decoded with the schema it was written with (fetched by the id in the header,
 * cached) resolved against the class's own schema, so records from older and newer producers
 * both arrive as the class this consumer was compiled with.
 *
 * <p>Anything undecodable becomes a {@link SerializationException} whose message names the topic,
 * the schema id and the cause: the pipeline routes those records to a dead-letter topic, and that
 * message is all an operator has to go on. A registry that gives no answer makes a record neither
 * decodable nor undecodable: that is a {@link RegistryUnavailableException}, which is not a
 * {@code SerializationException}, so the record is retried later instead of dead-lettered.
 */
public final class AvroDeserializer<T extends SpecificRecord> implements Deserializer<T> {

    static {
        AvroTrust.ensureInstalled();
    }

    private Class<T> type;
    private SchemaRegistryClient client;
    private final boolean preConfigured;
    private SpecificData model;
    private Schema readerSchema;
    private final Map<Schema, SpecificDatumReader<T>> readers = new ConcurrentHashMap<>();

    /**
     * For Kafka to instantiate from {@code value.deserializer}; {@link #configure} supplies the
     * registry and the target class ({@value SerdeConfig#SPECIFIC_AVRO_VALUE_TYPE} or
     * {@value SerdeConfig#SPECIFIC_AVRO_KEY_TYPE}).
     */
    public AvroDeserializer() {
        this.preConfigured = false;
    }

    /** Decodes into {@code type}; {@link #configure} supplies the registry. */
    public AvroDeserializer(final Class<T> type) {
        this.preConfigured = false;
        useType(Objects.requireNonNull(type, "type"));
    }

    /** Decodes into {@code type} with a shared client; {@link #configure} is then optional. */
    public AvroDeserializer(final Class<T> type, final SchemaRegistryClient client) {
        this.preConfigured = true;
        this.client = Objects.requireNonNull(client, "client");
        useType(Objects.requireNonNull(type, "type"));
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        if (preConfigured) {
            return;
        }
        this.client = SchemaRegistryClient.fromConfigs(configs);
        if (type == null) {
            final String key = isKey ? SerdeConfig.SPECIFIC_AVRO_KEY_TYPE : SerdeConfig.SPECIFIC_AVRO_VALUE_TYPE;
            useType(typeFromConfig(key, configs.get(key)));
        }
    }

    /** Lets {@link AvroSerde} hand its serializer and deserializer one client, and so one cache. */
    void configure(final SchemaRegistryClient sharedClient) {
        this.client = sharedClient;
    }

    @Override
    public T deserialize(final String topic, final byte[] data) {
        if (data == null) {
            return null;
        }
        if (client == null || type == null) {
            throw new SerializationException("AvroDeserializer for topic " + topic + " was not configured: it needs "
                    + SerdeConfig.SCHEMA_REGISTRY_URL + " and a target class");
        }
        if (data.length < WireFormat.HEADER_LENGTH) {
            throw new SerializationException("record on topic " + topic + " has " + data.length
                    + " bytes, fewer than the 5-byte Confluent header (magic byte 0 and a 4-byte schema id)");
        }
        if (data[0] != WireFormat.MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "record on topic %s starts with byte 0x%02x, not the Confluent magic byte 0x00: "
                            + "it was not written by a schema-registry Avro serializer", topic, data[0] & 0xff));
        }
        final int id = ByteBuffer.wrap(data, 1, Integer.BYTES).getInt();
        final Schema writerSchema;
        try {
            writerSchema = client.byId(id);
        } catch (final RegistryUnavailableException e) {
            throw e.during("could not fetch the writer schema with id " + id + " for a record on topic " + topic);
        } catch (final RegistryException e) {
            // Only the registry's own word about this id condemns the record: "no such schema" (404, error code
            // 40403) or a schema that is not usable Avro. Any other refusal (401, 403, ...) is about this
            // application, not the record: it escapes, the application stops loudly and skips nothing.
            if (e.status() == 404 || e.status() >= 200 && e.status() < 300) {
                throw new SerializationException("could not fetch the writer schema with id " + id
                        + " for a record on topic " + topic + ": " + e.getMessage(), e);
            }
            throw e;
        }
        try {
            final BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(
                    data, WireFormat.HEADER_LENGTH, data.length - WireFormat.HEADER_LENGTH, null);
            final T record = reader(writerSchema).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left over after the record: the body does not match the schema");
            }
            return record;
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("could not decode a record on topic " + topic + " written with schema id "
                    + id + " (" + writerSchema.getFullName() + ") into " + type.getName() + ": " + describe(e), e);
        }
    }

    private SpecificDatumReader<T> reader(final Schema writerSchema) {
        return readers.computeIfAbsent(writerSchema, w -> new SpecificDatumReader<>(w, readerSchema, model));
    }

    /** The generated class's own model carries the conversions for its logical types. */
    private void useType(final Class<T> target) {
        this.type = target;
        this.model = SpecificData.getForClass(target);
        this.readerSchema = model.getSchema(target);
    }

    @SuppressWarnings("unchecked")
    private static <T extends SpecificRecord> Class<T> typeFromConfig(final String key, final Object value) {
        if (value instanceof Class<?> given && SpecificRecord.class.isAssignableFrom(given)) {
            return (Class<T>) given;
        }
        if (value == null || value.toString().isBlank()) {
            throw new ConfigException(key, value, "AvroDeserializer needs the generated class to decode into");
        }
        try {
            final Class<?> named = Class.forName(value.toString().trim(), true,
                    Thread.currentThread().getContextClassLoader());
            if (!SpecificRecord.class.isAssignableFrom(named)) {
                throw new ConfigException(key, value, "is not a generated Avro SpecificRecord class");
            }
            return (Class<T>) named;
        } catch (final ClassNotFoundException e) {
            throw new ConfigException(key, value, "no such class on the classpath");
        }
    }

    /** Avro's decoding errors are often bare (an EOFException with no message); name the type at least. */
    private static String describe(final Throwable failure) {
        final String message = failure.getMessage();
        return failure.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }

    @Override
    public void close() {
        // The client may be shared with other serdes, so its owner closes it, not this deserializer.
    }
}
