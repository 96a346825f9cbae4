package nl.barriere.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import nl.barriere.schema.testing.Sighting;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * A registry that is down, slow or unhappy must surface as a clear error, never as a null or a dropped record; and
 * one that gives no answer at all (no connection, a timeout, 5xx, 429) must not condemn the record: the serde
 * retries for a bounded time and then throws {@link RegistryUnavailableException}, which is not a
 * {@link SerializationException} (the dead-letter path) but a Kafka {@link RetriableException}. Only a definite
 * answer about the record's schema (404 / 40403) is a {@link SerializationException}.
 */
class RegistryFailureTest {

    private static final String TOPIC = "sightings";
    private static final byte[] FRAME_WITH_ID_42 = Sightings.frame(42, HexFormat.of().parseHex("064a616e"));
    /** Long enough for a few attempts (0.1 + 0.2 + 0.4 s of backoff), short enough for a unit test. */
    private static final String MAX_WAIT_MS = "700";

    @TempDir
    Path cacheRoot;

    @BeforeEach
    void forgetEarlierOutages() {
        RegistryOutages.clear();
    }

    private static AvroSerde<Sighting> serdeAgainst(final String url) {
        final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class);
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url,
                SerdeConfig.REGISTRY_UNAVAILABLE_MAX_WAIT_MS, MAX_WAIT_MS), false);
        return serde;
    }

    private AvroSerde<Sighting> cachingSerdeAgainst(final String url) {
        final AvroSerde<Sighting> serde = new AvroSerde<>(Sighting.class);
        serde.configure(Map.of(SerdeConfig.SCHEMA_REGISTRY_URL, url,
                SerdeConfig.REGISTRY_UNAVAILABLE_MAX_WAIT_MS, MAX_WAIT_MS,
                SerdeConfig.REGISTRY_CACHE_DIR, cacheRoot.toString()), false);
        return serde;
    }

    @Test
    void serializingAgainstAClosedPortRetriesThenSaysTheRegistryIsUnavailable() {
        // Given a registry URL on which nothing listens, and a serde that may wait 700 ms for it
        final String url = "http://127.0.0.1:" + Sightings.closedPort();
        final long start = System.nanoTime();

        // When a record is serialized
        // Then it fails only after the wait, as a retriable outage, not a serialization error, naming the
        // registry, the topic and the subject, with the client's error underneath
        assertThatThrownBy(() -> serdeAgainst(url).serializer().serialize(TOPIC, Sightings.jan()))
                .isInstanceOf(RegistryUnavailableException.class)
                .isInstanceOf(RetriableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("schema registry at " + url + " is unreachable")
                .hasMessageContaining("topic sightings")
                .hasMessageContaining("subject sightings-value")
                .satisfies(e -> assertThat(((RegistryUnavailableException) e).url()).isEqualTo(url))
                .satisfies(e -> assertThat(e.getCause().getCause()).isInstanceOfSatisfying(RegistryException.class,
                        r -> assertThat(r.status()).isEqualTo(RegistryException.NO_RESPONSE)));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(700));
    }

    @Test
    void deserializingAgainstAClosedPortIsAnOutageNotAnUndecodableRecord() {
        // Given a registry URL on which nothing listens
        final String url = "http://127.0.0.1:" + Sightings.closedPort();

        // When a record with schema id 42 arrives, Then it is not declared undecodable
        assertThatThrownBy(() -> serdeAgainst(url).deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                .isInstanceOf(RegistryUnavailableException.class)
                .isNotInstanceOf(SerializationException.class)
                .hasMessageContaining("schema registry at " + url + " is unreachable")
                .hasMessageContaining("topic sightings")
                .hasMessageContaining("id 42");
    }

    @Test
    void serverErrorIsRetriedAndThenReportedAsAnOutageWithItsStatus() throws Exception {
        // Given a registry whose backing store is down
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("POST", "/subjects/sightings-value/versions", 500,
                    "{\"error_code\":50001,\"message\":\"Error in the backend data store\"}");

            // When a record is serialized, Then the registry is asked more than once and the failure says why
            assertThatThrownBy(() -> serdeAgainst(registry.url()).serializer().serialize(TOPIC, Sightings.jan()))
                    .isInstanceOf(RegistryUnavailableException.class)
                    .hasMessageContaining("schema registry at " + registry.url())
                    .hasMessageContaining("HTTP 500")
                    .hasMessageContaining("50001")
                    .hasMessageContaining("Error in the backend data store");
            assertThat(registry.requests()).hasSizeGreaterThan(2);
        }
    }

    @Test
    void registryThatComesBackWithinTheWaitIsUsedWithoutAnyError() throws Exception {
        // Given a registry that answers 503 twice and then 429 once (overloaded) before it registers the schema
        try (StubRegistry registry = new StubRegistry()) {
            registry.answerFirst(2, "POST", "/subjects/sightings-value/versions", 503, "{\"message\":\"starting\"}")
                    .answerFirst(1, "POST", "/subjects/sightings-value/versions", 429, "{\"message\":\"slow down\"}")
                    .answer("POST", "/subjects/sightings-value/versions", 200, "{\"id\":42}");

            // When a record is serialized, Then it is written with the id of the fourth answer
            final byte[] bytes = serdeAgainst(registry.url()).serializer().serialize(TOPIC, Sightings.jan());
            assertThat(HexFormat.of().formatHex(bytes, 0, 5)).isEqualTo("000000002a");
            assertThat(registry.requests()).hasSize(4);
            assertThat(RegistryOutages.stalledSince(registry.url())).isEmpty();
        }
    }

    @Test
    void anOngoingOutageIsLoggedOncePerIntervalNotPerAttempt() {
        // Given a registry URL on which nothing listens, and the outage log captured
        final String url = "http://127.0.0.1:" + Sightings.closedPort();
        final Logger logger = (Logger) LoggerFactory.getLogger(RegistryOutages.class);
        final ListAppender<ILoggingEvent> log = new ListAppender<>();
        log.start();
        logger.addAppender(log);
        try {
            // When one lookup makes several attempts within 700 ms (well inside one 10 s log interval)
            assertThatThrownBy(() -> serdeAgainst(url).deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                    .isInstanceOf(RegistryUnavailableException.class);

            // Then the outage is logged once
            assertThat(log.list).extracting(ILoggingEvent::getFormattedMessage)
                    .singleElement().asString().contains("schema registry at " + url + " gives no answer");
        } finally {
            logger.detachAppender(log);
        }
    }

    @Test
    void aFreshClientDecodesAndWritesFromTheDiskCacheWhileTheRegistryIsDown() throws Exception {
        // Given a client that learned, from a live registry, the id of the schema it writes and of one it read
        final byte[] written;
        final String url;
        try (StubRegistry registry = new StubRegistry()) {
            url = registry.url();
            registry.answer("POST", "/subjects/sightings-value/versions", 200, "{\"id\":7}")
                    .answer("GET", "/schemas/ids/42", 200, Sightings.schemaAnswer(Sightings.V1));
            final AvroSerde<Sighting> warm = cachingSerdeAgainst(url);
            written = warm.serializer().serialize(TOPIC, Sightings.jan());
            assertThat(warm.deserializer().deserialize(TOPIC, Sightings.frame(42, body(written)))).isEqualTo(Sightings.jan());
        }

        // When the registry is gone and a fresh client (nothing in memory) starts on the same cache directory
        final AvroSerde<Sighting> cold = cachingSerdeAgainst(url);

        // Then it writes with the same id and decodes both ids at once, without waiting out the outage
        final long start = System.nanoTime();
        assertThat(cold.serializer().serialize(TOPIC, Sightings.jan())).isEqualTo(written);
        assertThat(cold.deserializer().deserialize(TOPIC, Sightings.frame(42, body(written)))).isEqualTo(Sightings.jan());
        assertThat(cold.deserializer().deserialize(TOPIC, written)).isEqualTo(Sightings.jan());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(700));
        // and an id it never learned still waits and fails as an outage, not as an undecodable record
        assertThatThrownBy(() -> cold.deserializer().deserialize(TOPIC, Sightings.frame(43, body(written))))
                .isInstanceOf(RegistryUnavailableException.class);
    }

    @Test
    void theDiskCacheIsNotReadWhileTheRegistryAnswers() throws Exception {
        // Given a disk cache that learned id 42 = Sighting v1 from a registry
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("GET", "/schemas/ids/42", 200, Sightings.schemaAnswer(Sightings.V1));
            assertThat(new SchemaRegistryClient(registry.url(), null, Duration.ofSeconds(1), Duration.ofSeconds(1),
                    Duration.ofMillis(700), cacheRoot).byId(42)).isEqualTo(Sightings.V1);

            // When that registry, rebuilt from nothing, answers that it has no schema 42
            registry.answer("GET", "/schemas/ids/42", 404, "{\"error_code\":40403,\"message\":\"Schema 42 not found.\"}");

            // Then its answer wins over the cache: the record is undecodable (a dead letter), not decoded with a guess
            assertThatThrownBy(() -> cachingSerdeAgainst(registry.url()).deserializer()
                    .deserialize(TOPIC, FRAME_WITH_ID_42))
                    .isInstanceOf(SerializationException.class)
                    .hasMessageContaining("40403");
        }
    }

    @Test
    void aRefusalThatIsNotAboutTheRecordIsNeitherADeadLetterNorRetried() throws Exception {
        // Given a registry that refuses our credentials
        try (StubRegistry registry = new StubRegistry()) {
            registry.answer("GET", "/schemas/ids/42", 401, "{\"error_code\":401,\"message\":\"Unauthorized\"}");

            // Then the failure escapes as it is, after one request: the application stops, the record stays
            assertThatThrownBy(() -> serdeAgainst(registry.url()).deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                    .isExactlyInstanceOf(RegistryException.class)
                    .hasMessageContaining("HTTP 401");
            assertThat(registry.requests()).hasSize(1);
        }
    }

    private static byte[] body(final byte[] framed) {
        return java.util.Arrays.copyOfRange(framed, 5, framed.length);
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
    void plainTextErrorBodyIsKeptAsTheMessage() throws Exception {
        // Given a proxy in front of the registry that answers 502 in plain text
        try (StubRegistry registry = new StubRegistry()) {
            registry.answerText("GET", "/schemas/ids/42", 502, "Bad Gateway");

            assertThatThrownBy(() -> serdeAgainst(registry.url()).deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                    .isInstanceOf(RegistryUnavailableException.class)
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
                    SerdeConfig.REGISTRY_REQUEST_TIMEOUT_MS, "200",
                    SerdeConfig.REGISTRY_UNAVAILABLE_MAX_WAIT_MS, "0"), false);

            assertThatThrownBy(() -> serde.deserializer().deserialize(TOPIC, FRAME_WITH_ID_42))
                    .isInstanceOf(RegistryUnavailableException.class)
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
