package nl.barriere.review;

import java.time.Clock;
import java.time.Duration;
import java.util.Properties;
import nl.barriere.contract.Topics;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.StreamsApp;
import nl.barriere.schema.AccessEvent;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.ReviewDecision;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;

/**
 * The review application: the review topology running under its own application id, with the two faces the web
 * layer uses, {@link #queries()} (interactive queries on this instance's stores) and {@link #desk()} (where a
 * user's decision or view is produced). Start it, hand both to the web layer, close it at shutdown.
 *
 * <p>One instance holds every partition, and the web UI runs in the same process, so a query reads all of this
 * instance's stores. Running several review instances would spread the partitions over them: a query would then
 * have to ask {@code KafkaStreams.metadataForAllStreamsClients()} which instance holds a signal's partition and
 * fetch from it over HTTP ({@code application.server}), and the desk would wait for the decision on that instance.
 */
public final class ReviewApp implements AutoCloseable {

    /**
     * A decision should show on the next page the user sees. With exactly-once, a record reaches the stores at
     * once but the gate's output (the flagged permit) becomes readable only when the transaction commits: 100 ms
     * instead of the 1 s detection uses, which costs nothing at the review's few records per second.
     */
    static final String COMMIT_INTERVAL_MS = "100";

    private final StreamsApp streams;
    private final KafkaProducer<String, ReviewDecision> decisions;
    private final KafkaProducer<String, AccessEvent> accesses;
    private final KafkaProducer<String, BibobCaseStep> steps;
    private final StoreQueries queries;
    private final KafkaDecisionDesk desk;

    /**
     * Two review instances (the documented scale-out) each keep a standby replica of every task the other runs, so
     * each holds all of the review state and serves every page complete (see {@link StoreQueries}). With more
     * instances, set {@code num.standby.replicas} to their number minus one.
     */
    static final String STANDBY_REPLICAS = "1";

    private ReviewApp(final AppConfig config, final Clock clock) {
        AppConfig reviewConfig = config.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG) == null
                ? config.with(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, COMMIT_INTERVAL_MS) : config;
        if (reviewConfig.get(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG) == null) {
            reviewConfig = reviewConfig.with(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, STANDBY_REPLICAS);
        }
        final DecisionSigner signer = DecisionSigner.fromConfig(reviewConfig);
        this.streams = new StreamsApp(ReviewTopology.APPLICATION_ID, topology(reviewConfig, signer), reviewConfig);
        final Properties producer = producerProperties(reviewConfig);
        this.decisions = new KafkaProducer<>(producer, new StringSerializer(),
                Topics.REVIEW_DECISIONS.valueSerde(reviewConfig.serdeConfig()).serializer());
        this.accesses = new KafkaProducer<>(producer, new StringSerializer(),
                Topics.ACCESS_LOG.valueSerde(reviewConfig.serdeConfig()).serializer());
        this.steps = new KafkaProducer<>(producer, new StringSerializer(),
                Topics.BIBOB_CASE_STEPS.valueSerde(reviewConfig.serdeConfig()).serializer());
        this.queries = new StoreQueries(streams.streams());
        this.desk = new KafkaDecisionDesk(queries, decisions, accesses, steps, signer, clock);
    }

    /**
     * Starts the review application against the cluster and registry in {@code config}, signing and verifying
     * decisions with the key of {@link AppConfig#REVIEW_SIGNING_KEY_FILE} (refused without one).
     */
    public static ReviewApp start(final AppConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** As {@link #start(AppConfig)}, with the clock that stamps decisions and views. */
    public static ReviewApp start(final AppConfig config, final Clock clock) {
        final ReviewApp app = new ReviewApp(config, clock);
        app.streams.start();
        return app;
    }

    /** The review topology with the retention period of {@code config}, verifying with {@code signer}'s key. */
    static Topology topology(final AppConfig config, final DecisionSigner signer) {
        return ReviewTopology.build(config.serdeConfig(),
                Duration.ofDays(config.getInt(AppConfig.DISMISSED_RETENTION_DAYS)), signer);
    }

    public ReviewQueries queries() {
        return queries;
    }

    public DecisionDesk desk() {
        return desk;
    }

    /** The running Streams application, for health endpoints and waiting until it runs. */
    public StreamsApp streamsApp() {
        return streams;
    }

    @Override
    public void close() {
        decisions.close(Duration.ofSeconds(10));
        accesses.close(Duration.ofSeconds(10));
        steps.close(Duration.ofSeconds(10));
        streams.close();
    }

    /** Only the producer's own settings (and the connection and security ones among them), so it warns of none. */
    private static Properties producerProperties(final AppConfig config) {
        final Properties properties = new Properties();
        config.kafkaProperties().forEach((key, value) -> {
            if (ProducerConfig.configNames().contains(key.toString())) {
                properties.put(key, value);
            }
        });
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return properties;
    }
}
