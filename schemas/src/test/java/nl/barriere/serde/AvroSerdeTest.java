package nl.barriere.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HexFormat;
import java.util.Map;
import nl.barriere.schema.testing.Sighting;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The wire format byte for byte, and what happens to bytes that do not follow it. */
class AvroSerdeTest {

    private static final String TOPIC = "sightings";

    /**
     * {@link Sightings#jan()} under schema id 42, worked out by hand from the Avro and Confluent
     * specifications (ints and longs are zig-zag varints, strings and blocks are length-prefixed):
     * <pre>
     * 00             magic byte
     * 00 00 00 2a    schema id 42, big-endian
     * 06 4a 61 6e    name: length 3 (zig-zag 6), "Jan"
     * d0 0f          observedAt: 1000 ms, zig-zag 2000 = 0b1111_1010000, low 7 bits 0x50 | 0x80, then 0x0f
     * 02             kind: KADASTER, enum index 1
     * 02 02 78       note: union branch 1 (string), length 1, "x"
     * 04 02 61 02 62 00     tags: block of 2, "a", "b", end of blocks
     * 02 02 6b 01 00        counts: block of 1, key "k", value -1 (zig-zag 1), end of blocks
     * </pre>
     */
    private static final String JAN_AS_ID_42 = "00" + "0000002a" + "064a616e" + "d00f" + "02" + "020278"
            + "0402610262" + "00" + "02026b01" + "00";

    private StubRegistry registry;

    @BeforeEach
    void startRegistry() throws Exception {
        registry = new StubRegistry()
                .answer("POST", "/subjects/sightings-value/versions", 200, "{\"id\":42}")
                .answer("GET", "/schemas/ids/42", 200, Sightings.schemaAnswer(Sightings.V1));
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    private AvroSerde<Sighting> configuredSerde() {
        final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class);
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), false);
        return serde;
    }

    @Test
    void serializesTheKnownRecordToTheHandWorkedBytes() {
        // Given a registry that assigns id 42 to the Sighting schema under sightings-value
        final AvroSerde<Sighting> serde = configuredSerde();

        // When the known record is serialized for topic "sightings"
        final byte[] bytes = serde.serializer().serialize(TOPIC, Sightings.jan());

        // Then the bytes are exactly the hand-worked vector
        assertThat(HexFormat.of().formatHex(bytes)).isEqualTo(JAN_AS_ID_42);
    }

    @Test
    void deserializesTheHandWorkedBytesToTheKnownRecord() {
        // Given a registry that knows schema id 42 as Sighting v1
        final AvroSerde<Sighting> serde = configuredSerde();

        // When the hand-worked bytes are deserialized
        final Sighting sighting = serde.deserializer().deserialize(TOPIC, HexFormat.of().parseHex(JAN_AS_ID_42));

        // Then the known record comes back, field for field
        assertThat(sighting).isEqualTo(Sightings.jan());
    }

    @Test
    void registersOnceAndNeedsNoFetchForItsOwnId() {
        // Given a configured serde
        final AvroSerde<Sighting> serde = configuredSerde();

        // When three records go out and come back
        for (int i = 0; i < 3; i++) {
            serde.deserializer().deserialize(TOPIC, serde.serializer().serialize(TOPIC, Sightings.jan()));
        }

        // Then the registry saw one registration; the id came with it, so no fetch by id was needed
        assertThat(registry.requests()).extracting(r -> r.method() + " " + r.path())
                .containsExactly("POST /subjects/sightings-value/versions");
    }

    @Test
    void keySerdeUsesTheKeySubject() {
        // Given a serde configured as a key serde and a registry that knows sightings-key
        registry.answer("POST", "/subjects/sightings-key/versions", 200, "{\"id\":7}");
        final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class);
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url()), true);

        // When a key is serialized
        final byte[] bytes = serde.serializer().serialize(TOPIC, Sightings.jan());

        // Then it is registered under <topic>-key and framed with that id
        assertThat(registry.requests()).extracting(StubRegistry.Request::path)
                .containsExactly("/subjects/sightings-key/versions");
        assertThat(HexFormat.of().formatHex(bytes, 0, 5)).isEqualTo("0000000007");
    }

    @Test
    void nullIsATombstoneBothWays() {
        final AvroSerde<Sighting> serde = configuredSerde();

        assertThat(serde.serializer().serialize(TOPIC, null)).isNull();
        assertThat(serde.deserializer().deserialize(TOPIC, null)).isNull();
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void wrongMagicByteIsRejectedByName() {
        // Given bytes that start with 0x7b, as a JSON record would
        final byte[] json = "{\"name\":\"Jan\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

        // Then the error says which topic and which byte, and nothing asks the registry
        assertThatThrownBy(() -> configuredSerde().deserializer().deserialize(TOPIC, json))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic sightings")
                .hasMessageContaining("0x7b")
                .hasMessageContaining("magic byte");
        assertThat(registry.requests()).isEmpty();
    }

    @Test
    void recordShorterThanTheHeaderIsRejected() {
        assertThatThrownBy(() -> configuredSerde().deserializer().deserialize(TOPIC, new byte[] {0, 0, 0}))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic sightings")
                .hasMessageContaining("3 bytes")
                .hasMessageContaining("5-byte Confluent header");
    }

    @Test
    void truncatedBodyNamesTopicSchemaIdAndCause() {
        // Given the known frame cut off in the middle of the tags array
        final byte[] whole = HexFormat.of().parseHex(JAN_AS_ID_42);
        final byte[] truncated = java.util.Arrays.copyOf(whole, whole.length - 6);

        assertThatThrownBy(() -> configuredSerde().deserializer().deserialize(TOPIC, truncated))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic sightings")
                .hasMessageContaining("schema id 42")
                .hasMessageContaining("EOFException")
                .hasCauseInstanceOf(java.io.EOFException.class);
    }

    @Test
    void trailingBytesMeanTheBodyDoesNotMatchItsSchema() {
        // Given the known frame with two extra bytes, as when a body is framed with the wrong id
        final byte[] padded = HexFormat.of().parseHex(JAN_AS_ID_42 + "0202");

        assertThatThrownBy(() -> configuredSerde().deserializer().deserialize(TOPIC, padded))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema id 42")
                .hasMessageContaining("left over");
    }

    @Test
    void impossibleEnumIndexIsASerializationErrorNotACrash() {
        // Given the known frame with the enum index set to 9 (zig-zag 0x12); Sighting has three symbols
        final byte[] bytes = HexFormat.of().parseHex(JAN_AS_ID_42.replace("d00f02", "d00f12"));

        assertThatThrownBy(() -> configuredSerde().deserializer().deserialize(TOPIC, bytes))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic sightings")
                .hasMessageContaining("schema id 42");
    }

    @Test
    void standaloneDeserializerFindsItsTypeInTheConfig() {
        // Given a deserializer made the way Kafka makes value.deserializer instances
        final AvroDeserializer<Sighting> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                SerdeConfig.SPECIFIC_AVRO_VALUE_TYPE, Sighting.class.getName()), false);

        assertThat(deserializer.deserialize(TOPIC, HexFormat.of().parseHex(JAN_AS_ID_42))).isEqualTo(Sightings.jan());
    }
}
