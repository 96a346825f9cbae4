package nl.barriere.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro SpecificRecords in the Confluent wire format, so Confluent's, Apicurio's and our own
 * consumers can all read them.
 *
 * <p>The schema is registered (or, without auto-registration, looked up) under
 * {@code <topic>-value} or {@code <topic>-key} the first time it is seen; the client caches the
 * id, so afterwards serializing is pure CPU. A {@code null} record becomes {@code null} bytes, which
 * Kafka treats as a tombstone.
 */
public final class AvroSerializer<T extends SpecificRecord> implements Serializer<T> {

    static {
        AvroTrust.ensureInstalled();
    }

    private SchemaRegistryClient client;
    private boolean autoRegister;
    private boolean isKey;
    private final boolean preConfigured;
    private final Map<Schema, SpecificDatumWriter<T>> writers = new ConcurrentHashMap<>();

    /** For Kafka to instantiate from {@code value.serializer}; {@link #configure} supplies the registry. */
    public AvroSerializer() {
        this.preConfigured = false;
        this.autoRegister = true;
    }

    /**
     * Shares {@code client} with other serdes. {@link #configure} then only decides key or value
     * (default value) and leaves the registry settings alone.
     */
    public AvroSerializer(final SchemaRegistryClient client, final boolean autoRegister) {
        this.client = Objects.requireNonNull(client, "client");
        this.autoRegister = autoRegister;
        this.preConfigured = true;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        this.isKey = isKey;
        if (!preConfigured) {
            this.client = SchemaRegistryClient.fromConfigs(configs);
            this.autoRegister = autoRegister(configs);
        }
    }

    /** Lets {@link AvroSerde} hand its serializer and deserializer one client, and so one cache. */
    void configure(final SchemaRegistryClient sharedClient, final boolean autoRegisterSchemas, final boolean key) {
        this.client = sharedClient;
        this.autoRegister = autoRegisterSchemas;
        this.isKey = key;
    }

    static boolean autoRegister(final Map<String, ?> configs) {
        final Object auto = configs.get(SerdeConfig.AUTO_REGISTER_SCHEMAS);
        return auto == null || Boolean.parseBoolean(auto.toString().trim());
    }

    @Override
    public byte[] serialize(final String topic, final T record) {
        if (record == null) {
            return null;
        }
        if (client == null) {
            throw new SerializationException("AvroSerializer for topic " + topic + " was not configured: set "
                    + SerdeConfig.SCHEMA_REGISTRY_URL + " or pass a SchemaRegistryClient");
        }
        final String subject = WireFormat.subject(topic, isKey);
        final Schema schema = record.getSchema();
        final int id = schemaId(topic, subject, schema);
        try {
            final ByteArrayOutputStream out = new ByteArrayOutputStream(128);
            out.write(WireFormat.MAGIC_BYTE);
            out.write(ByteBuffer.allocate(Integer.BYTES).putInt(id).array());
            final BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
            writer(record, schema).write(record, encoder);
            encoder.flush();
            return out.toByteArray();
        } catch (final IOException | RuntimeException e) {
            throw new SerializationException("could not encode " + schema.getFullName() + " for topic " + topic
                    + " with schema id " + id + ": " + e, e);
        }
    }

    private int schemaId(final String topic, final String subject, final Schema schema) {
        try {
            return autoRegister ? client.register(subject, schema) : client.idOf(subject, schema);
        } catch (final RegistryUnavailableException e) {
            // Not a SerializationException: the record is fine, the registry is away. Kafka Streams hands this to
            // the production exception handler, which must FAIL on it (never CONTINUE, which would drop the
            // record); the stream thread is then replaced and the record produced again from the last commit.
            throw e.during("could not " + (autoRegister ? "register" : "look up") + " schema " + schema.getFullName()
                    + " for topic " + topic + " under subject " + subject);
        } catch (final RegistryException e) {
            final String hint = !autoRegister && (e.errorCode() == 40401 || e.errorCode() == 40403)
                    ? " (auto.register.schemas is false, so the schema must be registered beforehand)"
                    : "";
            throw new SerializationException("could not " + (autoRegister ? "register" : "look up") + " schema "
                    + schema.getFullName() + " for topic " + topic + " under subject " + subject + ": "
                    + e.getMessage() + hint, e);
        }
    }

    /**
     * Uses the generated class's own model, which carries the conversions for its logical types
     * (an {@code Instant} for timestamp-millis); the default model would reject those values.
     */
    private SpecificDatumWriter<T> writer(final T record, final Schema schema) {
        return writers.computeIfAbsent(schema,
                s -> new SpecificDatumWriter<>(s, SpecificData.getForClass(record.getClass())));
    }

    @Override
    public void close() {
        // The client may be shared with other serdes, so its owner closes it, not this serializer.
    }
}
