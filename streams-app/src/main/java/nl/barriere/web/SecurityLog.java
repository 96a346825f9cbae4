package nl.barriere.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * The web UI's security events, on one logger ({@value #LOGGER}) that a log shipper or SIEM can pick out: failed
 * and throttled logins, refusals by role (403), refused CSRF tokens and decisions the review desk refused, among them
 * an analyst confirming their own escalation. Each line carries the same fields, as SLF4J key-value pairs (their own
 * fields in the JSON log) and in the message (the text log): {@code event}, {@code user} (the logged-in user, the
 * name a login tried when it is a known user, otherwise {@value #ANONYMOUS}), {@code remote} (the peer's address; behind
 * a reverse proxy, the proxy's), {@code path} and {@code reason}. Never a password, a session id or a token.
 */
final class SecurityLog {

    static final String LOGGER = "barriere.security";
    static final String ANONYMOUS = "anonymous";

    static final String LOGIN_SUCCEEDED = "login-succeeded";
    static final String LOGIN_FAILED = "login-failed";
    static final String LOGIN_THROTTLED = "login-throttled";
    static final String FORBIDDEN = "forbidden";
    static final String CSRF_REFUSED = "csrf-refused";
    static final String DECISION_REFUSED = "decision-refused";

    private static final Logger LOG = LoggerFactory.getLogger(LOGGER);
    private static final int MAX_FIELD = 128;

    private SecurityLog() {
    }

    static void event(final String event, final String user, final String remote, final String path,
                      final String reason) {
        final Level level = event.equals(LOGIN_SUCCEEDED) ? Level.INFO : Level.WARN;
        final String[][] fields = {{"event", event}, {"user", user}, {"remote", remote}, {"path", path},
                {"reason", reason}};
        LoggingEventBuilder line = LOG.atLevel(level);
        final StringBuilder message = new StringBuilder();
        for (final String[] field : fields) {
            final String value = clean(field[1]);
            line = line.addKeyValue(field[0], value);
            message.append(message.length() == 0 ? "" : " ").append(field[0]).append('=').append(value);
        }
        line.log(message.toString());
    }

    /**
     * What a user typed (a path, a user name) must not forge a log line or a field: anything but printable ASCII
     * without blanks and {@code =} becomes {@code _}, and a value is cut at {@value #MAX_FIELD} characters.
     */
    static String clean(final String value) {
        if (value == null || value.isEmpty()) {
            return "-";
        }
        final StringBuilder cleaned = new StringBuilder();
        for (int i = 0; i < value.length() && cleaned.length() < MAX_FIELD; i++) {
            final char c = value.charAt(i);
            cleaned.append(c > ' ' && c < 0x7f && c != '=' && c != '"' ? c : '_');
        }
        return cleaned.toString();
    }
}
