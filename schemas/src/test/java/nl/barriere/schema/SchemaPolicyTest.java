package nl.barriere.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * DESIGN.md rule 4: no schema has a field for nationality, country of birth, ethnicity, religion, gender, a
 * person's name, a BSN or a date of birth, in English or Dutch. The contract is every .avsc file under
 * src/main/avro; every field at every depth is checked, and every field must say what it means.
 */
class SchemaPolicyTest {

    private static final Path AVRO = Path.of("src/main/avro");

    /** Normalised (lower case, no separators) field names that are forbidden wherever they occur. */
    private static final Set<String> FORBIDDEN_NAMES = Set.of(
            "nationality", "nationaliteit", "citizenship", "staatsburgerschap",
            "countryofbirth", "birthcountry", "geboorteland", "placeofbirth", "birthplace", "geboorteplaats",
            "ethnicity", "etniciteit", "ethnicorigin", "afkomst", "race", "ras",
            "religion", "religie", "godsdienst", "geloof",
            "gender", "geslacht", "sex",
            "name", "naam", "firstname", "givenname", "voornaam", "voornamen", "lastname", "surname", "familyname",
            "achternaam", "geslachtsnaam", "fullname", "personname", "persoonsnaam", "initials", "voorletters",
            "bsn", "burgerservicenummer", "citizenservicenumber", "socialsecuritynumber", "sofinummer",
            "dateofbirth", "birthdate", "dob", "geboortedatum");

    /** Fragments that make a field forbidden even inside a longer name (e.g. {@code officerBsn}). */
    private static final List<String> FORBIDDEN_FRAGMENTS = List.of(
            "nationalit", "geboorte", "birth", "ethnic", "etnic", "religi", "gender", "geslacht", "bsn",
            "burgerservice", "firstname", "lastname", "surname", "voornaam", "achternaam", "fullname");

    @Test
    void noSchemaHasAForbiddenField() {
        // Given every schema of the contract
        final List<Schema> schemas = contract();
        assertThat(schemas).hasSizeGreaterThanOrEqualTo(10);

        // When every field name at every depth is checked
        final List<String> violations = new ArrayList<>();
        schemas.forEach(schema -> visit(schema, schema.getName(), new IdentityHashMap<>(), violations, true));

        // Then none is forbidden
        assertThat(violations).as("forbidden fields (DESIGN.md rule 4)").isEmpty();
    }

    @Test
    void everyFieldIsDocumented() {
        final List<String> undocumented = new ArrayList<>();
        for (final Schema schema : contract()) {
            visit(schema, schema.getName(), new IdentityHashMap<>(), undocumented, false);
        }
        assertThat(undocumented).as("fields without a doc string").isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"DeadLetter", "ReviewDecision", "RiskSignal"})
    void aChangedSchemaStaysCompatibleBothWaysWithItsFirstVersion(final String name) throws Exception {
        // Given the schema as first published (the dead letter before lengths, hashes and the truncation flags; the
        // signal before its ruleset digest; the decision before its roles and signature)
        final Schema first;
        try (var in = SchemaPolicyTest.class.getResourceAsStream("/avro/" + name + "-v1.avsc")) {
            first = new Schema.Parser().parse(in);
        }
        final Schema today = (Schema) Class.forName("nl.barriere.schema." + name).getField("SCHEMA$").get(null);

        // Then today's schema reads records written with it (BACKWARD, what the registry checks) and old readers
        // read today's records (FORWARD), so readers and writers can be upgraded in any order
        assertThat(today).isNotEqualTo(first);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(today, first).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(first, today).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    @Test
    void thePolicyCatchesForbiddenFieldsAtAnyDepth() {
        // Given a schema that hides forbidden fields in a nested record, an array and a union
        final Schema bad = new Schema.Parser().parse("""
                {"type":"record","name":"Bad","namespace":"x","doc":"d","fields":[
                    {"name":"ok","type":"string","doc":"d"},
                    {"name":"officer","doc":"d","type":["null",{"type":"record","name":"Officer","doc":"d","fields":[
                        {"name":"officerBsn","type":"string","doc":"d"}]}]},
                    {"name":"people","doc":"d","type":{"type":"array","items":{"type":"record","name":"P","doc":"d","fields":[
                        {"name":"Geboortedatum","type":"string","doc":"d"},
                        {"name":"voor_naam","type":"string","doc":"d"}]}}},
                    {"name":"country_of_birth","type":"string","doc":"d"}
                ]}""");

        // When it is checked
        final List<String> violations = new ArrayList<>();
        visit(bad, "Bad", new IdentityHashMap<>(), violations, true);

        // Then each forbidden field is reported with its path
        assertThat(violations).containsExactly(
                "Bad.officer.officerBsn", "Bad.people[].Geboortedatum", "Bad.people[].voor_naam", "Bad.country_of_birth");
    }

    static boolean isForbidden(final String fieldName) {
        final String normal = fieldName.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", "");
        return FORBIDDEN_NAMES.contains(normal) || FORBIDDEN_FRAGMENTS.stream().anyMatch(normal::contains);
    }

    private static void visit(final Schema schema, final String path, final Map<Schema, Boolean> seen,
                                                        final List<String> out, final boolean checkNames) {
        switch (schema.getType()) {
            case RECORD -> {
                if (seen.put(schema, Boolean.TRUE) != null) {
                    return;
                }
                for (final Schema.Field field : schema.getFields()) {
                    final String fieldPath = path + "." + field.name();
                    if (checkNames ? isForbidden(field.name()) : field.doc() == null || field.doc().isBlank()) {
                        out.add(fieldPath);
                    }
                    visit(field.schema(), fieldPath, seen, out, checkNames);
                }
            }
            case UNION -> schema.getTypes().forEach(branch -> visit(branch, path, seen, out, checkNames));
            case ARRAY -> visit(schema.getElementType(), path + "[]", seen, out, checkNames);
            case MAP -> visit(schema.getValueType(), path + "{}", seen, out, checkNames);
            default -> { }
        }
    }

    /** Every .avsc file of the contract, parsed together so that files may name each other's types. */
    static List<Schema> contract() {
        final SchemaParser parser = new SchemaParser();
        final List<SchemaParser.ParseResult> results = new ArrayList<>();
        try (Stream<Path> files = Files.walk(AVRO)) {
            for (final Path file : files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList()) {
                results.add(parser.parse(file));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return results.stream().map(parser::resolve).toList();
    }
}
