package nl.barriere.serde;

/**
 * The schema registry refused a request or could not be reached.
 *
 * <p>Unchecked because no caller can recover locally: a serializer has to fail the record, and
 * Kafka wraps it into its own exception anyway. It keeps the registry's own answer so an operator
 * reading a dead letter sees why, not just that it failed.
 */
public class RegistryException extends RuntimeException {

    /** Status used when no HTTP answer arrived at all (unreachable, timed out, interrupted). */
    public static final int NO_RESPONSE = -1;

    /** Error code used when the registry's answer carried no {@code error_code}. */
    public static final int NO_ERROR_CODE = -1;

    private final String url;
    private final int status;
    private final int errorCode;
    private final String registryMessage;

    RegistryException(final String message, final String url, final int status, final int errorCode,
                      final String registryMessage, final Throwable cause) {
        super(message, cause);
        this.url = url;
        this.status = status;
        this.errorCode = errorCode;
        this.registryMessage = registryMessage;
    }

    /** The full URL of the request that failed. */
    public String url() {
        return url;
    }

    /** The HTTP status, or {@link #NO_RESPONSE}. */
    public int status() {
        return status;
    }

    /** The registry's {@code error_code} (for example 40403, schema not found), or {@link #NO_ERROR_CODE}. */
    public int errorCode() {
        return errorCode;
    }

    /** The registry's {@code message}, or the raw body when it was not JSON; empty when there was none. */
    public String registryMessage() {
        return registryMessage;
    }
}
