package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.serde.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The inputs are written by producers outside Barrière: {@code create-topics} puts the contract in the registry,
 * and {@code schemas} gives them its text, self-contained.
 */
class SchemasCommandTest {

    private static final Pattern SCHEMA_ID = Pattern.compile("(\\S+-value)\\s+schema id (\\d+)\\s+compatibility=(\\S+)");

    private static EmbeddedPlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = EmbeddedPlatform.start("schemas-command");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void createTopicsRegistersEverySubjectWithItsCompatibilityAndCanRunTwice() throws Exception {
        // Given the topics exist (the platform made them) and nothing but create-topics touches the subjects' rules

        // When create-topics runs twice
        final String first = run("create-topics", "--bootstrap", bootstrap(), "--registry", registryUrl());
        final String second = run("create-topics", "--bootstrap", bootstrap(), "--registry", registryUrl());

        // Then every topic's value subject is registered, with the same ids the second time
        final List<String> subjects = Topics.ALL.stream().map(Topic::valueSubject).toList();
        assertThat(registry().subjects()).containsExactlyInAnyOrderElementsOf(subjects);
        assertThat(ids(second)).isEqualTo(ids(first)).containsOnlyKeys(subjects);
        assertThat(first).contains("kvk.business-events-value", "compatibility=BACKWARD");

        // And the registry holds each topic's schema as its latest version, under the rule BACKWARD
        for (final Topic<?, ?> topic : Topics.ALL) {
            assertThat(registry().latest(topic.valueSubject()).schema()).isEqualTo(topic.valueSchema());
            assertThat(registry().latest(topic.valueSubject()).version()).isEqualTo(1);
            assertThat(subjectConfig(topic.valueSubject())).isEqualTo("BACKWARD");
        }
    }

    @Test
    void anOutsideProducerWithOnlyThePrintedSchemaWritesWhatDetectionReads() throws Exception {
        // Given only the text `barriere schemas --topic kvk.business-events` prints
        final String text = run("schemas", "--topic", Topics.KVK_BUSINESS_EVENTS.name());
        final Schema schema = new Schema.Parser().parse(text);

        // When an outside producer builds a generic record with it and writes it in the Confluent wire format,
        // registering the printed schema under the topic's subject as Confluent's serializer would
        final GenericRecord source = new GenericRecordBuilder(schema.getField("source").schema())
                .set("system", "kvk-mutatieservice").set("reference", "M-1").build();
        final GenericRecord event = new GenericRecordBuilder(schema)
                .set("eventId", "kvk-000000001")
                .set("occurredAt", Instant.parse("2024-03-01T09:30:00Z").toEpochMilli())
                .set("source", source)
                .set("type", new GenericData.EnumSymbol(schema.getField("type").schema(), "REGISTERED"))
                .set("kvkNumber", "12345678")
                .set("sbiCodes", List.of("5630"))
                .set("startDate", "20240300")
                .build();
        final int id = registry().register(Topics.KVK_BUSINESS_EVENTS.valueSubject(), schema);
        final byte[] bytes = wireFormat(id, schema, event);

        // Then detection's deserializer reads it as the contract's BusinessEvent
        final BusinessEvent read = Topics.KVK_BUSINESS_EVENTS.valueSerde(platform.config().serdeConfig()).deserializer()
                .deserialize(Topics.KVK_BUSINESS_EVENTS.name(), bytes);
        assertThat(read.getEventId()).isEqualTo("kvk-000000001");
        assertThat(read.getType()).isEqualTo(BusinessEventType.REGISTERED);
        assertThat(read.getOccurredAt()).isEqualTo(Instant.parse("2024-03-01T09:30:00Z"));
        assertThat(read.getSource().getSystem()).isEqualTo("kvk-mutatieservice");
        assertThat(read.getSbiCodes()).containsExactly("5630");
        assertThat(read.getAddress()).isNull();

        // And the printed text is the contract itself: the same schema, under the id Barrière registers
        assertThat(schema).isEqualTo(Topics.KVK_BUSINESS_EVENTS.valueSchema());
        assertThat(registry().register(Topics.KVK_BUSINESS_EVENTS.valueSubject(), BusinessEvent.getClassSchema()))
                .isEqualTo(id);
    }

    @Test
    void schemasOutWritesOneParseableFilePerSubject(@TempDir final Path dir) throws Exception {
        // When
        final String printed = run("schemas", "--out", dir.toString());

        // Then one <subject>.avsc per topic, each parsing on its own (no other file needed) to the topic's schema
        for (final Topic<?, ?> topic : Topics.ALL) {
            final Path file = dir.resolve(topic.valueSubject() + ".avsc");
            assertThat(printed).contains(file.toString());
            assertThat(new Schema.Parser().parse(Files.readString(file))).isEqualTo(topic.valueSchema());
        }
        try (var files = Files.list(dir)) {
            assertThat(files).hasSize(Topics.ALL.size());
        }
    }

    @Test
    void schemasPrintsEverySubjectWithItsSchema() {
        final String printed = run("schemas");
        for (final Topic<?, ?> topic : Topics.ALL) {
            assertThat(printed).contains("# " + topic.valueSubject() + " (topic " + topic.name());
        }
        // the shared types are written out, not referred to
        assertThat(printed).contains("\"name\" : \"Source\"");
    }

    private static String run(final String... args) {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine commandLine = Barriere.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        final int exitCode = commandLine.execute(args);
        assertThat(exitCode).as("exit code of %s; stderr: %s", List.of(args), err).isZero();
        return out.toString();
    }

    private static Map<String, Integer> ids(final String createTopicsOutput) {
        final Map<String, Integer> ids = new TreeMap<>();
        final Matcher matcher = SCHEMA_ID.matcher(createTopicsOutput);
        while (matcher.find()) {
            ids.put(matcher.group(1), Integer.parseInt(matcher.group(2)));
        }
        return ids;
    }

    private static byte[] wireFormat(final int id, final Schema schema, final GenericRecord record) throws Exception {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(id).array());
        final BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(schema).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static String subjectConfig(final String subject) throws Exception {
        final HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(registryUrl() + "/config/" + subject)).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).get("compatibilityLevel").asText();
    }

    private static SchemaRegistryClient registry() {
        return new SchemaRegistryClient(registryUrl());
    }

    private static String registryUrl() {
        return platform.config().registryUrl();
    }

    private static String bootstrap() {
        return platform.config().bootstrapServers();
    }
}
