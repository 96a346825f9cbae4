package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import nl.barriere.devkit.EmbeddedKafka;
import nl.barriere.devkit.EmbeddedSchemaRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * Readiness tells the truth about the broker: a Streams application stays RUNNING long after its broker is gone,
 * so its state alone would answer 200 while nothing can move.
 */
class HealthServerTest {

    private static final String INPUT = "health-probe-input";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void readyIs503NamingTheApplicationAndTheBrokerOnceTheBrokerIsGone() throws Exception {
        // Given a running application with its health endpoints, against a live broker and registry
        final EmbeddedKafka kafka = EmbeddedKafka.start();
        try (EmbeddedSchemaRegistry registry = EmbeddedSchemaRegistry.start(0)) {
            final AppConfig config = AppConfig.defaults()
                    .with(AppConfig.BOOTSTRAP_SERVERS, kafka.bootstrapServers())
                    .with(AppConfig.REGISTRY_URL, registry.url())
                    .with(StreamsConfig.STATE_DIR_CONFIG,
                            Path.of("target", "kafka-streams", "health-" + UUID.randomUUID()).toAbsolutePath().toString());
            try (Admin admin = Admin.create(config.kafkaProperties())) {
                admin.createTopics(List.of(new NewTopic(INPUT, 1, (short) 1))).all().get();
            }
            final Topology topology = new Topology();
            topology.addSource("read-health-probe-input", new ByteArrayDeserializer(), new ByteArrayDeserializer(), INPUT);
            final StreamsApp app = new StreamsApp("barriere-health-test", topology, config).start();
            try (HealthServer health = HealthServer.start(0, List.of(app))) {
                assertThat(app.awaitRunning(WAIT)).isTrue();
                final HttpResponse<String> before = awaitReady(health, 200);
                assertThat(before.statusCode()).as(before.body()).isEqualTo(200);

                // When the broker stops (at t0; the application stays RUNNING)
                kafka.close();

                // Then within the 2 s probe cache plus the 1 s probe timeout (bounded here at 30 s) ready answers
                // 503 and says which application cannot reach which broker, while live still answers 200
                final HttpResponse<String> after = awaitReady(health, 503);
                assertThat(after.statusCode()).as(after.body()).isEqualTo(503);
                assertThat(after.body()).contains("\"status\":\"DOWN\"")
                        .contains("barriere-health-test: broker at " + kafka.bootstrapServers() + " unreachable since");
                assertThat(get(health, "/health/live").statusCode()).isEqualTo(200);
            } finally {
                app.streams().close(Duration.ofSeconds(5));
            }
        } finally {
            kafka.close();
        }
    }

    private static HttpResponse<String> awaitReady(final HealthServer health, final int status) throws Exception {
        final long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> last = get(health, "/health/ready");
        while (last.statusCode() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            last = get(health, "/health/ready");
        }
        return last;
    }

    static HttpResponse<String> get(final HealthServer health, final String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + health.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
