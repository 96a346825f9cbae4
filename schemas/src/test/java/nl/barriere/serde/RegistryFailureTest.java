package nl.barriere.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import nl.barriere.schema.testing.Sighting;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

/** A registry that is down, slow or unhappy must surface as a clear error, never as a null or a dropped record. */
class RegistryFailureTest {

    private static final String TOPIC = "sightings";
    private static final byte[] FRAME_WITH_ID_42 = Sightings.frame(42, HexFormat.of().parseHex("064a616e"));

    private static AvroSerde<Sighting> serdeAgainst(final String url) {
        final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class);
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url), false);
        return serde;
    }

    @Test
    void serializingAgainstAClosedPortNamesTheRegistry() {
        // Given a registry URL on which nothing listens
        final String url = "http://127.0.0.1:" + Sightings.closedPort();

        // Then serializing fails, naming the registry, the topic and the subject, with the client's error as cause
        assertThatThrownBy(() -> serdeAgainst(url).serializer().serialize(TOPIC, Sightings.jan()))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema registry at " + url + " is unreachable")
                .hasMessageContaining("topic sightings")
                .hasMessageContaining("subject sightings-value")
                .cause().isInstanceOf(RegistryException.class)
                .satisfies(e -> assertThat(((RegistryException) e).status()).isEqualTo(RegistryException.NO_RESPONSE));
    }

    @Test
    void deserializingAgainstAClosedPortNamesTheRegistryTopicAndSchemaId() {
        final String url = "http://127.0.0.1:" + Sightings.closedPort();

        assertThatThrownBy(() -> serdeAgainst(url).deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                .isInstanceOf(SerializationException.class)
                .hasMessageContaining("schema registry at " + url + " is unreachable")
                .hasMessageContaining("topic sightings")
                .hasMessageContaining("id 42")
                .hasCauseInstanceOf(RegistryException.class);
    }

    @Test
    void secondUrlIsUsedWhenTheFirstIsUnreachable() throws Exception {
        // Given two registry URLs, the first of them down
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("POST", "/subjects/sightings-value/versions", 200, "{\"id\":42}");
            final String urls = "http://127.0.0.1:" + Sightings.closedPort() + ", " + registry.url();

            // Then the record is still written, with the second registry's id
            final byte[] bytes = serdeAgainst(urls).serializer().serialize(TOPIC, Sightings.jan());
            assertThat(HexFormat.of().formatHex(bytes, 0, 5)).isEqualTo("000000002a");
        }
    }

    @Test
    void unknownSchemaIdCarriesTheRegistrysErrorCode() throws Exception {
        // Given a registry that does not know id 42 (Confluent and Apicurio answer 404 / 40403)
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("GET", "/schemas/ids/42", 404, "{\"error_code\":40403,\"message\":\"Schema 42 not found.\"}");

            assertThatThrownBy(() -> serdeAgainst(registry.url()).deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("topic sightings")
                    .hasMessageContaining("id 42")
                    .hasMessageContaining("HTTP 404")
                    .hasMessageContaining("40403")
                    .hasMessageContaining("Schema 42 not found.")
                    .cause().isInstanceOfSatisfying(RegistryException.class, e -> {
                        assertThat(e.status()).isEqualTo(404);
                        assertThat(e.errorCode()).isEqualTo(40403);
                        assertThat(e.url()).isEqualTo(registry.url() + "/schemas/ids/42");
                    });
        }
    }

    @Test
    void serverErrorIsReportedWithItsStatus() throws Exception {
        // Given a registry whose backing store is down
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("POST", "/subjects/sightings-value/versions", 500,
                    "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

            assertThatThrownBy(() -> serdeAgainst(registry.url()).serializer().serialize(TOPIC, Sightings.jan()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("schema registry at " + registry.url())
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("50001")
                    .hasMessageContaining("Error in the backend data store");
        }
    }

    @Test
    void plainTextErrorBodyIsKeptAsTheMessage() throws Exception {
        // Given a proxy in front of the registry that answers 502 in plain text
        try (StubRegistry registry = new StubRegistry()) {
            registry.answerText("GET", "/schemas/ids/42", 502, "Bad Gateway");

            assertThatThrownBy(() -> serdeAgainst(registry.url()).deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("HTTP 502")
                    .hasMessageContaining("Bad Gateway");
        }
    }

    @Test
    void slowRegistryTimesOutWithTheConfiguredLimit() throws Exception {
        // Given a registry that takes two seconds and a request timeout of 200 ms
        try (StubRegistry registry = new StubRegistry()) {
            registry.answerAfter(Duration.ofSeconds(2), "GET", "/schemas/ids/42", Sightings.schemaAnswer(Sightings.V1));
            final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class);
            serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, registry.url(),
                    SerdeConfig.REGISTRY_REQUEST_TIMEOUT_MS, "200"), false);

            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("did not answer GET /schemas/ids/42 within 200 ms");
        }
    }

    @Test
    void withoutAutoRegisterAnUnregisteredSchemaFailsWithAHint() throws Exception {
        // Given a registry where the subject has no such schema, and a serde that may not register
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("POST", "/subjects/sightings-value", 404,
                    "{\"error_code\":40403,\"message\":\"The given schema does not match any schema under the subject\"}");
            final AvroSerde<Sighting> serde =
                    new AvroSerde<>(Sighting.class, new SchemaRegistryClient(registry.url()), false);

            assertThatThrownBy(() -> serde.serializer().serialize(TOPIC, Sightings.jan()))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("look up schema nl.barriere.schema.testing.Sighting")
                    .hasMessageContaining("subject sightings-value")
                    .hasMessageContaining("40403")
                    .hasMessageContaining("auto.register.schemas is false");
            assertThat(registry.requests()).extracting(StubRegistry.Request::method, StubRegistry.Request::path)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("POST", "/subjects/sightings-value"));
        }
    }

    @Test
    void missingRegistryUrlIsAConfigError() {
        assertThatThrownBy(() -> new AvroSerde<>(Sighting.class).configure(Map.of(), false))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining(SerdeConfig.SCHEMA_REGISTRY_URL);
    }
}
