package nl.barriere.connect.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.connect.http.SpecServer.Reply;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.errors.RetriableException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The register client against a local API checked by its OpenAPI document: retries, backoff, refusals. */
class RegisterClientTest {

    private static final String ITEM = "{\"id\":\"12345678\",\"name\":\"Het Wapen\"}";

    private SpecServer server;
    private final List<Duration> waits = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = SpecServer.start("/openapi/test-register.yaml", "/api/v1");
        server.on("/items/12345678", x -> Reply.json(ITEM));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private RegisterClient client(final int maxAttempts) {
        return new RegisterClient("Test register", server.url(), "apikey", () -> "secret", null, 1000, maxAttempts,
                Duration.ofMillis(100), Duration.ofSeconds(5), Duration.ofSeconds(5), waits::add);
    }

    @Test
    void aRequestCarriesTheApiKeyAndTheAnswerIsReadAsJson() throws Exception {
        assertThat(client(3).get("/items/12345678").get("name").asText()).isEqualTo("Het Wapen");
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void a429AndA503AreRetriedAfterRetryAfterOrADoublingWait() throws Exception {
        server.thenReply(Reply.status(429).withHeader("Retry-After", "2"), Reply.status(503), Reply.status(503));
        final RegisterClient client = client(5);

        assertThat(client.get("/items/12345678").get("id").asText()).isEqualTo("12345678");
        assertThat(client.requests()).isEqualTo(4);
        assertThat(waits).filteredOn(w -> w.toMillis() > 10)
                .containsExactly(Duration.ofSeconds(2), Duration.ofMillis(200), Duration.ofMillis(400));
        assertThat(server.violations()).isEmpty();
    }

    @Test
    void aRegisterThatStaysDownGivesUpTheRequestAsRetriable() {
        server.thenReply(Reply.status(503), Reply.status(503), Reply.status(503));

        assertThatThrownBy(() -> client(3).get("/items/12345678")).isInstanceOf(RetriableException.class)
                .hasMessage("Test register answered 503 for GET /items/12345678 3 times; the connector asks again on"
                        + " its next poll, from the same position");
    }

    @Test
    void aBodyThatIsNotJsonIsMalformedAndA404IsEmpty() throws Exception {
        server.on("/items/87654321", x -> Reply.malformed("<html>maintenance</html>"));

        assertThatThrownBy(() -> client(3).get("/items/87654321")).isInstanceOf(MalformedResponseException.class)
                .hasMessageStartingWith("Test register answered GET /items/87654321 with a body that is not JSON");
        server.on("/items/11111111", x -> Reply.status(404));
        assertThat(client(3).find("/items/11111111")).isEmpty();
    }

    @Test
    void refusedCredentialsStopTheTask() {
        server.thenReply(Reply.status(401));

        assertThatThrownBy(() -> client(3).get("/items/12345678")).isInstanceOf(ConnectException.class)
                .isNotInstanceOf(RetriableException.class).hasMessageContaining("refused the connector's credentials (401)");
    }

    @Test
    void theServerCatchesARequestAndAResponseTheSpecificationDoesNotAllow() throws Exception {
        server.on("/items/1234", x -> Reply.json(ITEM));
        server.on("/items/22222222", x -> Reply.json("{\"id\":\"22222222\"}"));

        client(1).get("/items/1234");
        client(1).get("/items/22222222");

        assertThat(server.violations()).hasSize(2).anySatisfy(v -> assertThat(v).contains("/items/1234"))
                .anySatisfy(v -> assertThat(v).contains("/items/22222222").contains("name"));
    }

    @Test
    void theSettingsRefuseAUrlWithATrailingSlashAndMaskTheKey() {
        final ConfigDef def = RegisterSettings.define(new ConfigDef(), "apikey");
        assertThatThrownBy(() -> new AbstractConfig(def, Map.of(RegisterSettings.URL, "https://api.kvk.nl/api/v1/")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("without a trailing slash");
        final AbstractConfig config = new AbstractConfig(def,
                Map.of(RegisterSettings.URL, "https://api.kvk.nl/api/v1", RegisterSettings.API_KEY, "secret"));
        assertThat(config.getPassword(RegisterSettings.API_KEY).toString()).isEqualTo("[hidden]");
    }
}
