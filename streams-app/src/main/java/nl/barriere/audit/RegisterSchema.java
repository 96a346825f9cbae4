package nl.barriere.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The Algoritmeregister's publication standard 1.0, read from the register's own field configuration
 * ({@code register/algoritmeregister-1.0.json}, stored unchanged; {@code register/README.md} says where it comes
 * from). The register validates an uploaded entry with it; {@link #problems} applies the same rules, so an entry
 * Barrière prints is one the register accepts: only the standard's keys, every required one, texts within their
 * maximum length (counted without HTML, as the register counts), values from the permitted lists, and grouped
 * fields as lists of objects with their own keys.
 */
final class RegisterSchema {

    /** The publication standard's version, as the entry's {@code standard_version} names it. */
    static final String VERSION = "1.0";

    private static final Pattern HTML_TAG = Pattern.compile("<[^>]*>");
    private static final RegisterSchema STANDARD = load();

    private final Map<String, JsonNode> properties;

    private RegisterSchema(final Map<String, JsonNode> properties) {
        this.properties = properties;
    }

    static RegisterSchema standard() {
        return STANDARD;
    }

    /** The standard's keys, in its order. */
    List<String> keys() {
        return List.copyOf(properties.keySet());
    }

    /** The register's own Dutch label of {@code key}. */
    String title(final String key) {
        return property(key).path("title").asText(key);
    }

    /** Every way {@code entry} breaks the standard, each naming its key; empty when the register accepts it. */
    List<String> problems(final Map<String, ?> entry) {
        final List<String> problems = new ArrayList<>();
        check(properties, entry, "", problems);
        return problems;
    }

    private static void check(final Map<String, JsonNode> properties, final Map<String, ?> entry, final String prefix,
                              final List<String> problems) {
        entry.keySet().stream().filter(key -> !properties.containsKey(key))
                .forEach(key -> problems.add(prefix + key + ": not a key of publication standard " + VERSION));
        properties.forEach((key, property) -> {
            final Object value = entry.get(key);
            final String where = prefix + key;
            if (value == null || value instanceof String text && text.isBlank()) {
                if (property.path("required").asBoolean()) {
                    problems.add(where + " (" + property.path("title").asText() + "): required");
                }
                return;
            }
            switch (property.path("type").asText()) {
                case "string" -> text(property, value, where, problems);
                case "enum" -> {
                    if (!permitted(property).contains(value)) {
                        problems.add(where + ": '" + value + "' is not one of " + permitted(property));
                    }
                }
                case "array" -> array(property, value, where, problems);
                default -> problems.add(where + ": unknown type " + property.path("type").asText() + " in the standard");
            }
        });
    }

    private static void text(final JsonNode property, final Object value, final String where,
                             final List<String> problems) {
        if (!(value instanceof String text)) {
            problems.add(where + ": a text, not " + value.getClass().getSimpleName());
            return;
        }
        final int length = HTML_TAG.matcher(text).replaceAll("").length();
        if (property.hasNonNull("max_length") && length > property.get("max_length").asInt()) {
            problems.add(where + ": " + length + " characters, the register allows " + property.get("max_length").asInt());
        }
    }

    private static void array(final JsonNode property, final Object value, final String where,
                              final List<String> problems) {
        if (!(value instanceof List<?> list)) {
            problems.add(where + ": a list, not " + value.getClass().getSimpleName());
            return;
        }
        if (property.hasNonNull("max_items") && list.size() > property.get("max_items").asInt()) {
            problems.add(where + ": " + list.size() + " items, the register allows " + property.get("max_items").asInt());
        }
        for (int i = 0; i < list.size(); i++) {
            final Object item = list.get(i);
            final String at = where + "[" + i + "]";
            if (property.has("items")) {
                if (item instanceof Map<?, ?> object) {
                    check(fields(property.get("items")), stringKeys(object), at + ".", problems);
                } else {
                    problems.add(at + ": an object with " + fields(property.get("items")).keySet() + ", not " + item);
                }
            } else if (!(item instanceof String)) {
                problems.add(at + ": a text, not " + item);
            } else if (property.has("permitted_values") && !permitted(property).contains(item)) {
                problems.add(at + ": '" + item + "' is not one of " + permitted(property));
            }
        }
    }

    private static List<String> permitted(final JsonNode property) {
        final List<String> values = new ArrayList<>();
        property.path("permitted_values").forEach(v -> values.add(v.asText()));
        return values;
    }

    private static Map<String, Object> stringKeys(final Map<?, ?> object) {
        final Map<String, Object> out = new LinkedHashMap<>();
        object.forEach((k, v) -> out.put(String.valueOf(k), v));
        return out;
    }

    private JsonNode property(final String key) {
        final JsonNode property = properties.get(key);
        if (property == null) {
            throw new IllegalArgumentException(key + " is not a key of publication standard " + VERSION);
        }
        return property;
    }

    private static Map<String, JsonNode> fields(final JsonNode object) {
        final Map<String, JsonNode> fields = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> fields.put(e.getKey(), e.getValue()));
        return fields;
    }

    private static RegisterSchema load() {
        try (InputStream in = RegisterSchema.class.getResourceAsStream("/register/algoritmeregister-" + VERSION + ".json")) {
            return new RegisterSchema(fields(new ObjectMapper().readTree(in).path("properties")));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the Algoritmeregister publication standard", e);
        }
    }
}
