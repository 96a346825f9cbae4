package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.barriere.contract.Topics;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.HealthServer;
import nl.barriere.platform.Metrics;
import nl.barriere.platform.PrometheusScrape;
import nl.barriere.platform.PrometheusScrape.Sample;
import nl.barriere.platform.StreamsApp;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code /metrics} of a real detection application against a real broker and registry, scraped over HTTP as
 * Prometheus would: the dead letters with their stage and reason, the consumer lag per input topic, the signals per
 * indicator, the registry errors and Kafka Streams' own client metrics. The alert rules and the dashboard in
 * {@code deploy/monitoring/} are checked against the same scrape, so a renamed metric fails here and not at 3 a.m.
 */
class MetricsEndpointTest {

    private static final String APP = "barriere-detect-metrics";
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Path MONITORING = Path.of("..", "deploy", "monitoring");
    /** A metric name where PromQL has one: before a label set, a range or an operator, not inside quotes. */
    private static final Pattern METRIC_NAME = Pattern.compile("\\b((?:barriere|kafka|jvm|process|system)_[a-z0-9_]+)");

    private static EmbeddedPlatform platform;
    private static StreamsApp detection;
    private static HealthServer health;
    private static PrometheusScrape scrape;
    private static String contentType;

    @BeforeAll
    static void runDetectionOverAGoodAndTwoBadRecords() throws Exception {
        platform = EmbeddedPlatform.start("metrics");
        // Given a good registration (2024-01-01), a value that is not Avro and a registration whose officer is
        // BSN-shaped, on kvk.business-events
        platform.write(Topics.KVK_BUSINESS_EVENTS,
                Events.registered("10000001", at("2024-01-01"), "20200101", "7022", "0546010000000001"));
        writeRaw("10000002", "not avro".getBytes(StandardCharsets.UTF_8), at("2024-01-01").toEpochMilli());
        platform.write(Topics.KVK_BUSINESS_EVENTS, Events.registeredWithOfficer("10000003", at("2024-01-02"),
                "20200101", "0546010000000003", "123456782"));

        // When detection runs over them with its health port, and the records are committed
        detection = new StreamsApp(APP, DetectionTopology.build(Ruleset.load("v1"), platform.config().serdeConfig(),
                Topics.SIGNALS.name()), platform.config()).start();
        health = HealthServer.start(0, List.of(detection));
        assertThat(detection.awaitRunning(WAIT)).isTrue();
        final long deadline = System.nanoTime() + WAIT.toNanos();
        do {
            Thread.sleep(250);
            final HttpResponse<String> response = get("/metrics");
            contentType = response.headers().firstValue("Content-Type").orElse("");
            scrape = PrometheusScrape.parse(response.body());
        } while (System.nanoTime() < deadline && !(scrape.value(Metrics.CONSUMER_LAG,
                Map.of("app", APP, "topic", Topics.KVK_BUSINESS_EVENTS.name())).orElse(-1.0) == 0.0
                && scrape.value(Metrics.DEAD_LETTERS, Map.of("app", APP, "reason", "bsn-shaped")).isPresent()));
    }

    @AfterAll
    static void stop() {
        if (health != null) {
            health.close();
        }
        if (detection != null) {
            detection.close();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void deadLettersAreCountedByStageReasonAndTopicAndTheLagOfEveryInputIsShown() {
        // Then /metrics answers in Prometheus's text format
        assertThat(contentType).startsWith("text/plain; version=0.0.4");

        // And each bad record is one dead letter of stage ingest, under its reason, on its topic
        assertThat(scrape.value(Metrics.DEAD_LETTERS, Map.of("app", APP, "stage", "ingest", "reason", "undecodable",
                "topic", Topics.KVK_BUSINESS_EVENTS.name()))).contains(1.0);
        assertThat(scrape.value(Metrics.DEAD_LETTERS, Map.of("app", APP, "stage", "ingest", "reason", "bsn-shaped",
                "topic", Topics.KVK_BUSINESS_EVENTS.name()))).contains(1.0);
        assertThat(scrape.samples(Metrics.DEAD_LETTERS, Map.of("app", APP))).hasSize(2);

        // And the lag is 0 on the input that was read, and shown for every input of detection
        for (final String topic : List.of(Topics.KVK_BUSINESS_EVENTS.name(), Topics.KADASTER_PROPERTY_TRANSFERS.name(),
                Topics.HORECA_PERMIT_EVENTS.name())) {
            assertThat(scrape.value(Metrics.CONSUMER_LAG, Map.of("app", APP, "topic", topic))).as(topic).contains(0.0);
        }

        // And the application runs
        assertThat(scrape.value(Metrics.APP_RUNNING, Map.of("app", APP))).contains(1.0);
    }

    @Test
    void signalsPerIndicatorRegistryErrorsAndKafkaStreamsClientMetricsAreThere() {
        // Then every enabled indicator has its signal counter, at zero: the three records fired none
        final Set<String> indicators = new TreeSet<>();
        scrape.samples(Metrics.SIGNALS, Map.of("app", APP)).forEach(sample -> {
            indicators.add(sample.labels().get("indicator"));
            assertThat(sample.value()).isZero();
        });
        assertThat(indicators).contains("I1", "I4", "I7", "I11").doesNotContain("I12");

        // And the registry errors are shown by kind, none so far
        for (final String kind : List.of("unreachable", "unavailable", "refused", "bad-answer")) {
            assertThat(scrape.value(Metrics.REGISTRY_ERRORS, Map.of("kind", kind))).as(kind).isPresent();
        }

        // And Kafka Streams' own metrics of this application are there: its stream thread processed records
        final List<Sample> processed = scrape.samples("kafka_stream_thread_process_total", Map.of("app", APP));
        assertThat(processed).isNotEmpty();
        assertThat(processed.stream().mapToDouble(Sample::value).sum()).isGreaterThanOrEqualTo(3.0);
        assertThat(scrape.names()).anyMatch(name -> name.startsWith("kafka_consumer_fetch_manager_records_lag"));
    }

    @Test
    void everyMetricTheAlertRulesAndTheDashboardNameIsServed() throws Exception {
        // Given the alert rules and the Grafana dashboard that ship in deploy/monitoring
        final JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(MONITORING.resolve("alerts.yml").toFile());
        final List<String> alerts = new ArrayList<>();
        rules.path("groups").forEach(group -> group.path("rules").forEach(rule ->
                alerts.add(rule.path("alert").asText() + ": " + rule.path("expr").asText())));
        final JsonNode dashboard = new ObjectMapper().readTree(MONITORING.resolve("barriere-dashboard.json").toFile());
        final List<String> panels = new ArrayList<>();
        dashboard.path("panels").forEach(panel -> panel.path("targets").forEach(target ->
                panels.add(panel.path("title").asText() + ": " + target.path("expr").asText())));
        assertThat(alerts).hasSizeGreaterThanOrEqualTo(3);
        assertThat(panels).hasSizeGreaterThanOrEqualTo(8);

        // Then each metric an expression names is in the scrape; the ones only the review app serves (its web UI
        // and gate) are among Barrière's declared names, which the review tests check in a scrape of their own
        for (final String expression : alerts) {
            for (final String name : metricNames(expression)) {
                assertThat(scrape.names()).as(expression).contains(name);
            }
        }
        for (final String expression : panels) {
            for (final String name : metricNames(expression)) {
                final String metric = name.replaceFirst("_(bucket|count|sum)$", "");
                assertThat(scrape.names().contains(name) || Metrics.NAMES.contains(metric)).as(expression + " / " + name)
                        .isTrue();
            }
        }
        assertThat(String.join("\n", alerts)).contains("up{job=\"barriere\"} == 0", Metrics.CONSUMER_LAG,
                Metrics.DEAD_LETTERS, Metrics.APP_RUNNING);
    }

    private static Set<String> metricNames(final String expression) {
        final Set<String> names = new TreeSet<>();
        final Matcher matcher = METRIC_NAME.matcher(expression.replaceAll("\"[^\"]*\"", "\"\""));
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    private static HttpResponse<String> get(final String path) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + health.port() + path))
                .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void writeRaw(final String key, final byte[] value, final long timestamp) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(platform.config().kafkaProperties(),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.KVK_BUSINESS_EVENTS.name(), null, timestamp,
                    key.getBytes(StandardCharsets.UTF_8), value)).get();
        }
    }
}
