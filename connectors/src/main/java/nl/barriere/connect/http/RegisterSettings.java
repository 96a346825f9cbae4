package nl.barriere.connect.http;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigException;

/**
 * The settings every connector that reads a register's REST API shares: where the API is, how the connector
 * identifies itself (an API key header, a client certificate [PKIoverheid], or both), and how gently it asks (a
 * request rate, and how long it backs off when the register answers 429 or 5xx). Secrets are of type PASSWORD, so
 * Connect masks them; give them through a config provider, e.g. {@code ${file:/secrets/kvk.properties:api.key}}.
 */
public final class RegisterSettings {

    public static final String URL = "register.url";
    public static final String API_KEY = "register.api.key";
    public static final String API_KEY_HEADER = "register.api.key.header";
    public static final String KEYSTORE = "register.keystore.path";
    public static final String KEYSTORE_PASSWORD = "register.keystore.password";
    public static final String TRUSTSTORE = "register.truststore.path";
    public static final String TRUSTSTORE_PASSWORD = "register.truststore.password";
    public static final String REQUESTS_PER_SECOND = "register.requests.per.second";
    public static final String MAX_ATTEMPTS = "register.max.attempts";
    public static final String BACKOFF_INITIAL_MS = "register.backoff.initial.ms";
    public static final String BACKOFF_MAX_MS = "register.backoff.max.ms";
    public static final String TIMEOUT_MS = "register.timeout.ms";

    private RegisterSettings() {}

    /** Adds the register settings to a connector's ConfigDef; {@code apiKeyHeader} is the API's own header name. */
    public static ConfigDef define(final ConfigDef def, final String apiKeyHeader) {
        return def
                .define(URL, Type.STRING, ConfigDef.NO_DEFAULT_VALUE, new HttpUrl(), Importance.HIGH,
                        "Base URL of the register's API, up to and including its version, e.g. https://api.kvk.nl/api/v1")
                .define(API_KEY, Type.PASSWORD, "", Importance.HIGH,
                        "The API key the register issued; empty when the register identifies the client by certificate only")
                .define(API_KEY_HEADER, Type.STRING, apiKeyHeader, Importance.LOW,
                        "The request header that carries the API key")
                .define(KEYSTORE, Type.STRING, "", Importance.MEDIUM,
                        "PKCS12 keystore with the client certificate (PKIoverheid) for mutual TLS; empty: none")
                .define(KEYSTORE_PASSWORD, Type.PASSWORD, "", Importance.MEDIUM, "Password of the keystore")
                .define(TRUSTSTORE, Type.STRING, "", Importance.LOW,
                        "PKCS12 truststore for the register's server certificate; empty: the JVM's default trust")
                .define(TRUSTSTORE_PASSWORD, Type.PASSWORD, "", Importance.LOW, "Password of the truststore")
                .define(REQUESTS_PER_SECOND, Type.DOUBLE, 2.0, Range.between(0.01, 1000.0), Importance.MEDIUM,
                        "At most this many requests per second to the register, per task")
                .define(MAX_ATTEMPTS, Type.INT, 5, Range.between(1, 100), Importance.LOW,
                        "Attempts per request when the register answers 429 or 5xx or cannot be reached; then the task"
                                + " gives up for this poll and tries again on the next one, from the same offset")
                .define(BACKOFF_INITIAL_MS, Type.LONG, 1_000L, Range.atLeast(0), Importance.LOW,
                        "First wait after a 429 or 5xx without Retry-After; doubles with every attempt")
                .define(BACKOFF_MAX_MS, Type.LONG, 60_000L, Range.atLeast(0), Importance.LOW,
                        "Longest wait between attempts, also for a Retry-After the register sends")
                .define(TIMEOUT_MS, Type.LONG, 30_000L, Range.atLeast(1), Importance.LOW,
                        "Time out of one request");
    }

    /** A client for the register named {@code system} (for messages), from a config made with {@link #define}. */
    public static RegisterClient client(final AbstractConfig config, final String system) {
        return client(config, system, config.getString(URL));
    }

    /** The same, for another API of the register at {@code url}: same key, certificate, rate and retries. */
    public static RegisterClient client(final AbstractConfig config, final String system, final String url) {
        final String key = config.getPassword(API_KEY).value();
        return client(config, system, url, key.isBlank() ? null : () -> key);
    }

    /**
     * The same, with a credential that changes while the client lives (a token the caller renews): {@code credential}
     * is asked for the header value at every request.
     */
    public static RegisterClient client(final AbstractConfig config, final String system,
                                        final Supplier<String> credential) {
        return client(config, system, config.getString(URL), credential);
    }

    private static RegisterClient client(final AbstractConfig config, final String system, final String url,
                                         final Supplier<String> credential) {
        return new RegisterClient(system, url, credential == null ? null : config.getString(API_KEY_HEADER), credential,
                sslContext(config),
                config.getDouble(REQUESTS_PER_SECOND), config.getInt(MAX_ATTEMPTS),
                Duration.ofMillis(config.getLong(BACKOFF_INITIAL_MS)), Duration.ofMillis(config.getLong(BACKOFF_MAX_MS)),
                Duration.ofMillis(config.getLong(TIMEOUT_MS)), RegisterClient.Sleeper.THREAD);
    }

    private static SSLContext sslContext(final AbstractConfig config) {
        final String keystore = config.getString(KEYSTORE);
        final String truststore = config.getString(TRUSTSTORE);
        if (keystore.isBlank() && truststore.isBlank()) {
            return null;
        }
        try {
            final SSLContext context = SSLContext.getInstance("TLS");
            KeyManagerFactory keys = null;
            if (!keystore.isBlank()) {
                final char[] password = config.getPassword(KEYSTORE_PASSWORD).value().toCharArray();
                keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(load(keystore, password, KEYSTORE), password);
            }
            TrustManagerFactory trust = null;
            if (!truststore.isBlank()) {
                trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trust.init(load(truststore, config.getPassword(TRUSTSTORE_PASSWORD).value().toCharArray(), TRUSTSTORE));
            }
            context.init(keys == null ? null : keys.getKeyManagers(), trust == null ? null : trust.getTrustManagers(), null);
            return context;
        } catch (final GeneralSecurityException e) {
            throw new ConfigException("cannot set up TLS for the register: " + e.getMessage());
        }
    }

    private static KeyStore load(final String path, final char[] password, final String setting) {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            final KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
            return store;
        } catch (final IOException | GeneralSecurityException e) {
            throw new ConfigException(setting, path, "cannot read it as a PKCS12 keystore: " + e.getMessage());
        }
    }

    /** An http or https URL without a trailing slash. */
    private static final class HttpUrl implements ConfigDef.Validator {
        @Override
        public void ensureValid(final String name, final Object value) {
            final String url = value == null ? "" : value.toString();
            if (!url.matches("https?://[^\\s/]+(/\\S*)?") || url.endsWith("/")) {
                throw new ConfigException(name, value, "must be an http(s) URL without a trailing slash");
            }
        }

        @Override
        public String toString() {
            return "an http(s) URL without a trailing slash";
        }
    }
}
