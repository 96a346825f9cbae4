package nl.barriere.serde;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Base64;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The shape of the requests, which is what makes one client work against every compatible registry. */
class SchemaRegistryClientTest {

    @Test
    void registerSendsOnlyTheSchemaStringInTheV1ContentType() throws Exception {
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("POST", "/subjects/sightings-value/versions", 200, "{\"id\":42}");

            final int id = new SchemaRegistryClient(registry.url()).register("sightings-value", Sightings.V1);

            assertThat(id).isEqualTo(42);
            final StubRegistry.Request request = registry.requests().get(0);
            assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(request.accept()).startsWith("application/vnd.schemaregistry.v1+json");
            // AVRO is every registry's default schemaType, and older registries reject the field
            final JsonNode body = new ObjectMapper().readTree(request.body());
            assertThat(body.fieldNames()).toIterable().containsExactly("schema");
            assertThat(body.get("schema").asText()).isEqualTo(Sightings.V1.toString());
            assertThat(request.authorization()).isNull();
        }
    }

    @Test
    void cachesRegistrationsAndSchemasById() throws Exception {
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("POST", "/subjects/sightings-value/versions", 200, "{\"id\":42}")
                    .answer("GET", "/schemas/ids/5", 200, Sightings.schemaAnswer(Sightings.V2));
            final SchemaRegistryClient client = new SchemaRegistryClient(registry.url());

            client.register("sightings-value", Sightings.V1);
            client.register("sightings-value", Sightings.V1);
            assertThat(client.idOf("sightings-value", Sightings.V1)).isEqualTo(42);
            assertThat(client.byId(42)).isEqualTo(Sightings.V1);
            assertThat(client.byId(5)).isEqualTo(Sightings.V2);
            assertThat(client.byId(5)).isEqualTo(Sightings.V2);

            assertThat(registry.requests()).extracting(r -> r.method() + " " + r.path())
                    .containsExactly("POST /subjects/sightings-value/versions", "GET /schemas/ids/5");
        }
    }

    @Test
    void sendsBasicAuthWhenConfigured() throws Exception {
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("GET", "/subjects", 200, "[\"a-value\",\"b-key\"]");
            final SchemaRegistryClient client = new SchemaRegistryClient(registry.url(), "barriere:geheim",
                    Duration.ofSeconds(1), Duration.ofSeconds(1));

            assertThat(client.subjects()).containsExactly("a-value", "b-key");
            assertThat(registry.requests().get(0).authorization()).isEqualTo(
                    "Basic " + Base64.getEncoder().encodeToString("barriere:geheim".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void latestReadsSubjectIdVersionAndSchema() throws Exception {
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("GET", "/subjects/sightings-value/versions/latest", 200,
                    "{\"subject\":\"sightings-value\",\"version\":3,\"id\":17,\"schema\":"
                            + new ObjectMapper().writeValueAsString(Sightings.V2.toString()) + "}");

            assertThat(new SchemaRegistryClient(registry.url()).latest("sightings-value"))
                    .isEqualTo(new RegisteredSchema("sightings-value", 17, 3, Sightings.V2));
        }
    }

    @Test
    void subjectIsEscapedAsOnePathSegment() throws Exception {
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("POST", "/subjects/odd%2Fname%20x-value/versions", 200, "{\"id\":1}");

            assertThat(new SchemaRegistryClient(registry.url() + "/").register("odd/name x-value", Sightings.V1))
                    .isEqualTo(1);
        }
    }

    @Test
    void setCompatibilityPutsTheRuleOnTheSubjectsConfig() throws Exception {
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("PUT", "/config/kvk.business-events-value", 200, "{\"compatibility\":\"BACKWARD\"}");

            final String answer = new SchemaRegistryClient(registry.url()).setCompatibility("kvk.business-events-value", "BACKWARD");

            assertThat(answer).isEqualTo("BACKWARD");
            final StubRegistry.Request request = registry.requests().get(0);
            assertThat(request.method()).isEqualTo("PUT");
            assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
            assertThat(new ObjectMapper().readTree(request.body()))
                    .isEqualTo(new ObjectMapper().readTree("{\"compatibility\":\"BACKWARD\"}"));
        }
    }
}
