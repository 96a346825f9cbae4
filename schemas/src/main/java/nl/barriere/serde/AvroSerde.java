package nl.barriere.serde;

import java.util.Map;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;

/**
 * Serde for one generated Avro class in the Confluent wire format, for Kafka Streams and clients.
 *
 * <p>Two ways to make one. {@link #AvroSerde(Class)} waits for Kafka to call {@link #configure}
 * with the {@link SerdeConfig} keys, like Confluent's {@code SpecificAvroSerde}.
 * {@link #AvroSerde(Class, SchemaRegistryClient, boolean)} is ready at once and shares the client
 * (and its caches) with the application's other serdes; calling {@code configure(Map.of(), true)}
 * on it turns it into a key serde without touching the registry settings.
 */
public final class AvroSerde<T extends SpecificRecord> implements Serde<T> {

    private final AvroSerializer<T> serializer;
    private final AvroDeserializer<T> deserializer;
    private final boolean preConfigured;

    public AvroSerde(final Class<T> type) {
        this.serializer = new AvroSerializer<>();
        this.deserializer = new AvroDeserializer<>(Objects.requireNonNull(type, "type"));
        this.preConfigured = false;
    }

    public AvroSerde(final Class<T> type, final SchemaRegistryClient client, final boolean autoRegister) {
        this.serializer = new AvroSerializer<>(client, autoRegister);
        this.deserializer = new AvroDeserializer<>(Objects.requireNonNull(type, "type"), client);
        this.preConfigured = true;
    }

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        if (preConfigured) {
            serializer.configure(configs, isKey);
            return;
        }
        final SchemaRegistryClient client = SchemaRegistryClient.fromConfigs(configs);
        serializer.configure(client, AvroSerializer.autoRegister(configs), isKey);
        deserializer.configure(client);
    }

    @Override
    public AvroSerializer<T> serializer() {
        return serializer;
    }

    @Override
    public AvroDeserializer<T> deserializer() {
        return deserializer;
    }

    @Override
    public void close() {
        serializer.close();
        deserializer.close();
    }
}
