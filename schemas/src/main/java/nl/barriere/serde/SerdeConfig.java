package nl.barriere.serde;

/**
 * Configuration keys of the serde and the registry client.
 *
 * <p>The registry keys carry Confluent's names, so a producer or Streams config written for
 * Confluent's serializer works unchanged with ours.
 */
public final class SerdeConfig {

    /** Base URL of the registry; a comma-separated list is tried in order when one is unreachable. */
    public static final String SCHEMA_REGISTRY_URL = "schema.registry.url";

    /** Whether the serializer may register a schema it has not seen; default {@code true}. */
    public static final String AUTO_REGISTER_SCHEMAS = "auto.register.schemas";

    /** {@code user:password} for HTTP basic authentication against the registry; optional. */
    public static final String BASIC_AUTH_USER_INFO = "basic.auth.user.info";

    /** Generated class a standalone key deserializer decodes into, as a fully qualified name. */
    public static final String SPECIFIC_AVRO_KEY_TYPE = "specific.avro.key.type";

    /** Generated class a standalone value deserializer decodes into, as a fully qualified name. */
    public static final String SPECIFIC_AVRO_VALUE_TYPE = "specific.avro.value.type";

    /** Milliseconds to wait for a TCP connection to the registry; default 5000. */
    public static final String REGISTRY_CONNECT_TIMEOUT_MS = "schema.registry.connect.timeout.ms";

    /** Milliseconds to wait for the registry's answer to one request; default 10000. */
    public static final String REGISTRY_REQUEST_TIMEOUT_MS = "schema.registry.request.timeout.ms";

    /**
     * Milliseconds a lookup keeps retrying a registry that gives no answer (no connection, timeout, HTTP 5xx, 429)
     * before it throws {@link RegistryUnavailableException}; default 30000. Keep it well below the consumer's
     * {@code max.poll.interval.ms} and the producer's {@code transaction.timeout.ms}.
     */
    public static final String REGISTRY_UNAVAILABLE_MAX_WAIT_MS = "schema.registry.unavailable.max.wait.ms";

    /**
     * Directory where the registry's answers (ids and schemas) are kept across restarts and read when the registry
     * gives no answer; default none (memory only). Barrière's applications put it under their {@code state.dir}.
     */
    public static final String REGISTRY_CACHE_DIR = "schema.registry.cache.dir";

    private SerdeConfig() {
    }
}
