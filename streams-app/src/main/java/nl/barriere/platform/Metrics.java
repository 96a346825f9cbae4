package nl.barriere.platform;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import nl.barriere.serde.RegistryErrors;

/**
 * Barrière's own metrics, one registry per process, served in Prometheus's text format on {@code /metrics} of the
 * health port ({@link HealthServer}) beside Kafka Streams' client metrics ({@link StreamsApp} binds those).
 *
 * <p>Each stage counts where the event happens, with one call here: ingest and detection count their dead letters,
 * the review gate its refusals, detection its signals. Why a static holder and not something handed down: the
 * topologies are pure functions (STYLE rule 3) whose processors are built before any application exists, and
 * Kafka Streams' own sensors ({@code context.metrics().addRateTotalSensor}) would give names in Kafka's scheme
 * ({@code kafka_stream_…}, per stream thread, gone when a thread is replaced), not ours. Their nearest, a task's
 * {@code dropped-records}, counts records an exception handler let Streams skip, without a reason; Barrière's
 * processors write their dead letters themselves and skip nothing. The application a count
 * belongs to is its label, so the three applications of the demo, or a replay beside live detection, share the
 * registry without mixing their counts; tests read their own application id.
 *
 * <p>Counters count processing, not committed output: after a restart from the last commit (exactly-once) a record
 * processed again counts again. The topics stay the truth; these say how fast and where things go wrong.
 *
 * <p>Labels are bounded: a dead letter's {@code reason} is a short code (e.g. {@code invalid}, {@code bsn-shaped},
 * {@code late}), never its free-text reason, which names identifiers and would make a series per record.
 */
public final class Metrics {

    /** Dead letters by application, stage, reason code and source topic. */
    public static final String DEAD_LETTERS = "barriere_dead_letters_total";
    /** Decisions the four-eyes gate refused, by application, where ({@code desk} or {@code stream}) and reason code. */
    public static final String GATE_REFUSALS = "barriere_gate_refusals_total";
    /** Signals emitted, once under each indicator that fired in it. */
    public static final String SIGNALS = "barriere_signals_total";
    /** Failed schema-registry requests by kind ({@link RegistryErrors}). */
    public static final String REGISTRY_ERRORS = "barriere_registry_errors_total";
    /** Records of an input topic the application has not committed yet. */
    public static final String CONSUMER_LAG = "barriere_consumer_lag_records";
    /** 1 while an application is RUNNING, else 0. */
    public static final String APP_RUNNING = "barriere_app_running";
    /** How long the review web UI took to answer, by route, method and status. */
    public static final String HTTP_REQUESTS = "barriere_http_request_duration_seconds";

    /** Every Barrière metric's name as Prometheus shows it (a histogram adds {@code _bucket}, {@code _count}, …). */
    public static final List<String> NAMES = List.of(DEAD_LETTERS, GATE_REFUSALS, SIGNALS, REGISTRY_ERRORS,
            CONSUMER_LAG, APP_RUNNING, HTTP_REQUESTS);

    /** Buckets of the HTTP histogram: a page should take tens of milliseconds; a decision waits up to 5 s. */
    private static final Duration[] HTTP_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
        Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
        Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private static final PrometheusMeterRegistry REGISTRY = create();

    private Metrics() {}

    private static PrometheusMeterRegistry create() {
        final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        for (final String kind : RegistryErrors.KINDS) {
            FunctionCounter.builder(meterName(REGISTRY_ERRORS), kind, RegistryErrors::count)
                    .description("Requests to the schema registry that failed, by kind")
                    .tag("kind", kind)
                    .register(registry);
        }
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        return registry;
    }

    /** The process's registry, for the binders of {@link StreamsApp} and {@link HealthServer}. */
    static MeterRegistry registry() {
        return REGISTRY;
    }

    /** Everything, in Prometheus's text format (version 0.0.4): what {@code /metrics} serves. */
    public static String scrape() {
        return REGISTRY.scrape();
    }

    /**
     * A dead letter written by {@code stage} of {@code app} for a record of {@code topic}.
     *
     * @param reason a short kebab-case code from a fixed set of the stage, not the dead letter's own reason
     */
    public static void deadLetter(final String app, final String stage, final String reason, final String topic) {
        Counter.builder(meterName(DEAD_LETTERS))
                .description("Dead letters written, by stage and reason")
                .tags("app", app, "stage", stage, "reason", reason, "topic", topic)
                .register(REGISTRY)
                .increment();
    }

    /** A decision the gate refused, {@code at} the desk (before writing it) or in the {@code stream}. */
    public static void gateRefusal(final String app, final String at, final String reason) {
        Counter.builder(meterName(GATE_REFUSALS))
                .description("Decisions the four-eyes gate refused, by reason")
                .tags("app", app, "at", at, "reason", reason)
                .register(REGISTRY)
                .increment();
    }

    /** The counter of signals naming {@code indicator}, registered (at zero) when new. */
    public static Counter signals(final String app, final String indicator) {
        return Counter.builder(meterName(SIGNALS))
                .description("Signals emitted, counted once under each indicator that fired in them")
                .tags("app", app, "indicator", indicator)
                .register(REGISTRY);
    }

    /** The timer of the web UI's answers. */
    public static Timer httpRequest(final String route, final String method, final int status) {
        return Timer.builder(meterName(HTTP_REQUESTS))
                .description("Time the review web UI took to answer a request")
                .tags("route", route, "method", method, "status", Integer.toString(status))
                .serviceLevelObjectives(HTTP_BUCKETS)
                .register(REGISTRY);
    }

    /**
     * Micrometer's dotted name for a Prometheus name: the registry adds the unit or {@code _total} suffix again.
     */
    static String meterName(final String prometheusName) {
        return prometheusName.replaceFirst("_(total|seconds|records)$", "").replace('_', '.');
    }
}
