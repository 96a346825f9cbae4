package nl.barriere.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.barriere.pseudonym.Pseudonyms;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform on its own: which values it rewrites, how, and which records it refuses and with what words. */
class PseudonymisePersonsTest {

    private static final String KEY = "unit-test-key-0123456789abcdef0123456789";
    private static final Schema OFFICER = SchemaBuilder.struct().name("Officer").optional()
            .field("personPseudonym", Schema.OPTIONAL_STRING_SCHEMA)
            .field("kvkNumber", Schema.OPTIONAL_STRING_SCHEMA)
            .build();
    private static final Schema EVENT = SchemaBuilder.struct().name("BusinessEvent")
            .field("eventId", Schema.STRING_SCHEMA)
            .field("officer", OFFICER)
            .build();

    @Test
    void aStructsNestedPersonFieldBecomesTheKeyedHmacPseudonymAndNothingElseChanges() throws Exception {
        // Given a business event with a schema whose officer is a person
        final Struct officer = new Struct(OFFICER).put("personPseudonym", "123456782");
        final Struct event = new Struct(EVENT).put("eventId", "kvk-1").put("officer", officer);

        // When it passes the transform configured for officer.personPseudonym
        final Struct out = (Struct) transform("officer.personPseudonym", "").apply(record(EVENT, event)).value();

        // Then the person is the pseudonym, the rest as it was, and the input record is untouched
        assertThat(out.getString("eventId")).isEqualTo("kvk-1");
        assertThat(out.getStruct("officer").getString("personPseudonym")).isEqualTo(hmac("123456782"));
        assertThat(out.getStruct("officer").getString("kvkNumber")).isNull();
        assertThat(officer.getString("personPseudonym")).isEqualTo("123456782");
    }

    @Test
    void aSchemalessListIsPseudonymisedElementByElementAndAnAbsentPersonStaysAbsent() throws Exception {
        // Given a schemaless permit event with two managers and a transfer whose buyer is a company
        final Map<String, Object> permit = new LinkedHashMap<>();
        permit.put("applicationId", "HV-1");
        permit.put("managerPseudonyms", List.of("MDW-1", " MDW-2 "));
        permit.put("buyer", new HashMap<>(Map.of("kvkNumber", "12345678")));

        // When it passes the transform for the managers and the buyer
        final Object out = transform("managerPseudonyms[],buyer.personPseudonym", "").apply(record(null, permit)).value();

        // Then each manager is pseudonymised (surrounding blanks do not count) and the company buyer is unchanged
        assertThat(out).isEqualTo(Map.of(
                "applicationId", "HV-1",
                "managerPseudonyms", List.of(hmac("MDW-1"), hmac("MDW-2")),
                "buyer", Map.of("kvkNumber", "12345678")));
    }

    @Test
    void aValueThatAlreadyLooksLikeAPseudonymIsRefusedNotPassedThrough() {
        final String looksDone = "p-" + "ab".repeat(32);
        final Map<String, Object> permit = Map.of("managerPseudonyms", List.of(looksDone));

        assertThatThrownBy(() -> transform("managerPseudonyms[]", "").apply(record(null, permit)))
                .isInstanceOf(DataException.class)
                .hasMessage("cannot pseudonymise a record for horeca.permit-events: managerPseudonyms[0]: already "
                        + "looks like a pseudonym; pseudonyms are made only here, so the source must deliver the "
                        + "identifier itself");
    }

    @Test
    void aFieldTheSchemaLacksOrAnOddTypeIsRefusedWithoutShowingTheValue() {
        final Struct event = new Struct(EVENT).put("eventId", "kvk-1");

        assertThatThrownBy(() -> transform("officer.name", "").apply(record(EVENT, event)))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith(": officer.name: the record's schema has no such field");
        assertThatThrownBy(() -> transform("officer.personPseudonym", "")
                .apply(record(null, Map.of("officer", Map.of("personPseudonym", List.of("123456782"))))))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith(": officer.personPseudonym: is a list, not text; a person "
                        + "identifier must be text (a number would lose leading zeros)")
                .message().doesNotContain("123456782");
        assertThatThrownBy(() -> transform("managerPseudonyms[]", "").apply(record(null, "not a structure")))
                .isInstanceOf(DataException.class)
                .hasMessageEndingWith(": the value is text, not a Struct or a Map; only structured "
                        + "values can be pseudonymised");
    }

    @Test
    void withARefusedTopicTheRefusedRecordGoesThereWithItsKeyAndReasonButWithoutItsValue() {
        final Map<String, Object> permit = Map.of("managerPseudonyms", List.of(""));

        final SourceRecord out = transform("managerPseudonyms[]", "connect.refused-records").apply(record(null, permit));

        assertThat(out.topic()).isEqualTo("connect.refused-records");
        assertThat(out.key()).isEqualTo("HV-1");
        assertThat(out.value()).isNull();
        assertThat(out.headers().lastWithName(RefusedRecords.REASON_HEADER).value())
                .isEqualTo("managerPseudonyms[0]: is blank");
        assertThat(out.headers().lastWithName(RefusedRecords.SOURCE_OFFSET_HEADER).value())
                .isEqualTo("{position=7}");
    }

    @Test
    void withPersonKeysEachPersonHasAKeyOfTheirOwnAndAfterErasureANewPseudonym(@TempDir final Path keys) throws Exception {
        // Given the transform with a person key directory
        final PseudonymisePersons<SourceRecord> transform = new PseudonymisePersons<>();
        transform.configure(Map.of("fields", "managerPseudonyms[]", "hmac.key", KEY, "person.keys.dir", keys.toString()));
        final Pseudonyms sameZone = Pseudonyms.withPersonKeys(KEY.getBytes(StandardCharsets.UTF_8), keys);

        // When one manager appears in two records
        final Object first = transform.apply(record(null, Map.of("managerPseudonyms", List.of("MDW-1")))).value();
        final Object second = transform.apply(record(null, Map.of("managerPseudonyms", List.of("MDW-1")))).value();

        // Then both carry the pseudonym the zone computes for them, which the one-key scheme would not give
        assertThat(first).isEqualTo(second).isEqualTo(Map.of("managerPseudonyms", List.of(sameZone.of("MDW-1"))));
        assertThat(sameZone.of("MDW-1")).isNotEqualTo(hmac("MDW-1"));

        // And after the person is erased, their next record carries another pseudonym
        assertThat(sameZone.erase("MDW-1")).isTrue();
        final Object after = transform.apply(record(null, Map.of("managerPseudonyms", List.of("MDW-1")))).value();
        assertThat(after).isNotEqualTo(first);
    }

    @Test
    void aShortKeyIsRefusedAtConfigurationAndTheMessageDoesNotShowIt() {
        final PseudonymisePersons<SourceRecord> transform = new PseudonymisePersons<>();

        assertThatThrownBy(() -> transform.configure(Map.of("fields", "managerPseudonyms[]", "hmac.key", "short-secret")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("hmac.key must be at least 32 bytes, was 12 (the key itself is not shown)");
    }

    private static PseudonymisePersons<SourceRecord> transform(final String fields, final String refusedTopic) {
        final PseudonymisePersons<SourceRecord> transform = new PseudonymisePersons<>();
        transform.configure(Map.of("fields", fields, "hmac.key", KEY, "refused.topic", refusedTopic));
        return transform;
    }

    private static SourceRecord record(final Schema schema, final Object value) {
        return new SourceRecord(Map.of("file", "in.jsonl"), Map.of("position", 7L), "horeca.permit-events", null,
                Schema.STRING_SCHEMA, "HV-1", schema, value, 1_718_006_400_000L);
    }

    private static String hmac(final String raw) throws Exception {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return "p-" + HexFormat.of().formatHex(mac.doFinal(raw.getBytes(StandardCharsets.UTF_8)));
    }
}
