package nl.barriere.connect;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.json.AvroJson;
import nl.barriere.json.JsonFormatException;
import nl.barriere.serde.AvroSerde;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.storage.Converter;

/**
 * Writes a connector's values as Barrière's Avro contract in the Confluent wire format, so that the pipeline reads
 * what a connector produced exactly as it reads what {@code barriere produce} wrote. The value (a Struct or a
 * schemaless Map) is rendered as JSON, read into the contract's record class by the project's JSON format
 * ({@link AvroJson}: unknown fields are refused, so a source column that the contract lacks is an error, not a
 * silently dropped value), then serialised with the project's serde and registry client.
 *
 * <p>Configuration (with the converter prefix, e.g. {@code value.converter.record.class}): {@value #RECORD_CLASS}
 * (optional: without it, each record's topic in the contract says the class, so one connector can write transfers
 * and mortgages),
 * and the serde's {@code schema.registry.url}, {@code basic.auth.user.info}, {@code auto.register.schemas}.
 */
public final class ContractConverter implements Converter {

    public static final String RECORD_CLASS = "record.class";

    private static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(RECORD_CLASS, Type.CLASS, null, Importance.HIGH,
                    "The contract's record class of this connector's values, e.g. nl.barriere.schema.PermitEvent;"
                            + " unset: the class of each record's topic in the contract (Topics)");

    private final JsonConverter json = new JsonConverter();
    private final Map<Class<? extends SpecificRecord>, AvroSerde<? extends SpecificRecord>> serdes = new HashMap<>();
    private Map<String, ?> serdeConfigs;
    private boolean isKey;
    private Class<? extends SpecificRecord> configuredType;

    @Override
    public void configure(final Map<String, ?> configs, final boolean isKey) {
        this.serdeConfigs = configs;
        this.isKey = isKey;
        final Object configured = configs.get(RECORD_CLASS);
        if (configured != null) {
            final Class<?> candidate;
            try {
                candidate = configured instanceof Class<?> c ? c
                        : Class.forName(configured.toString().strip(), true, ContractConverter.class.getClassLoader());
            } catch (final ClassNotFoundException e) {
                throw new ConfigException(RECORD_CLASS, configured, "no such class in the contract");
            }
            if (!SpecificRecord.class.isAssignableFrom(candidate)) {
                throw new ConfigException(RECORD_CLASS, configured, "not an Avro record class of the contract");
            }
            configuredType = candidate.asSubclass(SpecificRecord.class);
            serde(configuredType);
        }
        final Map<String, Object> jsonConfig = new HashMap<>();
        jsonConfig.put("schemas.enable", false);
        json.configure(jsonConfig, isKey);
    }

    /** The record class for a topic: the configured one, else the contract's for that topic. */
    private Class<? extends SpecificRecord> typeOf(final String topic) {
        if (configuredType != null) {
            return configuredType;
        }
        return Topics.byName(topic).<Class<? extends SpecificRecord>>map(Topic::valueType).orElseThrow(() ->
                new DataException("no record class for " + topic + ": it is not a topic of the contract; set "
                        + RECORD_CLASS));
    }

    private AvroSerde<? extends SpecificRecord> serde(final Class<? extends SpecificRecord> type) {
        return serdes.computeIfAbsent(type, t -> {
            final AvroSerde<? extends SpecificRecord> serde = new AvroSerde<>(t);
            serde.configure(serdeConfigs, isKey);
            return serde;
        });
    }

    @Override
    public byte[] fromConnectData(final String topic, final Schema schema, final Object value) {
        if (value == null) {
            return null;
        }
        final Class<? extends SpecificRecord> type = typeOf(topic);
        final String line = new String(json.fromConnectData(topic, schema, value), StandardCharsets.UTF_8);
        final SpecificRecord record;
        try {
            record = AvroJson.fromJsonLine(line, type);
        } catch (final JsonFormatException e) {
            throw new DataException("a value for " + topic + " does not fit " + type.getSimpleName() + ": "
                    + e.getMessage());
        }
        return serialize(topic, type, record);
    }

    @SuppressWarnings("unchecked")
    private <T extends SpecificRecord> byte[] serialize(final String topic, final Class<? extends SpecificRecord> type,
                                                        final SpecificRecord record) {
        try {
            return ((AvroSerde<T>) serde(type)).serializer().serialize(topic, (T) record);
        } catch (final SerializationException e) {
            throw new DataException("cannot write " + type.getSimpleName() + " for " + topic + ": " + e.getMessage(), e);
        }
    }

    @Override
    public SchemaAndValue toConnectData(final String topic, final byte[] value) {
        if (value == null) {
            return SchemaAndValue.NULL;
        }
        final SpecificRecord record = serde(typeOf(topic)).deserializer().deserialize(topic, value);
        return json.toConnectData(topic, AvroJson.toJsonLine(record).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
        serdes.values().forEach(AvroSerde::close);
        json.close();
    }
}
