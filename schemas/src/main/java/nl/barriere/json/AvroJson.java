package nl.barriere.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.LogicalType;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import nl.barriere.serde.AvroTrust;

/**
 * The JSON-lines format of Barrière's records: what {@code generate} writes, {@code produce} reads and
 * {@code consume} prints. Plain JSON a person can read and write by hand, not Avro's own JSON encoding
 * (which wraps every optional value in a type name).
 *
 * <ul>
 *   <li>a map is an object with its keys in sorted order;
 *   <li>a record is an object with every field, in schema order; an optional field may be left out when its
 *       default is {@code null}, or given as {@code null};
 *   <li>{@code timestamp-millis} is an ISO-8601 instant ({@code "2024-03-01T09:30:00Z"}), {@code date} an
 *       ISO-8601 date ({@code "2024-03-01"}); enums are their symbol; bytes are base64;
 *   <li>unknown fields are refused, so a typo is an error instead of a silently missing value.
 * </ul>
 *
 * Reading then writing a record gives the same text back: the conversion is lossless both ways.
 */
public final class AvroJson {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    static {
        AvroTrust.ensureInstalled();
    }

    private AvroJson() {}

    /** One record as one line of JSON. */
    public static String toJsonLine(final IndexedRecord record) {
        try {
            return MAPPER.writeValueAsString(toJson(record));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON for " + record.getSchema().getFullName(), e);
        }
    }

    /** One record as a JSON tree. */
    public static JsonNode toJson(final IndexedRecord record) {
        return write(record, record.getSchema());
    }

    /**
     * Parses one line of JSON into a record of {@code type}.
     *
     * @throws JsonFormatException naming the JSON path of the offending field
     */
    public static <T extends SpecificRecord> T fromJsonLine(final String line, final Class<T> type) {
        final JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new JsonFormatException("$", "not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new JsonFormatException("$", "expected a JSON object");
        }
        final Schema schema = SpecificData.get().getSchema(type);
        return type.cast(read(node, schema, "$"));
    }

    private static JsonNode write(final Object value, final Schema schema) {
        switch (schema.getType()) {
            case RECORD: {
                final IndexedRecord record = (IndexedRecord) value;
                final ObjectNode object = NODES.objectNode();
                for (final Schema.Field field : schema.getFields()) {
                    object.set(field.name(), write(record.get(field.pos()), field.schema()));
                }
                return object;
            }
            case UNION:
                return value == null ? NODES.nullNode() : write(value, nonNullBranch(schema, "$"));
            case ARRAY: {
                final ArrayNode array = NODES.arrayNode();
                for (final Object item : (Collection<?>) value) {
                    array.add(write(item, schema.getElementType()));
                }
                return array;
            }
            case MAP: {
                // Sorted by key: Avro decodes maps into hash maps, and the text must not depend on that order.
                final ObjectNode object = NODES.objectNode();
                final Map<String, Object> sorted = new TreeMap<>();
                ((Map<?, ?>) value).forEach((key, item) -> sorted.put(key.toString(), item));
                sorted.forEach((key, item) -> object.set(key, write(item, schema.getValueType())));
                return object;
            }
            case ENUM:
            case STRING:
                return NODES.textNode(value.toString());
            case BYTES: {
                final ByteBuffer buffer = ((ByteBuffer) value).duplicate();
                final byte[] bytes = new byte[buffer.remaining()];
                buffer.get(bytes);
                return NODES.textNode(Base64.getEncoder().encodeToString(bytes));
            }
            case INT:
                if (value instanceof LocalDate) {
                    return NODES.textNode(value.toString());
                }
                return NODES.numberNode((Integer) value);
            case LONG:
                if (value instanceof Instant) {
                    return NODES.textNode(value.toString());
                }
                return NODES.numberNode((Long) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case DOUBLE:
                return NODES.numberNode((Double) value);
            case FLOAT:
                return NODES.numberNode((Float) value);
            case NULL:
                return NODES.nullNode();
            default:
                throw new IllegalArgumentException("unsupported Avro type " + schema.getType());
        }
    }

    private static Object read(final JsonNode node, final Schema schema, final String path) {
        switch (schema.getType()) {
            case RECORD:
                return readRecord(expect(node, node.isObject(), "an object", path), schema, path);
            case UNION:
                return node == null || node.isNull() ? null : read(node, nonNullBranch(schema, path), path);
            case ARRAY: {
                expect(node, node.isArray(), "an array", path);
                final List<Object> items = new ArrayList<>(node.size());
                for (int i = 0; i < node.size(); i++) {
                    items.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]"));
                }
                return items;
            }
            case MAP: {
                expect(node, node.isObject(), "an object", path);
                final Map<String, Object> map = new LinkedHashMap<>();
                for (final Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    final Map.Entry<String, JsonNode> entry = it.next();
                    map.put(entry.getKey(), read(entry.getValue(), schema.getValueType(), path + "." + entry.getKey()));
                }
                return map;
            }
            case ENUM: {
                expect(node, node.isTextual(), "a string", path);
                if (!schema.hasEnumSymbol(node.asText())) {
                    throw new JsonFormatException(path, "'" + node.asText() + "' is not one of " + schema.getEnumSymbols());
                }
                return SpecificData.get().createEnum(node.asText(), schema);
            }
            case STRING:
                return expect(node, node.isTextual(), "a string", path).asText();
            case BYTES:
                try {
                    return ByteBuffer.wrap(Base64.getDecoder().decode(expect(node, node.isTextual(), "a base64 string", path).asText()));
                } catch (IllegalArgumentException e) {
                    throw new JsonFormatException(path, "not valid base64: " + e.getMessage());
                }
            case INT:
                if (schema.getLogicalType() instanceof LogicalTypes.Date) {
                    return parseDate(expect(node, node.isTextual(), "an ISO date like \"2024-03-01\"", path), path);
                }
                expect(node, node.isIntegralNumber() && node.canConvertToInt(), "a whole number", path);
                return node.intValue();
            case LONG:
                if (isTimestamp(schema.getLogicalType())) {
                    return parseInstant(expect(node, node.isTextual(), "an ISO instant like \"2024-03-01T09:30:00Z\"", path), path);
                }
                expect(node, node.isIntegralNumber() && node.canConvertToLong(), "a whole number", path);
                return node.longValue();
            case BOOLEAN:
                return expect(node, node.isBoolean(), "true or false", path).booleanValue();
            case DOUBLE:
                return expect(node, node.isNumber(), "a number", path).doubleValue();
            case FLOAT:
                return expect(node, node.isNumber(), "a number", path).floatValue();
            case NULL:
                expect(node, node.isNull(), "null", path);
                return null;
            default:
                throw new JsonFormatException(path, "unsupported Avro type " + schema.getType());
        }
    }

    private static Object readRecord(final JsonNode node, final Schema schema, final String path) {
        for (final Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            final String name = names.next();
            if (schema.getField(name) == null) {
                throw new JsonFormatException(path + "." + name, "unknown field for " + schema.getName());
            }
        }
        final IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
        for (final Schema.Field field : schema.getFields()) {
            final String fieldPath = path + "." + field.name();
            final JsonNode value = node.get(field.name());
            if (value == null) {
                if (!field.hasDefaultValue()) {
                    throw new JsonFormatException(fieldPath, "required field is missing");
                }
                record.put(field.pos(), copyDefault(field));
            } else {
                record.put(field.pos(), read(value, field.schema(), fieldPath));
            }
        }
        return record;
    }

    private static Object copyDefault(final Schema.Field field) {
        final Object value = GenericData.get().deepCopy(field.schema(), GenericData.get().getDefaultValue(field));
        if (value instanceof Collection || value instanceof Map) {
            return value instanceof Map ? new LinkedHashMap<>((Map<?, ?>) value) : new ArrayList<>((Collection<?>) value);
        }
        return value;
    }

    private static Schema nonNullBranch(final Schema union, final String path) {
        final List<Schema> branches = union.getTypes();
        if (branches.size() != 2 || branches.get(0).getType() != Schema.Type.NULL) {
            throw new JsonFormatException(path, "only [null, T] unions are supported, not " + union);
        }
        return branches.get(1);
    }

    private static JsonNode expect(final JsonNode node, final boolean ok, final String expected, final String path) {
        if (!ok) {
            throw new JsonFormatException(path, "expected " + expected + ", got " + describe(node));
        }
        return node;
    }

    private static String describe(final JsonNode node) {
        if (node == null || node.isNull()) {
            return "null";
        }
        final String text = node.toString();
        return (text.length() > 40 ? text.substring(0, 40) + "..." : text) + " (" + node.getNodeType().name().toLowerCase() + ")";
    }

    private static boolean isTimestamp(final LogicalType type) {
        return type instanceof LogicalTypes.TimestampMillis;
    }

    private static Instant parseInstant(final JsonNode node, final String path) {
        final Instant instant;
        try {
            instant = Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new JsonFormatException(path, "'" + node.asText() + "' is not an ISO instant like 2024-03-01T09:30:00Z");
        }
        if (instant.getNano() % 1_000_000 != 0) {
            // Avro keeps milliseconds; accepting more would make the round trip lossy.
            throw new JsonFormatException(path, "'" + node.asText() + "' is more precise than milliseconds");
        }
        return instant;
    }

    private static LocalDate parseDate(final JsonNode node, final String path) {
        try {
            return LocalDate.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new JsonFormatException(path, "'" + node.asText() + "' is not an ISO date like 2024-03-01");
        }
    }
}
