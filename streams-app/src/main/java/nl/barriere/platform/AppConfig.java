package nl.barriere.platform;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.barriere.serde.SerdeConfig;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Barrière's configuration, in one place: built-in defaults, then a properties file, then environment variables
 * ({@code BARRIERE_BOOTSTRAP_SERVERS} sets {@code bootstrap.servers}), then command-line flags. Keys are Kafka's
 * own where Kafka has one, so security settings ({@code security.protocol}, {@code sasl.*}, {@code ssl.*}) pass
 * straight to the clients.
 */
public final class AppConfig {

    public static final String BOOTSTRAP_SERVERS = "bootstrap.servers";
    public static final String REGISTRY_URL = "schema.registry.url";
    public static final String REGISTRY_AUTH = "basic.auth.user.info";
    public static final String AUTO_REGISTER = "auto.register.schemas";
    public static final String REGISTRY_CONNECT_TIMEOUT_MS = SerdeConfig.REGISTRY_CONNECT_TIMEOUT_MS;
    public static final String REGISTRY_REQUEST_TIMEOUT_MS = SerdeConfig.REGISTRY_REQUEST_TIMEOUT_MS;
    public static final String REGISTRY_UNAVAILABLE_MAX_WAIT_MS = SerdeConfig.REGISTRY_UNAVAILABLE_MAX_WAIT_MS;
    /** Default: {@code schema-registry-cache} under the Streams {@code state.dir}. */
    public static final String REGISTRY_CACHE_DIR = SerdeConfig.REGISTRY_CACHE_DIR;
    public static final String PARTITIONS = "topics.partitions";
    public static final String INPUT_PARTITIONS = "topics.input.partitions";
    public static final String REPLICATION_FACTOR = "topics.replication.factor";
    public static final String INPUT_RETENTION_DAYS = "topics.input.retention.days";
    public static final String ARCHIVE_RETENTION_DAYS = "topics.archive.retention.days";
    public static final String DISMISSED_RETENTION_DAYS = "review.retention.dismissed.days";
    /** Workers of the review web UI: requests served at once (default in {@code WebServer}). */
    public static final String WEB_THREADS = "web.threads";
    /**
     * The review app's secret: a properties file whose {@code review.signing.key} (base64) signs every decision it
     * writes, which its gate verifies. No default: the review app does not start without it.
     */
    public static final String REVIEW_SIGNING_KEY_FILE = "review.signing.key.file";
    /**
     * Login with OpenID Connect against the municipality's identity provider ({@code nl.barriere.web.oidc}): the
     * issuer, this application's client id, the file holding its client secret, the redirect URI registered for it,
     * the group-to-role mapping, and optionally the scopes, the claims read, the clock skew allowed and where the
     * provider sends the browser after logout.
     */
    public static final String OIDC_ISSUER = "oidc.issuer";
    public static final String OIDC_CLIENT_ID = "oidc.client.id";
    public static final String OIDC_CLIENT_SECRET_FILE = "oidc.client.secret.file";
    public static final String OIDC_REDIRECT_URI = "oidc.redirect.uri";
    public static final String OIDC_ROLES = "oidc.roles";
    public static final String OIDC_SCOPES = "oidc.scopes";
    public static final String OIDC_GROUPS_CLAIM = "oidc.groups.claim";
    public static final String OIDC_USERNAME_CLAIM = "oidc.username.claim";
    public static final String OIDC_CLOCK_SKEW_SECONDS = "oidc.clock.skew.seconds";
    public static final String OIDC_POST_LOGOUT_REDIRECT_URI = "oidc.post.logout.redirect.uri";
    /** The command line's identity: a file holding the user's ID token (audit-trail, subject-export). */
    public static final String OIDC_TOKEN_FILE = "oidc.token.file";
    public static final Set<String> OIDC_KEYS = Set.of(OIDC_ISSUER, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET_FILE,
            OIDC_REDIRECT_URI, OIDC_ROLES, OIDC_SCOPES, OIDC_GROUPS_CLAIM, OIDC_USERNAME_CLAIM, OIDC_CLOCK_SKEW_SECONDS,
            OIDC_POST_LOGOUT_REDIRECT_URI, OIDC_TOKEN_FILE);
    /**
     * Command options that are settings of a deployment rather than of one run, so that a container sets them in
     * its environment ({@code BARRIERE_WEB_PORT}) or a properties file like any other: the option's long name
     * without dashes, words joined by dots ({@code --web-port}: {@code web.port}).
     */
    public static final Set<String> OPTION_KEYS = Set.of("users", "web.port", "health.port", "bind.address",
            "health.bind.address", "ruleset");

    private static final String ENV_PREFIX = "BARRIERE_";
    private static final Set<String> SERDE_KEYS = Set.of(REGISTRY_URL, REGISTRY_AUTH, AUTO_REGISTER,
            REGISTRY_CONNECT_TIMEOUT_MS, REGISTRY_REQUEST_TIMEOUT_MS, REGISTRY_UNAVAILABLE_MAX_WAIT_MS, REGISTRY_CACHE_DIR);
    private static final Set<String> OWN_KEYS = Set.of(PARTITIONS, INPUT_PARTITIONS, REPLICATION_FACTOR, INPUT_RETENTION_DAYS,
            ARCHIVE_RETENTION_DAYS, DISMISSED_RETENTION_DAYS, REVIEW_SIGNING_KEY_FILE, BoundedRocksDb.TOTAL_BYTES,
            WEB_THREADS);
    /** What Kafka's clients and Streams accept: their own names, and any of those behind a client prefix. */
    private static final Set<String> KAFKA_KEYS = kafkaKeys();
    private static final List<String> KAFKA_PREFIXES = List.of(StreamsConfig.PRODUCER_PREFIX, StreamsConfig.CONSUMER_PREFIX,
            StreamsConfig.MAIN_CONSUMER_PREFIX, StreamsConfig.RESTORE_CONSUMER_PREFIX, StreamsConfig.GLOBAL_CONSUMER_PREFIX,
            StreamsConfig.ADMIN_CLIENT_PREFIX, StreamsConfig.TOPIC_PREFIX);

    private static final Map<String, String> DEFAULTS = Map.of(
            BOOTSTRAP_SERVERS, "localhost:9092",
            REGISTRY_URL, "http://localhost:8081",
            AUTO_REGISTER, "true",
            PARTITIONS, "6",
            // Detection reads every source in one task, merged in event-time order, so that a replay sees exactly
            // the order the live run saw; more input partitions would not make it faster, only less reproducible.
            INPUT_PARTITIONS, "1",
            REPLICATION_FACTOR, "1",
            // 24 months: raw events are kept no longer than the longest indicator window needs (DOMAIN.md §3
            // requirement 8, storage limitation); a replay reaches back as far. 2557 keeps seven years.
            INPUT_RETENTION_DAYS, "730",
            // Decisions and the access log follow the archive selection list; -1 keeps them until it is set.
            ARCHIVE_RETENTION_DAYS, "-1",
            // 6 months after dismissal a dismissed signal is tombstoned, by stream time (DESIGN.md §4).
            DISMISSED_RETENTION_DAYS, "183",
            BoundedRocksDb.TOTAL_BYTES, BoundedRocksDb.DEFAULT_TOTAL_BYTES);

    private final Map<String, String> values;

    private AppConfig(final Map<String, String> values) {
        this.values = values;
    }

    /** Defaults, overridden by {@code file} (may be null), overridden by {@code env}. */
    public static AppConfig load(final Path file, final Map<String, String> env) {
        final Map<String, String> values = new TreeMap<>(DEFAULTS);
        if (file != null) {
            final Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file)) {
                properties.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read configuration file " + file, e);
            }
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key).trim()));
        }
        env.forEach((name, value) -> {
            if (name.startsWith(ENV_PREFIX) && !value.isBlank()) {
                values.put(name.substring(ENV_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value.trim());
            }
        });
        return new AppConfig(values);
    }

    public static AppConfig defaults() {
        return new AppConfig(new TreeMap<>(DEFAULTS));
    }

    /** A copy with {@code key} set, unless {@code value} is null (an absent command-line flag). */
    public AppConfig with(final String key, final String value) {
        if (value == null) {
            return this;
        }
        final Map<String, String> copy = new TreeMap<>(values);
        copy.put(key, value);
        return new AppConfig(copy);
    }

    /**
     * The keys that nothing reads: a misspelt setting ({@code BARRIERE_BOOTSTRAP_SERVER}) would otherwise be
     * passed to Kafka, which ignores it, and the default would win without a word.
     */
    public List<String> unknownKeys() {
        return values.keySet().stream().filter(key -> !known(key)).toList();
    }

    private static boolean known(final String key) {
        if (DEFAULTS.containsKey(key) || SERDE_KEYS.contains(key) || OWN_KEYS.contains(key) || OPTION_KEYS.contains(key)
                || OIDC_KEYS.contains(key) || KAFKA_KEYS.contains(key)) {
            return true;
        }
        return KAFKA_PREFIXES.stream().anyMatch(prefix -> key.startsWith(prefix) && !key.equals(prefix)
                && (prefix.equals(StreamsConfig.TOPIC_PREFIX) || KAFKA_KEYS.contains(key.substring(prefix.length()))));
    }

    private static Set<String> kafkaKeys() {
        final Set<String> keys = new TreeSet<>(StreamsConfig.configDef().names());
        keys.addAll(ProducerConfig.configNames());
        keys.addAll(ConsumerConfig.configNames());
        keys.addAll(AdminClientConfig.configNames());
        return keys;
    }

    public String get(final String key) {
        return values.get(key);
    }

    public int getInt(final String key) {
        final String value = values.get(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("configuration " + key + " must be a whole number, not '" + value + "'");
        }
    }

    public String bootstrapServers() {
        return get(BOOTSTRAP_SERVERS);
    }

    public String registryUrl() {
        return get(REGISTRY_URL);
    }

    /** Settings for Kafka producers, consumers, admin clients and Streams: everything that is not ours. */
    public Properties kafkaProperties() {
        final Properties properties = new Properties();
        values.forEach((key, value) -> {
            if (!SERDE_KEYS.contains(key) && !OWN_KEYS.contains(key) && !OPTION_KEYS.contains(key)
                    && !OIDC_KEYS.contains(key)) {
                properties.put(key, value);
            }
        });
        return properties;
    }

    /**
     * Settings for the Avro serdes: the registry URL, its credentials, whether to register schemas, its timeouts,
     * and where to keep the registry's answers on disk. That cache defaults to the state directory (the
     * application's own disk, a volume per instance in production), so that an instance restarted while the
     * registry is down still knows the schemas it read and wrote before.
     */
    public Map<String, Object> serdeConfig() {
        final Map<String, Object> config = new TreeMap<>();
        SERDE_KEYS.forEach(key -> {
            if (values.containsKey(key)) {
                config.put(key, values.get(key));
            }
        });
        config.putIfAbsent(REGISTRY_CACHE_DIR, Path.of(stateDir(), "schema-registry-cache").toString());
        return config;
    }

    /** The Streams {@code state.dir}: as configured, or the default {@link StreamsApp} gives every application. */
    public String stateDir() {
        final String configured = values.get(StreamsConfig.STATE_DIR_CONFIG);
        return configured != null ? configured : Path.of(System.getProperty("java.io.tmpdir"), "barriere-state").toString();
    }

    @Override
    public String toString() {
        final Map<String, String> shown = new TreeMap<>(values);
        shown.replaceAll((key, value) -> key.contains("password") || key.contains("jaas") || key.equals(REGISTRY_AUTH) ? "***" : value);
        return shown.toString();
    }
}
