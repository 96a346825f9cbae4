package nl.barriere.platform;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import nl.barriere.serde.RegistryUnavailableException;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of Barrière's Kafka Streams applications (detection, the Bibob zone, review), configured the same way:
 * exactly-once, an explicit application id and state directory, and an unexpected failure stops the application
 * loudly instead of skipping records.
 *
 * <p>One failure is expected and waited out instead: a schema registry that gives no answer. The serde retries it
 * for a bounded time ({@code schema.registry.unavailable.max.wait.ms}) and then throws
 * {@link RegistryUnavailableException}. Kafka Streams 4.3 hands an exception from a processor to the processing
 * exception handler (enabled for every node by {@code processing.exception.handler.global.enabled}) and one from a
 * sink's serializer to the production exception handler's {@code handleSerializationError}; both are left at, or
 * must keep, FAIL for it (a CONTINUE would skip the record). The stream thread then dies with the exception in its
 * cause chain, and the handler below replaces it: with exactly-once the open transaction is aborted, so nothing of
 * the record was committed, and the new thread starts again from the last commit and asks the registry again.
 *
 * <p>Its Kafka Streams client metrics (threads, tasks, the consumers' fetch lag, the producers) and whether it runs
 * ({@value Metrics#APP_RUNNING}) are in the process's {@link Metrics} registry, labelled {@code app}, from
 * construction until {@link #close()}.
 */
public final class StreamsApp implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamsApp.class);

    /** Record cache per application instance, shared by its stream threads: 256 MiB, or a quarter of a small heap. */
    static final long STATE_CACHE_BYTES = Math.min(256L * 1024 * 1024, Runtime.getRuntime().maxMemory() / 4);

    private final String applicationId;
    private final AppConfig config;
    private final KafkaStreams streams;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final Set<String> inputTopics;
    private final KafkaStreamsMetrics clientMetrics;
    private final Gauge running;

    public StreamsApp(final String applicationId, final Topology topology, final AppConfig config) {
        this.applicationId = applicationId;
        this.config = config;
        final TopologyDescription description = topology.describe();
        LOG.info("{} of barriere {}; topology:\n{}", applicationId, build(), description);
        this.inputTopics = inputTopics(applicationId, description);
        this.streams = new KafkaStreams(topology, properties(applicationId, config));
        this.clientMetrics = new KafkaStreamsMetrics(streams, Tags.of("app", applicationId));
        clientMetrics.bindTo(Metrics.registry());
        this.running = Gauge.builder(Metrics.meterName(Metrics.APP_RUNNING), this, app -> app.isRunning() ? 1 : 0)
                .description("1 while the application is RUNNING, else 0")
                .tag("app", applicationId)
                .strongReference(true)
                .register(Metrics.registry());
        streams.setUncaughtExceptionHandler(exception -> responseTo(applicationId, exception));
        streams.setStateListener((next, previous) -> {
            LOG.info("{}: {} -> {}", applicationId, previous, next);
            if (next == KafkaStreams.State.NOT_RUNNING || next == KafkaStreams.State.ERROR) {
                stopped.countDown();
            }
        });
    }

    /**
     * The version and build this code came from (the jar's manifest), so that a log and {@code --version} say
     * which build ran: "0.1.0-SNAPSHOT (build 3f2c1d0)", or "development build" when run from classes.
     */
    public static String build() {
        final String version = StreamsApp.class.getPackage().getImplementationVersion();
        if (version == null) {
            return "development build";
        }
        try (JarFile jar = new JarFile(Path.of(StreamsApp.class.getProtectionDomain().getCodeSource().getLocation().toURI()).toFile())) {
            final String build = jar.getManifest().getMainAttributes().getValue("Barriere-Build");
            return build == null ? version : version + " (build " + build + ")";
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return version;
        }
    }

    /**
     * The topics the topology's stream threads read, its own internal (repartition) topics aside: what its consumer
     * group commits offsets on, so what its lag is measured on. A global store's source is not among them: its
     * consumer commits nothing (it checkpoints beside the store), and its lag is Kafka's own {@code records-lag} of
     * the global consumer.
     */
    private static Set<String> inputTopics(final String applicationId, final TopologyDescription description) {
        final Set<String> topics = new TreeSet<>();
        for (final TopologyDescription.Subtopology subtopology : description.subtopologies()) {
            for (final TopologyDescription.Node node : subtopology.nodes()) {
                if (node instanceof TopologyDescription.Source source && source.topicSet() != null) {
                    source.topicSet().stream().filter(topic -> !topic.startsWith(applicationId + "-"))
                            .forEach(topics::add);
                }
            }
        }
        return Set.copyOf(topics);
    }

    /** Streams settings shared by every Barrière application; the properties file can override all but the id. */
    public static Properties properties(final String applicationId, final AppConfig config) {
        final Properties props = new Properties();
        props.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        props.put(StreamsConfig.STATE_DIR_CONFIG, Path.of(System.getProperty("java.io.tmpdir"), "barriere-state").toString());
        props.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, config.get(AppConfig.REPLICATION_FACTOR));
        props.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, "true");
        props.putAll(DeadLetterProductionHandler.settings(config));
        // Each exactly-once commit ends a transaction over every changelog; committing once a second instead of
        // ten times halves the time spent committing, and a signal still reaches readers within about a second.
        props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "1000");
        // A commit also flushes the store caches; after a backlog (a register snapshot sharing one timestamp waits
        // in the ordering buffer) that flush can take longer than the default 10 s transaction timeout, and the
        // broker would then fence the producer.
        props.put(StreamsConfig.producerPrefix(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG), "120000");
        // The record cache holds the state of the stores that use one (the Bibob zone's, review's) between
        // commits. At the default 10 MiB it is full all the time at national volume: every put then evicts,
        // writing an entry to RocksDB and the changelog that the next event reads back and rewrites.
        props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(STATE_CACHE_BYTES));
        // RocksDB's memory lies outside the heap: bounded to one total for the whole process (BoundedRocksDb).
        props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
        props.put(BoundedRocksDb.TOTAL_BYTES, config.get(BoundedRocksDb.TOTAL_BYTES));
        props.putAll(config.kafkaProperties());
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        return props;
    }

    /**
     * A registry outage replaces the stream thread (restart from the last commit); anything else stops the
     * application. Checked along the whole cause chain, since Streams wraps the serde's exception twice or more.
     */
    static StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse responseTo(final String applicationId,
                                                                                    final Throwable exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof RegistryUnavailableException outage) {
                // No stack trace: the serde has logged the outage already; this says what happens to the records.
                LOG.error("{}: schema registry unreachable since {}; the stream thread restarts from the last commit, "
                        + "nothing is skipped or dead-lettered ({})", applicationId, outage.since(), outage.getMessage());
                return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
            }
        }
        LOG.error("{} stops: unexpected failure; no record was skipped, fix the cause and restart", applicationId, exception);
        return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
    }

    public StreamsApp start() {
        streams.start();
        return this;
    }

    public String applicationId() {
        return applicationId;
    }

    /** The input topics of its stream threads, internal topics and global stores' sources aside. */
    public Set<String> inputTopics() {
        return inputTopics;
    }

    /** The configuration it runs with: which broker and registry the health check asks. */
    public AppConfig config() {
        return config;
    }

    public KafkaStreams.State state() {
        return streams.state();
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    public boolean isAlive() {
        return streams.state().isRunningOrRebalancing() || streams.state() == KafkaStreams.State.CREATED;
    }

    public KafkaStreams streams() {
        return streams;
    }

    /**
     * Starts the application with health endpoints on {@code health}, says so on {@code out}, and blocks until
     * it stops (Ctrl-C or a failure). What the {@code detect} and {@code bibob-zone} commands do.
     */
    public void runUntilStopped(final InetSocketAddress health, final PrintWriter out, final String what)
            throws InterruptedException {
        try (StreamsApp running = start(); HealthServer server = HealthServer.start(health, List.of(running))) {
            out.printf("%s; health on http://localhost:%d/health/ready, metrics on /metrics%n", what, server.port());
            out.flush();
            Runtime.getRuntime().addShutdownHook(new Thread(running::close));
            running.awaitStop();
        }
    }

    /** Blocks until the application stopped (Ctrl-C elsewhere, or a failure). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean awaitRunning(final Duration timeout) throws InterruptedException {
        final long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (isRunning()) {
                return true;
            }
            if (stopped.await(100, TimeUnit.MILLISECONDS)) {
                return false;
            }
        }
        return isRunning();
    }

    /** Stops the application and takes its metrics out of the registry, so a later one of the same id starts afresh. */
    @Override
    public void close() {
        try {
            streams.close(Duration.ofSeconds(30));
        } finally {
            clientMetrics.close();
            Metrics.registry().remove(running);
        }
    }
}
