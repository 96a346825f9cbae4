package nl.barriere.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import nl.barriere.serde.RegistryException;
import nl.barriere.serde.RegistryOutages;
import nl.barriere.serde.SchemaRegistryClient;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/**
 * Liveness and readiness over HTTP for an orchestrator.
 *
 * <p>{@code /health/live} is 200 while every application is alive (running, rebalancing or starting): an
 * application that waits for its broker or registry is alive, and restarting it would not bring them back.
 *
 * <p>{@code /health/ready} is 200 only when every application is running <em>and</em> can do its work: its broker
 * answers a {@code describeCluster}, its schema registry answers {@code GET /config}, and no record is waiting for
 * the registry. A Streams application stays RUNNING for minutes after its broker is gone, so its state alone would
 * say ready while nothing moves. Each answer carries every application's state and, when not ready, one sentence
 * per problem naming the application, what is unreachable and since when. The broker and the registry are asked
 * at most once per {@link #PROBE_CACHE} with a {@link #PROBE_TIMEOUT} each, so a storm of probes costs them nothing.
 *
 * <p>{@code /metrics} serves the process's {@link Metrics} in Prometheus's text format, with each application's
 * consumer lag per input topic ({@value Metrics#CONSUMER_LAG}): the records of the topic the application has not
 * committed yet, asked of the broker (end offsets against the group's committed offsets) when scraped, at most once
 * per {@link #PROBE_CACHE}. That is the lag an operator means (what a restart would read again), unlike the
 * consumer's own {@code records-lag}, which exists only for assigned partitions while they are fetched. While the
 * broker gives no answer the lag is unknown (NaN), not zero.
 */
public final class HealthServer implements AutoCloseable {

    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(1);
    static final Duration PROBE_CACHE = Duration.ofSeconds(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Prometheus's text exposition format, the one {@link Metrics#scrape()} writes. */
    static final String METRICS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final List<Admin> admins;
    private final List<Meter> meters;

    private HealthServer(final HttpServer server, final List<Admin> admins, final List<Meter> meters) {
        this.server = server;
        this.admins = admins;
        this.meters = meters;
    }

    /** Health checks on {@code port} (0: any free port) of the loopback interface. */
    public static HealthServer start(final int port, final List<StreamsApp> apps) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), apps);
    }

    /** Health checks on {@code address}: every interface where a probe or a scraper comes from elsewhere. */
    public static HealthServer start(final InetSocketAddress address, final List<StreamsApp> apps) {
        final Map<String, Check> brokers = new LinkedHashMap<>();
        final Map<String, Check> registries = new LinkedHashMap<>();
        final Map<String, Admin> adminsByServers = new LinkedHashMap<>();
        final List<Admin> admins = new ArrayList<>();
        final List<Dependencies> dependencies = new ArrayList<>();
        final List<Meter> meters = new ArrayList<>();
        for (final StreamsApp app : apps) {
            final AppConfig config = app.config();
            final Admin appAdmin = adminsByServers.computeIfAbsent(config.bootstrapServers(), servers -> {
                final Admin admin = Admin.create(adminProperties(config));
                admins.add(admin);
                return admin;
            });
            final Check broker = brokers.computeIfAbsent(config.bootstrapServers(),
                    servers -> new Check("broker at " + servers, () -> brokerAnswers(appAdmin)));
            final Check registry = registries.computeIfAbsent(config.registryUrl(), url -> {
                final SchemaRegistryClient client = new SchemaRegistryClient(url, config.get(AppConfig.REGISTRY_AUTH),
                        PROBE_TIMEOUT, PROBE_TIMEOUT);
                return new Check("schema registry at " + url, () -> registryAnswers(client));
            });
            dependencies.add(new Dependencies(app, broker, registry));
            meters.addAll(lagGauges(app, appAdmin));
        }
        try {
            final HttpServer server = HttpServers.create(address);
            server.createContext("/health/live", exchange -> answer(exchange, apps, StreamsApp::isAlive, List.of()));
            server.createContext("/health/ready", exchange -> answer(exchange, apps, StreamsApp::isRunning,
                    problems(dependencies, Instant.now())));
            server.createContext("/metrics", HealthServer::metrics);
            server.start();
            return new HealthServer(server, admins, meters);
        } catch (IOException e) {
            meters.forEach(Metrics.registry()::remove);
            admins.forEach(Admin::close);
            throw new UncheckedIOException("cannot serve health checks on " + address, e);
        }
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private static void metrics(final HttpExchange exchange) throws IOException {
        final byte[] bytes = Metrics.scrape().getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", METRICS_CONTENT_TYPE);
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** One gauge per input topic of {@code app}, all read from one cached answer of the broker. */
    private static List<Meter> lagGauges(final StreamsApp app, final Admin admin) {
        final CachedLag lag = new CachedLag(admin, app.applicationId(), app.inputTopics());
        final List<Meter> gauges = new ArrayList<>();
        for (final String topic : app.inputTopics()) {
            gauges.add(Gauge.builder(Metrics.meterName(Metrics.CONSUMER_LAG), lag, cached -> cached.of(topic))
                    .description("Records of the input topic the application has not committed yet")
                    .baseUnit("records")
                    .tags("app", app.applicationId(), "topic", topic)
                    .strongReference(true)
                    .register(Metrics.registry()));
        }
        return gauges;
    }

    /** The lag per topic of one application, asked of the broker at most once per {@link #PROBE_CACHE}. */
    private static final class CachedLag {

        private final Admin admin;
        private final String groupId;
        private final List<String> topics;
        private Instant askedAt;
        private Map<String, Long> lag = Map.of();

        CachedLag(final Admin admin, final String groupId, final Set<String> topics) {
            this.admin = admin;
            this.groupId = groupId;
            this.topics = List.copyOf(topics);
        }

        synchronized double of(final String topic) {
            final Instant now = Instant.now();
            if (askedAt == null || !now.isBefore(askedAt.plus(PROBE_CACHE))) {
                askedAt = now;
                try {
                    lag = Lag.perTopic(admin, groupId, topics);
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    lag = Map.of();
                } catch (final Exception e) {
                    lag = Map.of();
                }
            }
            final Long records = lag.get(topic);
            return records == null ? Double.NaN : records;
        }
    }

    /** What an application needs besides itself to do its work. */
    private record Dependencies(StreamsApp app, Check broker, Check registry) {}

    private static List<String> problems(final List<Dependencies> dependencies, final Instant now) {
        final List<String> problems = new ArrayList<>();
        for (final Dependencies needs : dependencies) {
            final String app = needs.app().applicationId();
            needs.broker().problem(now).ifPresent(problem -> problems.add(app + ": " + problem));
            needs.registry().problem(now).ifPresent(problem -> problems.add(app + ": " + problem));
            RegistryOutages.stalledSince(needs.app().config().registryUrl()).ifPresent(since -> problems.add(app
                    + ": records wait for the schema registry since " + since + " (none is skipped or dead-lettered)"));
        }
        return problems.stream().distinct().toList();
    }

    private static void answer(final HttpExchange exchange, final List<StreamsApp> apps, final Predicate<StreamsApp> ok,
                               final List<String> problems) throws IOException {
        final boolean healthy = apps.stream().allMatch(ok) && problems.isEmpty();
        final Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", healthy ? "UP" : "DOWN");
        apps.forEach(app -> body.put(app.applicationId(), app.state().toString()));
        if (!problems.isEmpty()) {
            body.put("problems", problems);
        }
        final byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(healthy ? 200 : 503, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** The application's client settings (security included), with timeouts short enough for a probe. */
    private static Properties adminProperties(final AppConfig config) {
        final Properties props = config.kafkaProperties();
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(PROBE_TIMEOUT.toMillis()));
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, Long.toString(PROBE_TIMEOUT.toMillis()));
        props.put(AdminClientConfig.CLIENT_ID_CONFIG, "barriere-health");
        return props;
    }

    private static void brokerAnswers(final Admin admin) throws Exception {
        try {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) PROBE_TIMEOUT.toMillis()))
                    .nodes().get(PROBE_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        } catch (final ExecutionException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static void registryAnswers(final SchemaRegistryClient client) {
        client.ping();
    }

    /** A probe whose answer is kept for {@link #PROBE_CACHE}, and the time it started failing. */
    private static final class Check {

        interface Probe {
            void run() throws Exception;
        }

        private final String what;
        private final Probe probe;
        private Instant checkedAt;
        private Instant failingSince;
        private String problem;

        Check(final String what, final Probe probe) {
            this.what = what;
            this.probe = probe;
        }

        synchronized Optional<String> problem(final Instant now) {
            if (checkedAt == null || !now.isBefore(checkedAt.plus(PROBE_CACHE))) {
                checkedAt = now;
                try {
                    probe.run();
                    failingSince = null;
                    problem = null;
                } catch (final InterruptedException e) {
                    Thread.currentThread().interrupt();
                    problem = what + " was not asked: interrupted";
                } catch (final Exception e) {
                    failingSince = failingSince == null ? now : failingSince;
                    problem = what + " unreachable since " + failingSince + " (" + describe(e) + ")";
                }
            }
            return Optional.ofNullable(problem);
        }

        private static String describe(final Exception e) {
            if (e instanceof RegistryException registry) {
                return registry.getMessage();
            }
            return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
        }
    }

    @Override
    public void close() {
        server.stop(0);
        meters.forEach(Metrics.registry()::remove);
        admins.forEach(admin -> admin.close(PROBE_TIMEOUT));
    }
}
