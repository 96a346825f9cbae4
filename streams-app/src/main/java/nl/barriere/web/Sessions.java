package nl.barriere.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.barriere.contract.User;
import nl.barriere.web.oidc.AuthenticatedUser;

/**
 * Server-side sessions, kept in memory: a restart logs everybody out, which is acceptable for a tool used during
 * office hours and means no session store to protect. Only a login makes a session, under a new id, so an id planted
 * before login is worth nothing and an anonymous visitor costs no memory: the login form's CSRF token is a keyed
 * hash of a random value in the visitor's own pre-login cookie ({@link #LOGIN_COOKIE}), checked without any state
 * on the server.
 *
 * <p>Both cookies are {@code SameSite=Lax}, not {@code Strict}: a link from mail, the intranet or the case system is a
 * cross-site navigation, and under {@code Strict} the browser would leave the session cookie off, show the login
 * form and seem logged out. Every state-changing request is a POST with the session's CSRF token, which another
 * site cannot read, so {@code Lax} (cookies on top-level GET navigations only) gives nothing away.
 */
final class Sessions {

    static final String COOKIE = "barriere-session";
    /** The random value the login form's CSRF token is made from; only sent to {@code /login}. */
    static final String LOGIN_COOKIE = "barriere-login";
    static final String COOKIE_ATTRIBUTES = "; HttpOnly; SameSite=Lax";

    /**
     * One logged-in browser's session. {@code identity} is the identity provider's word for the user when the login
     * was OpenID Connect (null for the users file): the session ends when its ID token expires, and logout needs it.
     */
    record Session(String id, User user, String csrfToken, Instant lastSeen, AuthenticatedUser identity) {

        boolean loggedIn() {
            return user != null;
        }
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final byte[] loginKey = randomBytes();
    private final Clock clock;
    private final Duration idleTimeout;

    Sessions(final Clock clock, final Duration idleTimeout) {
        this.clock = clock;
        this.idleTimeout = idleTimeout;
    }

    /**
     * The live session with this id, its idle clock restarted; one idle too long, or made from an ID token that has
     * expired since, is removed and not returned, so the next page sends the browser to the login again.
     */
    Optional<Session> touch(final String id) {
        if (id == null) {
            return Optional.empty();
        }
        final Instant now = clock.instant();
        final Session found = sessions.get(id);
        if (found == null) {
            return Optional.empty();
        }
        if (found.lastSeen().plus(idleTimeout).isBefore(now) || !tokenValid(found, now)) {
            sessions.remove(id);
            return Optional.empty();
        }
        final Session touched = new Session(found.id(), found.user(), found.csrfToken(), now, found.identity());
        sessions.put(id, touched);
        return Optional.of(touched);
    }

    /** A logged-in session under a new id and a new CSRF token; a session the browser had before is ended. */
    Session logIn(final Session previous, final User user) {
        return logIn(previous, user, null);
    }

    /**
     * As {@link #logIn(Session, User)} for a login at the identity provider: the session lives no longer than
     * {@code identity}'s ID token.
     */
    Session logIn(final Session previous, final User user, final AuthenticatedUser identity) {
        if (previous != null) {
            sessions.remove(previous.id());
        }
        return store(user, identity);
    }

    /** A fresh value for a visitor's pre-login cookie. */
    static String newLoginNonce() {
        return randomToken();
    }

    /** The login form's CSRF token for the value in the visitor's pre-login cookie: HMAC-SHA256 under this process's key. */
    String loginToken(final String nonce) {
        try {
            final Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(loginKey, "HmacSHA256"));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(nonce.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HmacSHA256", e);
        }
    }

    /** Sessions held in memory, expired ones not yet removed included. */
    int live() {
        return sessions.size();
    }

    void end(final String id) {
        sessions.remove(id);
    }

    Duration idleTimeout() {
        return idleTimeout;
    }

    private static boolean tokenValid(final Session session, final Instant now) {
        return session.identity() == null || session.identity().validAt(now);
    }

    private Session store(final User user, final AuthenticatedUser identity) {
        Objects.requireNonNull(user, "only a login makes a session");
        final Instant now = clock.instant();
        sessions.values().removeIf(old -> old.lastSeen().plus(idleTimeout).isBefore(now) || !tokenValid(old, now));
        final Session session = new Session(randomToken(), user, randomToken(), now, identity);
        sessions.put(session.id(), session);
        return session;
    }

    private static String randomToken() {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(randomBytes());
    }

    private static byte[] randomBytes() {
        final byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
