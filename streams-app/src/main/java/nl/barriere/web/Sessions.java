package nl.barriere.web;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.barriere.contract.User;

/**
 * Server-side sessions, kept in memory: a restart logs everybody out, which is acceptable for a tool used during
 * office hours and means no session store to protect. A session starts anonymous (the login form needs a CSRF
 * token too) and gets a new id when someone logs in, so an id planted before login is worth nothing after it.
 */
final class Sessions {

    static final String COOKIE = "barriere-session";

    /** One browser's session; {@code user} is null until login. */
    record Session(String id, User user, String csrfToken, Instant lastSeen) {

        boolean loggedIn() {
            return user != null;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration idleTimeout;

    Sessions(final Clock clock, final Duration idleTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    /** The live session with this id, its idle clock restarted; an expired one is removed and not returned. */
    Optional<Session> touch(final String id) {
        if (id == null) {
            return Optional.empty();
        }
        final Instant now = clock.instant();
        final Session found = sessions.get(id);
        if (found == null) {
            return Optional.empty();
        }
        if (found.lastSeen().plus(idleTimeout).isBefore(now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        final Session touched = new Session(found.id(), found.user(), found.csrfToken(), now);
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    Session startAnonymous() {
        return store(null);
    }

    /** Ends the anonymous session and starts a logged-in one under a new id and a new CSRF token. */
    Session logIn(final Session anonymous, final User user) {
        sessions.remove(anonymous.id());
        return store(user);
    }

    void end(final String id) {
        sessions.remove(id);
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    private Session store(final User user) {
        final Instant now = clock.instant();
        sessions.values().removeIf(old -> old.lastSeen().plus(idleTimeout).isBefore(now));
        final Session session = new Session(randomToken(), user, randomToken(), now);
        sessions.put(session.id(), session);
        return session;
    }

    private static String randomToken() {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
