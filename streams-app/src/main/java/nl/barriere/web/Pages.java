package nl.barriere.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import nl.barriere.contract.User;
import nl.barriere.review.DecisionDesk;
import nl.barriere.review.ReviewQueries;
import nl.barriere.web.oidc.AuthenticatedUser;
import nl.barriere.web.oidc.OidcLogin;

/**
 * The handlers {@link WebServer#routes} points at. Login, logout and the start page live here; the case pages
 * have a class each, which the route table names directly. By the time a handler runs, the route's role check and the CSRF check have passed.
 */
final class Pages {

    /** How long a login form stays usable: its pre-login cookie's lifetime. */
    static final Duration LOGIN_FORM_LIFETIME = Duration.ofHours(1);
    /** RFC 3986 path and query characters (unreserved, percent escapes, sub-delimiters, {@code :@/?}), ASCII only. */
    private static final Pattern SAFE_NEXT = Pattern.compile("/[A-Za-z0-9\\-._~%!$&'()*+,;=:@/?]*");

    private final Users users;
    /** The login at the identity provider; null when the users file is the login. */
    final OidcPages oidc;
    private final Sessions sessions;
    private final LoginThrottle throttle;
    final QueuePages queues;
    final SignalPage signal;
    final BibobPages bibob;
    final DashboardPage dashboard;

    Pages(final ReviewQueries queries, final DecisionDesk desk, final Users users, final EvidenceLookup evidence,
          final Sessions sessions, final Clock clock) {
        this(queries, desk, users, null, evidence, sessions, clock);
    }

    /** With exactly one of {@code users} (the login form) and {@code oidc} (the login at the identity provider). */
    Pages(final ReviewQueries queries, final DecisionDesk desk, final Users users, final OidcLogin oidc,
          final EvidenceLookup evidence, final Sessions sessions, final Clock clock) {
        if ((users == null) == (oidc == null)) {
            throw new IllegalArgumentException("the web UI logs in with the users file or at the identity provider, "
                    + "exactly one of them");
        }
        this.users = users;
        this.oidc = oidc == null ? null : new OidcPages(oidc, sessions, clock);
        this.sessions = sessions;
        this.throttle = new LoginThrottle(clock);
        this.queues = new QueuePages(queries, clock);
        this.signal = new SignalPage(queries, desk, evidence);
        this.bibob = new BibobPages(queries, desk, evidence);
        this.dashboard = new DashboardPage(queries);
    }

    /**
     * The login form. It makes no session: its CSRF token comes from the visitor's pre-login cookie (a fresh one
     * unless the browser has one), and a session cookie the browser already holds is left alone, so opening the form
     * in one tab never logs the other tabs out.
     */
    Response loginForm(final Request request) {
        if (request.session() != null) {
            return Response.redirect("/");
        }
        if (request.csrfToken() != null) {
            return Response.ok(loginPage(request, ""));
        }
        final String nonce = Sessions.newLoginNonce();
        return Response.ok(loginPage(request.withCsrfToken(sessions.loginToken(nonce)), "")).withHeader("Set-Cookie",
                Sessions.LOGIN_COOKIE + "=" + nonce + "; Path=/login; Max-Age=" + LOGIN_FORM_LIFETIME.toSeconds()
                        + Sessions.COOKIE_ATTRIBUTES);
    }

    Response login(final Request request) {
        final Lang lang = request.lang();
        final String name = request.form().getOrDefault("username", "");
        final String address = request.remoteAddress();
        // The log names a user only when the name is one: a password typed into the name field stays out of it.
        final String logged = users.role(name).isPresent() ? name : SecurityLog.ANONYMOUS;
        final Optional<Duration> locked = throttle.locked(name, address);
        if (locked.isPresent()) {
            SecurityLog.event(SecurityLog.LOGIN_THROTTLED, logged, address, request.path(),
                    "locked-" + locked.get().toSeconds() + "s");
            return Response.html(429, loginPage(request, lang.msg("login.throttled")))
                    .withHeader("Retry-After", Long.toString(Math.max(1, locked.get().toSeconds())));
        }
        final Optional<User> user = users.authenticate(name, request.form().getOrDefault("password", ""));
        if (user.isEmpty()) {
            throttle.failed(name, address);
            SecurityLog.event(SecurityLog.LOGIN_FAILED, logged, address, request.path(),
                    logged.equals(SecurityLog.ANONYMOUS) ? "unknown-user" : "wrong-password");
            return Response.html(401, loginPage(request, lang.msg("login.failed")));
        }
        throttle.succeeded(name);
        SecurityLog.event(SecurityLog.LOGIN_SUCCEEDED, user.get().name(), address, request.path(), "-");
        final Sessions.Session session = sessions.logIn(request.session(), user.get());
        return Response.redirect(safeNext(request.form().get("next")))
                .withHeader("Set-Cookie", Sessions.COOKIE + "=" + session.id() + "; Path=/" + Sessions.COOKIE_ATTRIBUTES)
                .withHeader("Set-Cookie", Sessions.LOGIN_COOKIE + "=; Path=/login; Max-Age=0" + Sessions.COOKIE_ATTRIBUTES);
    }

    /**
     * Ends the session here; after a login at the identity provider the browser goes on to the provider's end-session
     * URL, so its single sign-on ends too and the next login asks for the password again.
     */
    Response logout(final Request request) {
        sessions.end(request.session().id());
        final AuthenticatedUser identity = request.session().identity();
        final String next = identity == null || oidc == null ? "/login" : oidc.logoutLocation(identity);
        return Response.redirect(next).withHeader("Set-Cookie",
                Sessions.COOKIE + "=; Path=/; Max-Age=0" + Sessions.COOKIE_ATTRIBUTES);
    }

    Response home(final Request request) {
        switch (request.user().role()) {
            case ANALYST:
                return Response.redirect("/queue");
            case BIBOB_OFFICER:
                return Response.redirect("/bibob");
            case OPERATOR:
                return Response.ok(Templates.render("operations", Map.of("request", request)));
            default:
                return Response.ok(Templates.render("audit", Map.of("request", request)));
        }
    }

    Response staticFile(final Request request) {
        final String name = request.pathParameter(0);
        try (InputStream in = Pages.class.getResourceAsStream("/web/" + name)) {
            if (in == null) {
                return Response.html(404, "not found");
            }
            final String type = name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            return new Response(200, type, in.readAllBytes(), new ArrayList<>())
                    .withHeader("Cache-Control", "max-age=300");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the web resource " + name, e);
        }
    }

    private String loginPage(final Request request, final String error) {
        return Templates.render("login", Map.of("request", request, "error", error,
                "next", safeNext(request.param("next").orElse("/"))));
    }

    /**
     * Only a path on this server: a login link must not send the user elsewhere afterwards. Checked on what the
     * browser will read, so only ASCII path and query characters pass: a server that writes just the low byte of a
     * header character would send {@code /\u012Fevil.example} to the browser as {@code //evil.example}.
     * No scheme-relative {@code //} or {@code /\\}, no control characters, no back to the login form.
     */
    static String safeNext(final String next) {
        if (next == null || !SAFE_NEXT.matcher(next).matches() || next.startsWith("//") || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }
}
