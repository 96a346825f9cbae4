package nl.barriere.devkit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;

/**
 * The in-memory state of {@link EmbeddedSchemaRegistry}: schemas by global id and, per subject, the
 * ids of its versions in order.
 *
 * <p>A schema's identity is Avro's own rendering of the parsed schema ({@link Schema#toString()}):
 * whitespace and attribute order do not matter, while defaults, docs and logical types do. So the
 * same schema registered under two subjects gets one id, and a field that only gains a default is
 * a new schema.
 */
final class RegistryStore {

    /** One version of a subject; also the JSON shape of the REST answers that describe a version. */
    record SubjectVersion(String subject, int id, int version, String schema) {
    }

    /** The outcome of a registration; {@code created} is false when the subject already had the schema. */
    record Registration(SubjectVersion version, boolean created) {
    }

    private final List<String> schemasById = new ArrayList<>();
    private final Map<String, Integer> idsBySchema = new HashMap<>();
    private final Map<String, List<Integer>> versionsBySubject = new TreeMap<>();
    private final Map<String, String> compatibilityBySubject = new TreeMap<>();

    /** The global rule, for subjects without their own. */
    static final String DEFAULT_COMPATIBILITY = "BACKWARD";

    /**
     * The rules this registry knows. Each is checked against the subject's latest version only: the transitive
     * ones are accepted and stored like Confluent's, but checked like their plain forms.
     */
    static final Set<String> COMPATIBILITY_LEVELS = Set.of("NONE", "BACKWARD", "BACKWARD_TRANSITIVE", "FORWARD",
            "FORWARD_TRANSITIVE", "FULL", "FULL_TRANSITIVE");

    static Schema parse(final String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw RegistryRequestException.invalidSchema("the schema is empty");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (final AvroRuntimeException e) {
            throw RegistryRequestException.invalidSchema(e.getMessage());
        }
    }

    /**
     * Registers {@code schema} under {@code subject} as a new version, unless the subject already has
     * it. A new version is checked against the subject's latest version under the subject's rule (BACKWARD when
     * none was set): BACKWARD, it can read data written with the latest; FORWARD, the latest can read data written
     * with it; FULL, both; NONE, no check.
     */
    synchronized Registration register(final String subject, final Schema schema) {
        final String text = schema.toString();
        final Optional<SubjectVersion> existing = find(subject, text);
        if (existing.isPresent()) {
            return new Registration(existing.get(), false);
        }
        final List<Integer> versions = versionsBySubject.getOrDefault(subject, List.of());
        if (!versions.isEmpty()) {
            final int latestVersion = versions.size();
            final Schema latest = new Schema.Parser().parse(schemasById.get(versions.get(latestVersion - 1) - 1));
            final String level = compatibilityBySubject.getOrDefault(subject, DEFAULT_COMPATIBILITY);
            if (level.startsWith("BACKWARD") || level.startsWith("FULL")) {
                checkCompatible(subject, schema, latest, latestVersion, level);
            }
            if (level.startsWith("FORWARD") || level.startsWith("FULL")) {
                checkCompatible(subject, latest, schema, latestVersion, level);
            }
        }
        final int id = idsBySchema.computeIfAbsent(text, t -> {
            schemasById.add(t);
            return schemasById.size();
        });
        final List<Integer> subjectVersions = versionsBySubject.computeIfAbsent(subject, s -> new ArrayList<>());
        subjectVersions.add(id);
        return new Registration(new SubjectVersion(subject, id, subjectVersions.size(), text), true);
    }

    synchronized SubjectVersion lookup(final String subject, final Schema schema) {
        if (!versionsBySubject.containsKey(subject)) {
            throw RegistryRequestException.subjectNotFound(subject);
        }
        return find(subject, schema.toString()).orElseThrow(() -> new RegistryRequestException(
            404, RegistryRequestException.SCHEMA_NOT_FOUND, "Schema not found under subject '" + subject + "'."));
    }

    synchronized String schemaById(final int id) {
        if (id < 1 || id > schemasById.size()) {
            throw new RegistryRequestException(404, RegistryRequestException.SCHEMA_NOT_FOUND, "Schema " + id + " not found.");
        }
        return schemasById.get(id - 1);
    }

    synchronized List<String> subjects() {
        return List.copyOf(versionsBySubject.keySet());
    }

    synchronized List<Integer> versions(final String subject) {
        final int count = subjectVersions(subject).size();
        final List<Integer> numbers = new ArrayList<>(count);
        for (int version = 1; version <= count; version++) {
            numbers.add(version);
        }
        return numbers;
    }

    /** @param version a version number or {@code latest} */
    synchronized SubjectVersion version(final String subject, final String version) {
        final List<Integer> ids = subjectVersions(subject);
        final int number = "latest".equals(version) ? ids.size() : parseVersion(version);
        if (number > ids.size()) {
            throw new RegistryRequestException(404, RegistryRequestException.VERSION_NOT_FOUND,
                "Version " + number + " not found for subject '" + subject + "'.");
        }
        final int id = ids.get(number - 1);
        return new SubjectVersion(subject, id, number, schemasById.get(id - 1));
    }

    private Optional<SubjectVersion> find(final String subject, final String schemaText) {
        final Integer id = idsBySchema.get(schemaText);
        final List<Integer> ids = versionsBySubject.getOrDefault(subject, List.of());
        final int index = id == null ? -1 : ids.indexOf(id);
        return index < 0 ? Optional.empty() : Optional.of(new SubjectVersion(subject, id, index + 1, schemaText));
    }

    private List<Integer> subjectVersions(final String subject) {
        final List<Integer> ids = versionsBySubject.get(subject);
        if (ids == null) {
            throw RegistryRequestException.subjectNotFound(subject);
        }
        return ids;
    }

    private static int parseVersion(final String version) {
        try {
            final int number = Integer.parseInt(version);
            if (number >= 1) {
                return number;
            }
        } catch (final NumberFormatException e) {
            // reported below with the same message as a zero or negative number
        }
        throw new RegistryRequestException(422, RegistryRequestException.INVALID_VERSION, "The specified version '" + version
            + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    /** Sets the rule of {@code subject}, which need not have versions yet; returns it. */
    synchronized String setCompatibility(final String subject, final String level) {
        if (level == null || !COMPATIBILITY_LEVELS.contains(level)) {
            throw new RegistryRequestException(422, RegistryRequestException.INVALID_COMPATIBILITY_LEVEL,
                "Invalid compatibility level. Valid values are " + new TreeSet<>(COMPATIBILITY_LEVELS));
        }
        compatibilityBySubject.put(subject, level);
        return level;
    }

    /** The rule set on {@code subject} itself, if any. */
    synchronized Optional<String> compatibility(final String subject) {
        return Optional.ofNullable(compatibilityBySubject.get(subject));
    }

    private static void checkCompatible(final String subject, final Schema reader, final Schema writer,
                                        final int latestVersion, final String level) {
        final SchemaPairCompatibility compatibility = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (compatibility.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return;
        }
        final String details = compatibility.getResult().getIncompatibilities().stream()
            .map(RegistryStore::describe)
            .collect(Collectors.joining("; "));
        throw new RegistryRequestException(409, RegistryRequestException.INCOMPATIBLE_SCHEMA,
            "Schema being registered is incompatible with an earlier schema for subject '" + subject
                + "' (version " + latestVersion + ", compatibility " + level + "): " + details);
    }

    private static String describe(final Incompatibility incompatibility) {
        return incompatibility.getType() + " at " + incompatibility.getLocation()
            + " (" + incompatibility.getMessage() + ")";
    }
}
