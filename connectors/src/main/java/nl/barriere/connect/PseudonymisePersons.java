package nl.barriere.connect;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import nl.barriere.pseudonym.Pseudonyms;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;
import org.apache.kafka.connect.connector.ConnectRecord;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Transformation;

/**
 * Replaces the natural-person identifiers in the configured fields of a record's value by keyed-HMAC pseudonyms,
 * {@code p-} followed by the 64 lowercase hex digits of HMAC-SHA256 over the identifier, before the record enters
 * Kafka (DESIGN.md §2 rule 5). With {@value #PERSON_KEYS_DIR} set, each person's HMAC key is their own, so that
 * erasing a person is deleting one key ({@link Pseudonyms}). Works on a {@link Struct} (a connector with schemas) and on a {@link Map} (schemaless JSON).
 *
 * <p>Field paths name fields by dots and lists by {@code []}: {@code managerPseudonyms[]} (every string in the
 * list), {@code officer.personPseudonym}, {@code buyer.personPseudonym}, {@code managers[].personId}. A null value,
 * a null parent (a buyer that is a company has no person) or a key absent from a schemaless map is left as it is:
 * there is no person there. The identifier is hashed as delivered, only stripped of surrounding white space, so a
 * source must spell one person's identifier the same way every time.
 *
 * <p>A record this transform cannot pseudonymise is refused, never passed on with a raw identifier: a field path the
 * record's schema does not have, a person field that is a number, a list, a structure or blank, and a value that
 * already looks like a pseudonym. The last is refused rather than passed through because pseudonyms are made in
 * exactly one place, with one key: a source that already delivers pseudonyms should not have this transform on that
 * field, and passing "anything that looks like a pseudonym" through would let a value made with another key, or a
 * raw value that happens to have that shape, into the pipeline unnoticed.
 *
 * <p>A refusal throws a {@link DataException} whose message names the field and what is wrong, never the value.
 * Kafka Connect's dead-letter queue ({@code errors.deadletterqueue.topic.name}) serves sink connectors only; a source
 * connector with {@code errors.tolerance=all} would log the refusal and drop the record. So with
 * {@value #REFUSED_TOPIC} set, a refused record is instead routed to that topic: same key, no value (the raw
 * identifier must not enter Kafka), the reason and the source position in headers, so an operator can find the row
 * in the source system and correct it there.
 */
public final class PseudonymisePersons<R extends ConnectRecord<R>> implements Transformation<R> {

    public static final String FIELDS = "fields";
    public static final String HMAC_KEY = "hmac.key";
    public static final String REFUSED_TOPIC = "refused.topic";
    public static final String PERSON_KEYS_DIR = "person.keys.dir";

    static final int MIN_KEY_BYTES = Pseudonyms.MIN_KEY_BYTES;

    static final ConfigDef CONFIG_DEF = new ConfigDef()
            .define(FIELDS, Type.LIST, ConfigDef.NO_DEFAULT_VALUE, ConfigDef.ValidList.anyNonDuplicateValues(false, false),
                    Importance.HIGH,
                    "Paths of the person fields in the value, e.g. managerPseudonyms[],officer.personPseudonym")
            .define(HMAC_KEY, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, Importance.HIGH,
                    "The HMAC key, at least " + MIN_KEY_BYTES + " bytes; take it from a config provider, e.g. "
                            + "${file:/secrets/barriere.properties:hmac.key}")
            .define(REFUSED_TOPIC, Type.STRING, "", Importance.MEDIUM,
                    "Topic for refused records (key, reason and source position; no value). Empty: throw, and "
                            + "let errors.tolerance decide")
            .define(PERSON_KEYS_DIR, Type.STRING, "", Importance.HIGH,
                    "Directory of the person keys (crypto-shredding: erase-person deletes one person's key). Empty: "
                            + "one key for everyone, and a person cannot be erased. Every worker of the cluster "
                            + "must see the same directory");

    private List<FieldPath> paths;
    private Pseudonyms pseudonyms;
    private String refusedTopic;

    @Override
    public void configure(final Map<String, ?> configs) {
        final AbstractConfig config = new AbstractConfig(CONFIG_DEF, configs);
        paths = config.getList(FIELDS).stream().map(FieldPath::parse).toList();
        final Password password = config.getPassword(HMAC_KEY);
        final byte[] bytes = password.value().getBytes(StandardCharsets.UTF_8);
        if (bytes.length < MIN_KEY_BYTES) {
            throw new ConfigException(HMAC_KEY + " must be at least " + MIN_KEY_BYTES + " bytes, was "
                    + bytes.length + " (the key itself is not shown)");
        }
        final String personKeys = config.getString(PERSON_KEYS_DIR);
        pseudonyms = personKeys.isBlank() ? Pseudonyms.withKey(bytes) : Pseudonyms.withPersonKeys(bytes, Path.of(personKeys));
        refusedTopic = config.getString(REFUSED_TOPIC);
    }

    @Override
    public R apply(final R record) {
        if (record.value() == null) {
            return record;
        }
        try {
            return record.newRecord(record.topic(), record.kafkaPartition(), record.keySchema(), record.key(),
                    record.valueSchema(), pseudonymise(record.value()), record.timestamp(), record.headers());
        } catch (final Refused refused) {
            return refuse(record, refused.getMessage());
        }
    }

    private Object pseudonymise(final Object value) {
        if (!(value instanceof Struct) && !(value instanceof Map)) {
            throw new Refused("the value is " + kind(value)
                    + ", not a Struct or a Map; only structured values can be pseudonymised");
        }
        Object result = value;
        for (final FieldPath path : paths) {
            result = rewrite(result, path, 0);
        }
        return result;
    }

    /** A copy of {@code node} (a Struct or a Map) with the field at {@code path.segments[depth]} rewritten. */
    private Object rewrite(final Object node, final FieldPath path, final int depth) {
        final Segment segment = path.segments().get(depth);
        if (node instanceof Struct struct) {
            final Field field = struct.schema().field(segment.name());
            if (field == null) {
                throw new Refused(path.prefix(depth + 1) + ": the record's schema has no such field");
            }
            if (struct.get(field) == null) {
                requireFields(field.schema(), path, depth + 1);
            }
            final Struct copy = new Struct(struct.schema());
            struct.schema().fields().forEach(f -> copy.put(f, struct.get(f)));
            copy.put(field, rewriteChild(struct.get(field), path, depth));
            return copy;
        }
        if (node instanceof Map<?, ?> map) {
            if (!map.containsKey(segment.name())) {
                return map;
            }
            final Map<Object, Object> copy = new LinkedHashMap<>(map);
            copy.put(segment.name(), rewriteChild(map.get(segment.name()), path, depth));
            return copy;
        }
        throw new Refused(path.prefix(depth) + ": is " + kind(node)
                + ", not a structure with field " + segment.name());
    }

    /**
     * With a schema, a misspelt path is a configuration mistake even where this record has no value: checked against
     * the schema, so it shows on the first record, not the first one that happens to have the field.
     */
    private static void requireFields(final Schema schema, final FieldPath path, final int depth) {
        Schema current = schema;
        for (int i = depth; i < path.segments().size(); i++) {
            if (path.segments().get(i - 1).list() && current.type() == Schema.Type.ARRAY) {
                current = current.valueSchema();
            }
            if (current.type() != Schema.Type.STRUCT || current.field(path.segments().get(i).name()) == null) {
                throw new Refused(path.prefix(i + 1) + ": the record's schema has no such field");
            }
            current = current.field(path.segments().get(i).name()).schema();
        }
    }

    private Object rewriteChild(final Object child, final FieldPath path, final int depth) {
        if (child == null) {
            return null;
        }
        final Segment segment = path.segments().get(depth);
        final boolean last = depth == path.segments().size() - 1;
        if (segment.list()) {
            if (!(child instanceof List<?> list)) {
                throw new Refused(path.prefix(depth + 1) + ": is " + kind(child)
                        + ", not a list");
            }
            final List<Object> copy = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                final Object element = list.get(i);
                final String where = (depth == 0 ? "" : path.prefix(depth) + ".") + segment.name() + "[" + i + "]";
                copy.add(last ? pseudonym(element, where)
                        : element == null ? null : rewrite(element, path, depth + 1));
            }
            return copy;
        }
        return last ? pseudonym(child, path.prefix(depth + 1)) : rewrite(child, path, depth + 1);
    }

    private String pseudonym(final Object value, final String where) {
        if (!(value instanceof String text)) {
            throw new Refused(where + ": is " + kind(value)
                    + ", not text; a person identifier must be text (a number would lose leading zeros)");
        }
        final String identifier = text.strip();
        if (identifier.isEmpty()) {
            throw new Refused(where + ": is blank");
        }
        if (Pseudonyms.PSEUDONYM.matcher(identifier).matches()) {
            throw new Refused(where + ": already looks like a pseudonym; pseudonyms are made only here, so the "
                    + "source must deliver the identifier itself");
        }
        return pseudonyms.of(identifier);
    }

    /** What a value is, in words that name no JDK-internal class and show nothing of the value. */
    private static String kind(final Object value) {
        if (value == null) {
            return "null";
        } else if (value instanceof String) {
            return "text";
        } else if (value instanceof Number) {
            return "a number";
        } else if (value instanceof Boolean) {
            return "a boolean";
        } else if (value instanceof List) {
            return "a list";
        } else if (value instanceof Map || value instanceof Struct) {
            return "a structure";
        }
        return "a " + value.getClass().getSimpleName();
    }

    private R refuse(final R record, final String reason) {
        if (refusedTopic.isEmpty()) {
            throw new DataException("cannot pseudonymise a record for " + record.topic() + ": " + reason);
        }
        final Map<String, ?> position = record instanceof SourceRecord source ? source.sourceOffset() : null;
        return record.newRecord(refusedTopic, null, record.keySchema(), record.key(), null, null,
                record.timestamp(), RefusedRecords.headers(reason, record.topic(), position));
    }

    @Override
    public ConfigDef config() {
        return CONFIG_DEF;
    }

    @Override
    public void close() {
        pseudonyms = null;
    }

    /** A field path from the configuration: dotted names, {@code []} after a name that holds a list. */
    record FieldPath(String text, List<Segment> segments) {

        private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

        static FieldPath parse(final String text) {
            final List<Segment> segments = new ArrayList<>();
            for (final String part : text.strip().split("\\.", -1)) {
                final boolean list = part.endsWith("[]");
                final String name = list ? part.substring(0, part.length() - 2) : part;
                if (!NAME.matcher(name).matches()) {
                    throw new ConfigException(FIELDS, text,
                            "a field path is dotted field names, each optionally followed by [] for a list, "
                                    + "e.g. managerPseudonyms[] or officer.personPseudonym");
                }
                segments.add(new Segment(name, list));
            }
            return new FieldPath(text.strip(), List.copyOf(segments));
        }

        /** The first {@code n} segments as text, for messages. */
        String prefix(final int n) {
            final StringBuilder out = new StringBuilder();
            for (int i = 0; i < n; i++) {
                out.append(i == 0 ? "" : ".").append(segments.get(i).name()).append(segments.get(i).list() ? "[]" : "");
            }
            return n == 0 ? "the value" : out.toString();
        }
    }

    record Segment(String name, boolean list) {}

    /** A record that cannot be pseudonymised; the message names the field, never its value. */
    private static final class Refused extends RuntimeException {
        Refused(final String message) {
            super(message, null, false, false);
        }
    }
}
