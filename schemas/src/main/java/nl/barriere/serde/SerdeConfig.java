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

    private SerdeConfig() {
    }
}
