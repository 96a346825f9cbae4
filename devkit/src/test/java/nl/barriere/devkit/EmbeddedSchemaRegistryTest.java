package nl.barriere.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Talks to the registry over HTTP only, as a client in another process or language would. */
class EmbeddedSchemaRegistryTest {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final String VESTIGING_V1 = "{\"type\":\"record\",\"name\":\"Vestiging\","
        + "\"namespace\":\"nl.barriere.test\",\"fields\":[{\"name\":\"kvk\",\"type\":\"string\"}]}";
    private static final String VESTIGING_V1_REFORMATTED = """
        {
          "namespace": "nl.barriere.test",
          "type": "record",
          "fields": [ { "type": "string", "name": "kvk" } ],
          "name": "Vestiging"
        }""";
    private static final String VESTIGING_WITH_DEFAULTED_FIELD = "{\"type\":\"record\",\"name\":\"Vestiging\","
        + "\"namespace\":\"nl.barriere.test\",\"fields\":[{\"name\":\"kvk\",\"type\":\"string\"},"
        + "{\"name\":\"plaats\",\"type\":\"string\",\"default\":\"Leiden\"}]}";
    private static final String VESTIGING_WITH_REQUIRED_FIELD = "{\"type\":\"record\",\"name\":\"Vestiging\","
        + "\"namespace\":\"nl.barriere.test\",\"fields\":[{\"name\":\"kvk\",\"type\":\"string\"},"
        + "{\"name\":\"sbi\",\"type\":\"string\"}]}";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private EmbeddedSchemaRegistry registry;

    @BeforeEach
    void startRegistry() {
        registry = EmbeddedSchemaRegistry.start(0);
    }

    @AfterEach
    void stopRegistry() {
        registry.close();
    }

    @Test
    void registeringANewSchemaReturnsTheFirstGlobalId() throws Exception {
        // When a schema is registered under a fresh subject
        final Answer answer = register("vestiging-value", VESTIGING_V1);

        // Then the answer is id 1, in the registry's media type
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(answer.body()).isEqualTo(json("{\"id\":1}"));
    }

    @Test
    void registeringTheSameSchemaAgainKeepsItsIdAndAddsNoVersion() throws Exception {
        // Given a registered schema
        register("vestiging-value", VESTIGING_V1);

        // When the same schema, laid out differently, is registered again under the same subject
        final Answer answer = register("vestiging-value", VESTIGING_V1_REFORMATTED);

        // Then it keeps id 1 and the subject still has one version
        assertThat(answer.body()).isEqualTo(json("{\"id\":1}"));
        assertThat(get("/subjects/vestiging-value/versions").body()).isEqualTo(json("[1]"));
    }

    @Test
    void theSameSchemaUnderAnotherSubjectSharesTheGlobalId() throws Exception {
        // Given a schema registered under one subject
        register("vestiging-value", VESTIGING_V1);

        // When it is registered under a second subject
        final Answer answer = register("vestiging-historie-value", VESTIGING_V1);

        // Then the id is shared and the second subject has its own version 1
        assertThat(answer.body()).isEqualTo(json("{\"id\":1}"));
        assertThat(get("/subjects/vestiging-historie-value/versions/1").body()).isEqualTo(
            versionJson("vestiging-historie-value", 1, 1, VESTIGING_V1));
    }

    @Test
    void schemaByIdParsesToTheRegisteredSchema() throws Exception {
        // Given a schema registered in a different layout
        register("vestiging-value", VESTIGING_V1_REFORMATTED);

        // When it is fetched by id
        final Answer answer = get("/schemas/ids/1");

        // Then the returned schema is the same Avro schema
        assertThat(answer.status()).isEqualTo(200);
        final String schema = answer.body().get("schema").textValue();
        assertThat(new Schema.Parser().parse(schema)).isEqualTo(new Schema.Parser().parse(VESTIGING_V1_REFORMATTED));
        assertThat(schema).isEqualTo(VESTIGING_V1);
    }

    @Test
    void subjectsAreListedSorted() throws Exception {
        // Given schemas under three subjects, registered out of order
        register("vestiging-value", VESTIGING_V1);
        register("adres-key", "\"string\"");
        register("pand-value", VESTIGING_WITH_DEFAULTED_FIELD);

        // When the subjects are listed
        final Answer answer = get("/subjects");

        // Then they come back sorted
        assertThat(answer.body()).isEqualTo(json("[\"adres-key\",\"pand-value\",\"vestiging-value\"]"));
    }

    @Test
    void aCompatibleChangeBecomesVersionTwoAndTheLatest() throws Exception {
        // Given version 1
        register("vestiging-value", VESTIGING_V1);

        // When a field with a default is added
        final Answer answer = register("vestiging-value", VESTIGING_WITH_DEFAULTED_FIELD);

        // Then it gets a new id as version 2, which is now the latest
        assertThat(answer.body()).isEqualTo(json("{\"id\":2}"));
        assertThat(get("/subjects/vestiging-value/versions").body()).isEqualTo(json("[1,2]"));
        assertThat(get("/subjects/vestiging-value/versions/latest").body())
            .isEqualTo(versionJson("vestiging-value", 2, 2, VESTIGING_WITH_DEFAULTED_FIELD));
        assertThat(get("/subjects/vestiging-value/versions/1").body())
            .isEqualTo(versionJson("vestiging-value", 1, 1, VESTIGING_V1));
    }

    @Test
    void anIncompatibleChangeIsRefusedWithTheReason() throws Exception {
        // Given version 1
        register("vestiging-value", VESTIGING_V1);

        // When a required field without default is added, which cannot read version 1 data
        final Answer answer = register("vestiging-value", VESTIGING_WITH_REQUIRED_FIELD);

        // Then it is refused with 409, naming the field, and nothing was registered
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.body()).isEqualTo(errorJson(409,
            "Schema being registered is incompatible with an earlier schema for subject 'vestiging-value' "
                + "(version 1, compatibility BACKWARD): READER_FIELD_MISSING_DEFAULT_VALUE at /fields/1 (sbi)"));
        assertThat(get("/subjects/vestiging-value/versions").body()).isEqualTo(json("[1]"));
        assertThat(get("/schemas/ids/2").status()).isEqualTo(404);
    }

    @Test
    void aSubjectsOwnRuleIsStoredAndApplied() throws Exception {
        // Given a subject without a rule of its own
        assertThat(get("/config/vestiging-value").body().get("error_code").asInt()).isEqualTo(40408);

        // When its rule is set to FULL (twice: the same answer) and then NONE
        assertThat(put("/config/vestiging-value", "{\"compatibility\":\"FULL\"}").body())
            .isEqualTo(json("{\"compatibility\":\"FULL\"}"));
        assertThat(put("/config/vestiging-value", "{\"compatibility\":\"FULL\"}").body())
            .isEqualTo(json("{\"compatibility\":\"FULL\"}"));
        assertThat(get("/config/vestiging-value").body()).isEqualTo(json("{\"compatibilityLevel\":\"FULL\"}"));
        register("vestiging-value", VESTIGING_V1);
        final Answer underFull = register("vestiging-value", VESTIGING_WITH_REQUIRED_FIELD);
        put("/config/vestiging-value", "{\"compatibility\":\"NONE\"}");
        final Answer underNone = register("vestiging-value", VESTIGING_WITH_REQUIRED_FIELD);

        // Then FULL refused the change and named itself; NONE let it through; an unknown rule is unprocessable
        assertThat(underFull.status()).isEqualTo(409);
        assertThat(underFull.body().get("message").asText()).contains("compatibility FULL");
        assertThat(underNone.body()).isEqualTo(json("{\"id\":2}"));
        assertThat(put("/config/vestiging-value", "{\"compatibility\":\"SIDEWAYS\"}").status()).isEqualTo(422);
    }

    @Test
    void lookupFindsTheVersionOfARegisteredSchema() throws Exception {
        // Given two versions
        register("vestiging-value", VESTIGING_V1);
        register("vestiging-value", VESTIGING_WITH_DEFAULTED_FIELD);

        // When version 1 is looked up in another layout
        final Answer answer = post("/subjects/vestiging-value", schemaRequest(VESTIGING_V1_REFORMATTED), CONTENT_TYPE);

        // Then the registry names its subject, id and version
        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).isEqualTo(versionJson("vestiging-value", 1, 1, VESTIGING_V1));
    }

    @Test
    void lookupOfAnUnknownSchemaOrSubjectIsNotFound() throws Exception {
        // Given one registered version
        register("vestiging-value", VESTIGING_V1);

        // When an unregistered schema and an unknown subject are looked up
        final Answer unknownSchema = post("/subjects/vestiging-value",
            schemaRequest(VESTIGING_WITH_DEFAULTED_FIELD), CONTENT_TYPE);
        final Answer unknownSubject = post("/subjects/pand-value", schemaRequest(VESTIGING_V1), CONTENT_TYPE);

        // Then each is a 404 with its own error code
        assertThat(unknownSchema.status()).isEqualTo(404);
        assertThat(unknownSchema.body())
            .isEqualTo(errorJson(40403, "Schema not found under subject 'vestiging-value'."));
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.body()).isEqualTo(errorJson(40401, "Subject 'pand-value' not found."));
    }

    @Test
    void anInvalidSchemaIsUnprocessable() throws Exception {
        // When text that is not an Avro schema, and a record without fields, are registered
        final Answer notJson = register("vestiging-value", "{\"type\":\"record\",");
        final Answer noFields = register("vestiging-value", "{\"type\":\"record\",\"name\":\"Vestiging\"}");

        // Then both are 422 with error code 42201 and register nothing
        assertThat(notJson.status()).isEqualTo(422);
        assertThat(notJson.body().get("error_code").intValue()).isEqualTo(42201);
        assertThat(notJson.body().get("message").textValue()).startsWith("Invalid schema: ");
        assertThat(noFields.status()).isEqualTo(422);
        assertThat(noFields.body()).isEqualTo(errorJson(42201, "Invalid schema: Record has no fields: "
            + "{\"type\":\"record\",\"name\":\"Vestiging\"}"));
        assertThat(get("/subjects").body()).isEqualTo(json("[]"));
    }

    @Test
    void otherSchemaTypesAreUnprocessable() throws Exception {
        // When a Protobuf schema is offered
        final Answer answer = post("/subjects/vestiging-value/versions",
            "{\"schemaType\":\"PROTOBUF\",\"schema\":\"syntax = \\\"proto3\\\";\"}", CONTENT_TYPE);

        // Then it is refused as unprocessable
        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.body()).isEqualTo(errorJson(42201,
            "Invalid schema: schema type PROTOBUF is not supported; this registry serves AVRO only"));
    }

    @Test
    void unknownIdsSubjectsAndVersionsAreNotFound() throws Exception {
        // Given one registered version
        register("vestiging-value", VESTIGING_V1);

        // When unknown things are asked for
        final Answer unknownId = get("/schemas/ids/42");
        final Answer unknownSubject = get("/subjects/pand-value/versions");
        final Answer unknownSubjectVersion = get("/subjects/pand-value/versions/latest");
        final Answer unknownVersion = get("/subjects/vestiging-value/versions/2");
        final Answer invalidVersion = get("/subjects/vestiging-value/versions/0");

        // Then each answer carries the matching Confluent error code
        assertThat(unknownId.status()).isEqualTo(404);
        assertThat(unknownId.body()).isEqualTo(errorJson(40403, "Schema 42 not found."));
        assertThat(unknownSubject.status()).isEqualTo(404);
        assertThat(unknownSubject.body()).isEqualTo(errorJson(40401, "Subject 'pand-value' not found."));
        assertThat(unknownSubjectVersion.body()).isEqualTo(errorJson(40401, "Subject 'pand-value' not found."));
        assertThat(unknownVersion.status()).isEqualTo(404);
        assertThat(unknownVersion.body())
            .isEqualTo(errorJson(40402, "Version 2 not found for subject 'vestiging-value'."));
        assertThat(invalidVersion.status()).isEqualTo(422);
        assertThat(invalidVersion.body().get("error_code").intValue()).isEqualTo(42202);
    }

    @Test
    void subjectsInPathsAreUrlDecoded() throws Exception {
        // When a subject with characters that need encoding is registered
        final Answer answer = post("/subjects/nl.barriere%2Fvestiging%20v1/versions",
            schemaRequest(VESTIGING_V1), CONTENT_TYPE);

        // Then the registry stores the decoded name
        assertThat(answer.status()).isEqualTo(200);
        assertThat(get("/subjects").body()).isEqualTo(json("[\"nl.barriere/vestiging v1\"]"));
    }

    @Test
    void plainJsonRequestsAreAcceptedAndOtherMediaTypesRefused() throws Exception {
        // When the same registration is sent as application/json and as text/plain
        final Answer asJson = post("/subjects/vestiging-value/versions",
            schemaRequest(VESTIGING_V1), "application/json; charset=utf-8");
        final Answer asText = post("/subjects/vestiging-value/versions", schemaRequest(VESTIGING_V1), "text/plain");

        // Then JSON is accepted and plain text refused
        assertThat(asJson.body()).isEqualTo(json("{\"id\":1}"));
        assertThat(asText.status()).isEqualTo(415);
        assertThat(asText.body().get("error_code").intValue()).isEqualTo(415);
    }

    @Test
    void rootConfigAndUnknownRoutesAnswerInJson() throws Exception {
        // When the root, the global config and an unknown route are requested
        final Answer root = get("/");
        final Answer config = get("/config");
        final Answer unknown = get("/mode/nothing-here");

        // Then root and config answer as Confluent's do, and the unknown route is a JSON 404
        assertThat(root.body()).isEqualTo(json("{}"));
        assertThat(config.body()).isEqualTo(json("{\"compatibilityLevel\":\"BACKWARD\"}"));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.contentType()).isEqualTo(CONTENT_TYPE);
        assertThat(unknown.body()).isEqualTo(errorJson(404, "HTTP 404 Not Found"));
    }

    @Test
    void theUrlNamesTheChosenPortOnLocalhost() throws Exception {
        // Given a free port, taken by a registry and released again
        final int port;
        try (EmbeddedSchemaRegistry probe = EmbeddedSchemaRegistry.start(0)) {
            port = URI.create(probe.url()).getPort();
        }

        // When a registry starts on that fixed port
        try (EmbeddedSchemaRegistry fixed = EmbeddedSchemaRegistry.start(port)) {

            // Then its URL names it and it answers there
            assertThat(fixed.url()).isEqualTo("http://localhost:" + port);
            final HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create(fixed.url() + "/subjects")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
            assertThat(response.body()).isEqualTo("[]");
        }
    }

    private record Answer(int status, String contentType, JsonNode body) {
    }

    private Answer register(final String subject, final String schema) throws Exception {
        return post("/subjects/" + subject + "/versions", schemaRequest(schema), CONTENT_TYPE);
    }

    private String schemaRequest(final String schema) throws IOException {
        return json.writeValueAsString(json.createObjectNode().put("schema", schema));
    }

    private Answer get(final String path) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path)).GET().build());
    }

    private Answer post(final String path, final String body, final String contentType) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build());
    }

    private Answer put(final String path, final String body) throws Exception {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path))
            .header("Content-Type", CONTENT_TYPE)
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build());
    }

    private Answer send(final HttpRequest request) throws Exception {
        final HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(),
            response.headers().firstValue("Content-Type").orElse(null), json.readTree(response.body()));
    }

    private JsonNode json(final String text) throws IOException {
        return json.readTree(text);
    }

    private JsonNode versionJson(final String subject, final int id, final int version, final String schema) {
        return json.createObjectNode()
            .put("subject", subject).put("id", id).put("version", version).put("schema", schema);
    }

    private JsonNode errorJson(final int errorCode, final String message) {
        return json.createObjectNode().put("error_code", errorCode).put("message", message);
    }
}
