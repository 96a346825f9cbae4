package nl.barriere.web.oidc;

/**
 * A login or a token that is refused, with a reason fit for the security log (never a token or a secret in it).
 * The user is told only that the login failed.
 */
public final class OidcRefusal extends Exception {

    private static final long serialVersionUID = 1L;

    /** Why; {@link #id()} is the value for the security log's {@code reason} field. */
    public enum Reason {
        BAD_LOGIN_COOKIE("bad-login-cookie"),
        LOGIN_TIMED_OUT("login-timed-out"),
        STATE_MISMATCH("state-mismatch"),
        PROVIDER_ERROR("provider-error"),
        TOKEN_EXCHANGE_FAILED("token-exchange-failed"),
        MALFORMED_TOKEN("malformed-token"),
        BAD_ALGORITHM("bad-algorithm"),
        UNKNOWN_KEY("unknown-key"),
        BAD_SIGNATURE("bad-signature"),
        WRONG_ISSUER("wrong-issuer"),
        WRONG_AUDIENCE("wrong-audience"),
        EXPIRED("expired"),
        NOT_YET_VALID("not-yet-valid"),
        NONCE_MISMATCH("nonce-mismatch"),
        NO_USERNAME("no-username"),
        NO_ROLE("no-role");

        private final String id;

        Reason(final String id) {
            this.id = id;
        }

        public String id() {
            return id;
        }
    }

    private final Reason reason;

    OidcRefusal(final Reason reason, final String message) {
        super(reason.id() + ": " + message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
