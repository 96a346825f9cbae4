package nl.barriere.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import nl.barriere.schema.testing.Sighting;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The serde and client against a real Apicurio Registry 3 through its Confluent-compatible API,
 * the registry of the production setup. Reads go through a fresh client wherever a cache could
 * otherwise answer in the registry's place.
 */
class ApicurioCompatibilityTest {

    private static final AtomicInteger TOPICS = new AtomicInteger();
    private static ApicurioRegistry apicurio;
    private static String url;

    @BeforeAll
    static void startApicurio() throws Exception {
        apicurio = ApicurioRegistry.start();
        url = apicurio.ccompatUrl();
        System.out.println("Apicurio Registry answered after " + apicurio.startup().toMillis() + " ms at " + url);
    }

    @AfterAll
    static void stopApicurio() {
        if (apicurio != null) {
            apicurio.close();
        }
    }

    /** Each test gets its own topic, so tests cannot see each other's versions. */
    private static String freshTopic() {
        return "sightings-" + TOPICS.incrementAndGet();
    }

    private static AvroSerde<Sighting> configuredSerde() {
        final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class);
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url), false);
        return serde;
    }

    private static int idInFrame(final byte[] frame) {
        return ByteBuffer.wrap(frame, 1, 4).getInt();
    }

    @Test
    void registrationIsIdempotentAndEveryLookupAgrees() {
        // Given a subject that does not exist yet
        final String subject = freshTopic() + "-value";

        // When the schema is registered twice
        final int id = new SchemaRegistryClient(url).register(subject, Sightings.V1);
        final int again = new SchemaRegistryClient(url).register(subject, Sightings.V1);

        // Then both registrations give the same id, and lookup by schema and by id agree with it
        final SchemaRegistryClient reader = new SchemaRegistryClient(url);
        assertThat(again).isEqualTo(id);
        assertThat(reader.idOf(subject, Sightings.V1)).isEqualTo(id);
        assertThat(reader.byId(id)).isEqualTo(Sightings.V1);
    }

    @Test
    void recordsSurviveTheRoundTripThroughTheRegistry() {
        // Given a producer serde and a consumer serde that share nothing but the registry
        final String topic = freshTopic();
        final AvroSerde<Sighting> producer = configuredSerde();
        final AvroSerde<Sighting> consumer = configuredSerde();

        // When the known record is written and read back
        final byte[] bytes = producer.serializer().serialize(topic, Sightings.jan());
        final Sighting read = consumer.deserializer().deserialize(topic, bytes);

        // Then it is the same record, framed with the id Apicurio holds for it under <topic>-value
        assertThat(read).isEqualTo(Sightings.jan());
        assertThat(bytes[0]).isZero();
        assertThat(idInFrame(bytes)).isEqualTo(new SchemaRegistryClient(url).idOf(topic + "-value", Sightings.V1));
    }

    @Test
    void latestAndSubjectsReflectTheRegisteredVersions() {
        // Given v1 and then v2 registered under one subject
        final String subject = freshTopic() + "-value";
        final SchemaRegistryClient client = new SchemaRegistryClient(url);
        client.register(subject, Sightings.V1);
        final int v2Id = client.register(subject, Sightings.V2);

        // Then the latest version is v2 with its id, and the subject is listed
        final SchemaRegistryClient reader = new SchemaRegistryClient(url);
        assertThat(reader.latest(subject)).isEqualTo(new RegisteredSchema(subject, v2Id, 2, Sightings.V2));
        assertThat(reader.subjects()).contains(subject);
    }

    @Test
    void newerWriterIsReadByTheOlderGeneratedClass() throws Exception {
        // Given a producer that already writes v2 (with confidence 80) to the topic
        final String topic = freshTopic();
        final int v2Id = new SchemaRegistryClient(url).register(topic + "-value", Sightings.V2);
        final GenericRecord newer = new GenericData.Record(Sightings.V2);
        newer.put("name", "Jan");
        newer.put("observedAt", 1000L);
        newer.put("kind", new GenericData.EnumSymbol(Sightings.V2.getField("kind").schema(), "KADASTER"));
        newer.put("note", "x");
        newer.put("tags", List.of("a", "b"));
        newer.put("counts", Map.of("k", -1));
        newer.put("confidence", 80);
        final byte[] frame = Sightings.frame(v2Id, encode(newer));

        // When a consumer compiled against v1 reads it
        final Sighting read = configuredSerde().deserializer().deserialize(topic, frame);

        // Then it sees every v1 field, and the v2 field is skipped
        assertThat(read).isEqualTo(Sightings.jan());
    }

    @Test
    void olderWriterIsReadByANewerSchemaWithTheDefault() throws Exception {
        // Given a record written by the v1 serde
        final String topic = freshTopic();
        final byte[] frame = configuredSerde().serializer().serialize(topic, Sightings.jan());

        // When a v2 reader resolves it against the writer schema Apicurio returns for the frame's id
        final org.apache.avro.Schema writer = new SchemaRegistryClient(url).byId(idInFrame(frame));
        final GenericRecord read = new GenericDatumReader<GenericRecord>(writer, Sightings.V2).read(null,
                DecoderFactory.get().binaryDecoder(Arrays.copyOfRange(frame, 5, frame.length), null));

        // Then the added field carries its default and the rest is intact
        assertThat(read.get("confidence")).isEqualTo(100);
        assertThat(read.get("name")).hasToString("Jan");
        assertThat(read.get("observedAt")).isEqualTo(Instant.ofEpochMilli(1000).toEpochMilli());
    }

    @Test
    void withoutAutoRegisterAnUnknownSubjectFailsClearly() {
        // Given a serde that may not register, and a topic nobody has registered a schema for
        final String topic = freshTopic();
        final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class, new SchemaRegistryClient(url), false);

        // Then writing fails with Apicurio's "subject not found" (40401), naming the registry
        assertThatThrownBy(() -> serde.serializer().serialize(topic, Sightings.jan()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema registry at " + url)
                .hasMessageContaining("subject " + topic + "-value")
                .hasMessageContaining("error_code 40401")
                .hasMessageContaining("auto.register.schemas is false");
    }

    @Test
    void withoutAutoRegisterAPreRegisteredSchemaIsFound() {
        // Given v1 registered ahead of time, as a deployment pipeline would
        final String topic = freshTopic();
        final int id = new SchemaRegistryClient(url).register(topic + "-value", Sightings.V1);

        // When a serde that may not register writes
        final byte[] bytes = new AvroSerde<>(Sighting.class, new SchemaRegistryClient(url), false)
                .serializer().serialize(topic, Sightings.jan());

        // Then it uses the pre-registered id
        assertThat(idInFrame(bytes)).isEqualTo(id);
    }

    @Test
    void aSubjectsCompatibilityRuleCanBeSetBeforeAndAfterItHasVersions() {
        // Given a subject that does not exist yet
        final String subject = freshTopic() + "-value";
        final SchemaRegistryClient client = new SchemaRegistryClient(url);

        // When its rule is set before the first version, again after it, and the same version is registered again
        final String before = client.setCompatibility(subject, "BACKWARD");
        final int id = client.register(subject, Sightings.V1);
        final String after = client.setCompatibility(subject, "BACKWARD");

        // Then Apicurio's ccompat API answers the rule both times, as create-topics expects on every run
        assertThat(before).isEqualTo("BACKWARD");
        assertThat(after).isEqualTo("BACKWARD");
        assertThat(client.register(subject, Sightings.V1)).isEqualTo(id);
    }

    @Test
    void propertyTransferWithoutTheMortgageAndWozFieldsIsAcceptedOverTheOldOneUnderBackward() throws Exception {
        // Given kadaster.property-transfers' subject under the deployment's rule, holding the schema as first
        // published (with mortgageRegistered and wozValue)
        final String subject = "kadaster.property-transfers-" + TOPICS.incrementAndGet() + "-value";
        final SchemaRegistryClient client = new SchemaRegistryClient(url);
        client.setCompatibility(subject, "BACKWARD");
        final org.apache.avro.Schema first = propertyTransferV1();
        final int firstId = client.register(subject, first);

        // When today's PropertyTransfer, which dropped both fields, is registered
        final int todayId = client.register(subject, nl.barriere.schema.PropertyTransfer.getClassSchema());

        // Then the registry accepts it as a new version: a reader of today's schema skips the removed fields
        assertThat(todayId).isNotEqualTo(firstId);
        assertThat(new SchemaRegistryClient(url).latest(subject).schema())
                .isEqualTo(nl.barriere.schema.PropertyTransfer.getClassSchema());
    }

    @Test
    void anIncompatiblePropertyTransferIsRefusedUnderBackward() throws Exception {
        // Given the subject under BACKWARD with the first PropertyTransfer
        final String subject = "kadaster.property-transfers-" + TOPICS.incrementAndGet() + "-value";
        final SchemaRegistryClient client = new SchemaRegistryClient(url);
        client.setCompatibility(subject, "BACKWARD");
        final org.apache.avro.Schema first = propertyTransferV1();
        client.register(subject, first);

        // When a version adds a required field without a default (its reader could not read the old records)
        final String json = first.toString().replace("\"fields\":[",
                "\"fields\":[{\"name\":\"notaryOffice\",\"type\":\"string\",\"doc\":\"x\"},");
        final org.apache.avro.Schema incompatible = new org.apache.avro.Schema.Parser().parse(json);

        // Then the registry refuses it
        assertThatThrownBy(() -> client.register(subject, incompatible)).isInstanceOf(RuntimeException.class)
                .hasMessageContaining("409");
    }

    private static org.apache.avro.Schema propertyTransferV1() throws Exception {
        try (var in = ApicurioCompatibilityTest.class.getResourceAsStream("/avro/PropertyTransfer-v1.avsc")) {
            return new org.apache.avro.Schema.Parser().parse(in);
        }
    }

    @Test
    void unknownSchemaIdFailsWithApicuriosErrorCode() {
        final String topic = freshTopic();
        final byte[] frame = Sightings.frame(987_654, new byte[] {6, 0x4a, 0x61, 0x6e});

        assertThatThrownBy(() -> configuredSerde().deserializer().deserialize(topic, frame))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("topic " + topic)
                .hasMessageContaining("id 987654")
                .hasMessageContaining("HTTP 404")
                .hasMessageContaining("error_code 40403");
    }

    private static byte[] encode(final GenericRecord record) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
