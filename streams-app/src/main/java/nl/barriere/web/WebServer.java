package nl.barriere.web;

import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.barriere.contract.Role;
import nl.barriere.platform.Metrics;
import nl.barriere.review.DecisionDesk;
import nl.barriere.review.ReviewQueries;
import nl.barriere.review.ReviewUnavailableException;
import nl.barriere.web.oidc.OidcLogin;
import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The review web UI: server-rendered pages on Javalin (Jetty underneath), against the review app's queries and
 * decision desk. {@link #ROUTES} is the one place that says which role may use which page; every request passes
 * that check (and, for a POST, the session's CSRF token) before a page sees it.
 *
 * <p>Every answer is timed ({@link Metrics#HTTP_REQUESTS}) by its route's path pattern, not the path itself, so a
 * signal's id never becomes a label; a path no route knows is {@value #UNKNOWN_ROUTE}.
 */
public final class WebServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WebServer.class);
    static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(30);
    /** Workers unless {@code web.threads} says otherwise: requests served at once, each one may block. */
    public static final int DEFAULT_THREADS = 32;
    /**
     * How long a connection may send nothing: a half-sent request, or a kept-alive connection between requests, is
     * closed after it, without an answer.
     */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** A request body slower than this (bytes a second) is cut off, so trickling bytes cannot hold a worker. */
    static final long MIN_REQUEST_BYTES_PER_SECOND = 1024;
    /** Jetty's own threads on the pool beside the workers: one acceptor and one selector. */
    private static final int JETTY_THREADS = 2;
    private static final String LANG_COOKIE = "barriere-lang";
    private static final int MAX_FORM_BYTES = 64 * 1024;
    static final String UNKNOWN_ROUTE = "other";

    /** Who may use a route: nobody needs to be logged in for a public one (login form, style sheet). */
    record Route(String method, Pattern path, Set<Role> roles, boolean isPublic, Function<Request, Response> page) {

        Optional<List<String>> match(final String requestPath) {
            final Matcher matcher = path.matcher(requestPath);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            final List<String> groups = new ArrayList<>();
            for (int i = 1; i <= matcher.groupCount(); i++) {
                groups.add(matcher.group(i));
            }
            return Optional.of(groups);
        }
    }

    /** Every route, method and path, with the roles allowed; the description a reviewer checks rule by rule. */
    static List<Route> routes(final Pages pages) {
        final Set<Role> analyst = EnumSet.of(Role.ANALYST);
        final Set<Role> anyone = EnumSet.allOf(Role.class);
        final List<Route> table = new ArrayList<>();
        if (pages.oidc == null) {
            table.add(open("GET", "/login", pages::loginForm));
            table.add(open("POST", "/login", pages::login));
        } else {
            // The login is the identity provider's: no password form here, the users file is not read.
            table.add(open("GET", "/login", pages.oidc::begin));
            table.add(open("GET", literal(pages.oidc.callbackPath()), pages.oidc::complete));
            table.add(open("GET", OidcPages.CHOOSE_ROLE, pages.oidc::roleForm));
            table.add(open("POST", OidcPages.CHOOSE_ROLE, pages.oidc::chooseRole));
            table.add(open("GET", OidcPages.LOGGED_OUT, pages.oidc::loggedOut));
        }
        table.addAll(List.of(
                open("GET", "/static/([a-z]+\\.(?:css|js))", pages::staticFile),
                route("POST", "/logout", anyone, pages::logout),
                route("GET", "/", anyone, pages::home),
                route("GET", "/queue", analyst, pages.queues::queue),
                route("GET", "/second-review", analyst, pages.queues::secondReview),
                route("GET", "/signals", EnumSet.of(Role.ANALYST, Role.AUDITOR), pages.queues::allSignals),
                // Auditors read a signal's evidence and history (DESIGN.md §1); only analysts decide.
                route("GET", "/signals/([A-Za-z0-9_-]+)", EnumSet.of(Role.ANALYST, Role.AUDITOR), pages.signal::show),
                route("POST", SignalPage.DECISION_PATH, analyst, pages.signal::decide),
                route("GET", "/bibob", EnumSet.of(Role.BIBOB_OFFICER), pages.bibob::list),
                route("GET", "/bibob/permits/([A-Za-z0-9_.-]+)", EnumSet.of(Role.BIBOB_OFFICER), pages.bibob::show),
                route("POST", "/bibob/permits/([A-Za-z0-9_.-]+)/steps", EnumSet.of(Role.BIBOB_OFFICER),
                        pages.bibob::step),
                route("GET", "/dashboard", EnumSet.of(Role.ANALYST, Role.OPERATOR, Role.AUDITOR), pages.dashboard::show)));
        return List.copyOf(table);
    }

    /** A configured path as a pattern matching just that path. */
    private static String literal(final String path) {
        return path.replaceAll("[^A-Za-z0-9/_-]", "\\\\$0");
    }

    private static Route route(final String method, final String path, final Set<Role> roles,
                               final Function<Request, Response> page) {
        return new Route(method, Pattern.compile(path), Set.copyOf(roles), false, page);
    }

    private static Route open(final String method, final String path, final Function<Request, Response> page) {
        return new Route(method, Pattern.compile(path), Set.of(), true, page);
    }

    private final Javalin app;
    private final Sessions sessions;
    private final List<Route> routes;
    private final String contentSecurityPolicy;

    private WebServer(final Javalin app, final Sessions sessions, final List<Route> routes,
                      final String contentSecurityPolicy) {
        this.app = app;
        this.sessions = sessions;
        this.routes = routes;
        this.contentSecurityPolicy = contentSecurityPolicy;
    }

    /**
     * Forms post to this server only; after a login at the identity provider the logout form's answer redirects on to
     * the provider's end-session URL, which a browser checks against {@code form-action} as well.
     */
    private static String contentSecurityPolicy(final Pages pages) {
        final String formAction = pages.oidc == null ? "'self'"
                : pages.oidc.logoutOrigin().map(origin -> "'self' " + origin).orElse("'self'");
        return "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; form-action " + formAction
                + "; base-uri 'none'";
    }

    /** Serves the UI on {@code port} (0: any free port, see {@link #port()}) of the loopback interface. */
    public static WebServer start(final int port, final ReviewQueries queries, final DecisionDesk desk,
                                  final Users users, final EvidenceLookup evidence) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), queries, desk, users, evidence,
                DEFAULT_THREADS);
    }

    /**
     * Serves the UI on {@code address} (port 0: any free port, see {@link #port()}) with {@code threads} workers.
     * A worker serves one request at a time, from the end of its headers to its last byte, and may wait on the review
     * stores or on Kafka for evidence meanwhile, so there are more of them than cores. Headers are read without a
     * worker (Jetty reads them on its selector), and a connection that sends nothing for {@link #REQUEST_TIMEOUT} is
     * closed, which gives back a worker waiting for a half-sent body.
     */
    public static WebServer start(final InetSocketAddress address, final ReviewQueries queries, final DecisionDesk desk,
                                  final Users users, final EvidenceLookup evidence, final int threads) {
        return start(address, queries, desk, users, evidence, Clock.systemUTC(), DEFAULT_IDLE_TIMEOUT, threads);
    }

    /**
     * As {@link #start(InetSocketAddress, ReviewQueries, DecisionDesk, Users, EvidenceLookup, int)}, with the login at
     * the identity provider instead of a users file: {@code /login} sends the browser there, the redirect URI's path
     * makes the session, and a session ends when the ID token it was made from expires.
     */
    public static WebServer start(final InetSocketAddress address, final ReviewQueries queries, final DecisionDesk desk,
                                  final OidcLogin oidc, final EvidenceLookup evidence, final int threads) {
        return start(address, queries, desk, null, Objects.requireNonNull(oidc), evidence, Clock.systemUTC(),
                DEFAULT_IDLE_TIMEOUT, threads);
    }

    static WebServer start(final int port, final ReviewQueries queries, final DecisionDesk desk, final Users users,
                           final EvidenceLookup evidence, final Clock clock, final Duration idleTimeout) {
        return start(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), queries, desk, users, evidence,
                clock, idleTimeout, DEFAULT_THREADS);
    }

    static WebServer start(final InetSocketAddress address, final ReviewQueries queries, final DecisionDesk desk,
                           final Users users, final EvidenceLookup evidence, final Clock clock,
                           final Duration idleTimeout, final int threads) {
        return start(address, queries, desk, Objects.requireNonNull(users), null, evidence, clock, idleTimeout, threads);
    }

    /** With exactly one of {@code users} and {@code oidc}: the users file's login form, or the identity provider's. */
    static WebServer start(final InetSocketAddress address, final ReviewQueries queries, final DecisionDesk desk,
                           final Users users, final OidcLogin oidc, final EvidenceLookup evidence, final Clock clock,
                           final Duration idleTimeout, final int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("web.threads must be at least 1, not " + threads);
        }
        final Sessions sessions = new Sessions(clock, idleTimeout);
        final Pages pages = new Pages(queries, desk, users, oidc, evidence, sessions, clock);
        final List<Route> routes = routes(pages);
        final WebServer[] web = new WebServer[1];
        final Javalin app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            // Jetty's acceptor and selector run on the same pool: the workers come on top of them.
            final QueuedThreadPool pool = new QueuedThreadPool(threads + JETTY_THREADS, Math.min(threads, 8) + JETTY_THREADS);
            pool.setName("web");
            pool.setDaemon(true);
            pool.setReservedThreads(0);
            config.jetty.threadPool = pool;
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                // A body that trickles in slower than this is cut off before the idle timeout would see it.
                http.setMinRequestDataRate(MIN_REQUEST_BYTES_PER_SECOND);
            });
            config.jetty.addConnector((server, http) -> {
                final ServerConnector connector = new ServerConnector(server, 1, 1, new HttpConnectionFactory(http));
                connector.setHost(address.getAddress().getHostAddress());
                connector.setPort(address.getPort());
                connector.setIdleTimeout(REQUEST_TIMEOUT.toMillis());
                return connector;
            });
            // Every method on every path comes to one handler: the route table below is the one access check.
            for (final HandlerType method : HandlerType.commonHttp()) {
                for (final String path : List.of("/", "/*")) {
                    config.routes.addEndpoint(new Endpoint(method, path, ctx -> web[0].handle(ctx)));
                }
            }
        });
        web[0] = new WebServer(app, sessions, routes, contentSecurityPolicy(pages));
        try {
            app.start();
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot serve the web UI on " + address, e);
        }
        LOG.info("web UI on {}:{} with {} workers; a connection idle for {} s is closed", address.getHostString(),
                web[0].port(), threads, REQUEST_TIMEOUT.toSeconds());
        return web[0];
    }

    /** Sessions held in memory: logged-in browsers only (an anonymous visitor has none). */
    int liveSessions() {
        return sessions.live();
    }

    public int port() {
        return ((ServerConnector) app.jettyServer().server().getConnectors()[0]).getLocalPort();
    }

    @Override
    public void close() {
        app.stop();
    }

    /**
     * While the review stores move between instances: says so in both languages (the request's is not read yet), and
     * reloads itself after five seconds.
     */
    private static final String UNAVAILABLE = Templates.render("unavailable", Map.of());

    private void handle(final Context ctx) {
        final Timer.Sample sample = Timer.start();
        final String method = ctx.req().getMethod();
        final String path = ctx.req().getRequestURI();
        int status = 500;
        try {
            Response response;
            try {
                response = respond(ctx, method, path);
            } catch (ReviewUnavailableException e) {
                LOG.warn("{} {}: {}", method, path, e.getMessage());
                response = Response.html(503, UNAVAILABLE).withHeader("Retry-After", "5");
            } catch (UncheckedIOException e) {
                // The request did not arrive in time or the client went away: there is no one to answer.
                LOG.debug("{} {}: {}", method, path, e.getMessage());
                status = 408;
                abort(ctx);
                return;
            } catch (RuntimeException e) {
                LOG.error("{} {} failed", method, path, e);
                response = Response.html(500, "<!DOCTYPE html><html><body><h1>500</h1><p>Er ging iets mis; het is "
                        + "vastgelegd in het serverlog. Something went wrong; it was logged.</p></body></html>");
            }
            status = response.status();
            send(ctx, response, contentSecurityPolicy);
        } finally {
            sample.stop(Metrics.httpRequest(routeOf(path), method, status));
        }
    }

    /** Closes the connection without an answer. */
    private static void abort(final Context ctx) {
        ServletContextRequest.getServletContextRequest(ctx.req()).getConnectionMetaData().getConnection()
                .getEndPoint().close();
    }

    /** The path pattern of the route the request's path matches, whatever its method. */
    private String routeOf(final String path) {
        return routes.stream().filter(route -> route.path().matcher(path).matches()).findFirst()
                .map(route -> route.path().pattern()).orElse(UNKNOWN_ROUTE);
    }

    private Response respond(final Context ctx, final String method, final String path) {
        final String remote = ctx.req().getRemoteAddr();
        final Map<String, String> query = decodeForm(ctx.req().getQueryString());
        final Map<String, String> cookies = cookies(ctx);
        final Optional<Sessions.Session> session = sessions.touch(cookies.get(Sessions.COOKIE));
        final Lang lang = Lang.of(query.getOrDefault("lang", cookies.getOrDefault(LANG_COOKIE, "nl")));
        final boolean loggedIn = session.isPresent();
        final String loginNonce = cookies.get(Sessions.LOGIN_COOKIE);
        final String loginToken = loginNonce == null || loginNonce.isEmpty() ? null : sessions.loginToken(loginNonce);
        final String csrfToken = session.map(Sessions.Session::csrfToken).orElse(loginToken);

        final Request bare = new Request(method, path, List.of(), query, Map.of(), session.orElse(null), csrfToken,
                lang, remote, cookies);
        Optional<Route> matched = Optional.empty();
        List<String> parameters = List.of();
        boolean pathKnown = false;
        for (final Route route : routes) {
            final Optional<List<String>> groups = route.match(path);
            if (groups.isPresent()) {
                pathKnown = true;
                if (route.method().equals(method)) {
                    matched = Optional.of(route);
                    parameters = groups.get();
                    break;
                }
            }
        }
        final Response response;
        if (!loggedIn && matched.isPresent() && matched.get().path().pattern().equals(SignalPage.DECISION_PATH)) {
            // The session ended while the analyst wrote: nothing is decided, but the rationale comes back to them.
            response = SignalPage.sessionEnded(bare, parameters.get(0), readForm(ctx).getOrDefault("rationale", ""));
        } else if (matched.isEmpty() || !matched.get().isPublic() && !loggedIn) {
            response = refuse(bare, loggedIn, pathKnown, method, path);
        } else if (!matched.get().isPublic() && !matched.get().roles().contains(session.get().user().role())) {
            SecurityLog.event(SecurityLog.FORBIDDEN, bare.userOrAnonymous(), remote, path,
                    "role-" + session.get().user().role().id());
            response = Response.html(403, Html.message(bare, lang.msg("refused.forbidden.title"),
                    lang.msg("refused.forbidden.text", lang.role(session.get().user().role()))));
        } else if (method.equals("POST")) {
            final Map<String, String> form = readForm(ctx);
            final String token = form.get("csrf");
            // The login form's token is good for the login only; every other form needs the session's.
            final boolean valid = token != null
                    && (session.isPresent() && constantTimeEquals(token, session.get().csrfToken())
                    || matched.get().isPublic() && loginToken != null && constantTimeEquals(token, loginToken));
            if (!valid) {
                SecurityLog.event(SecurityLog.CSRF_REFUSED, bare.userOrAnonymous(), remote, path,
                        token == null ? "no-token" : "token-mismatch");
                response = Response.html(403, Html.message(bare, lang.msg("refused.csrf.title"),
                        lang.msg("refused.csrf.text")));
            } else {
                response = matched.get().page().apply(new Request(method, path, parameters, query, form,
                        session.orElse(null), csrfToken, lang, remote, cookies));
            }
        } else {
            response = matched.get().page().apply(new Request(method, path, parameters, query, Map.of(),
                    session.orElse(null), csrfToken, lang, remote, cookies));
        }
        if (query.containsKey("lang")) {
            response.withHeader("Set-Cookie", LANG_COOKIE + "=" + lang.code() + "; Path=/; SameSite=Lax; Max-Age=31536000");
        }
        return response;
    }

    private static Response refuse(final Request request, final boolean loggedIn, final boolean pathKnown,
                                   final String method, final String path) {
        final Lang lang = request.lang();
        if (!loggedIn) {
            if (method.equals("GET")) {
                return Response.redirect("/login?next=" + URLEncoder.encode(path, StandardCharsets.UTF_8));
            }
            return Response.html(401, Html.message(request, lang.msg("refused.login.title"),
                    lang.msg("refused.login.text")));
        }
        if (pathKnown) {
            return Response.html(405, Html.message(request, "405", lang.msg("refused.method.text")));
        }
        return Response.html(404, Html.message(request, lang.msg("refused.not-found.title"),
                lang.msg("refused.not-found.text")));
    }

    private static void send(final Context ctx, final Response response, final String contentSecurityPolicy) {
        final HttpServletResponse out = ctx.res();
        out.setStatus(response.status());
        out.setHeader("Content-Type", response.contentType());
        out.setHeader("X-Content-Type-Options", "nosniff");
        out.setHeader("Referrer-Policy", "same-origin");
        out.setHeader("Content-Security-Policy", contentSecurityPolicy);
        if (response.headers().stream().noneMatch(header -> header.name().equals("Cache-Control"))) {
            // Pages carry case data, and a redirect after a decision is an answer to it: no copies in shared
            // caches or the browser's back-forward store, so Back reloads from the server. Only the static files
            // say otherwise.
            out.setHeader("Cache-Control", "no-store");
        }
        for (final Response.Header header : response.headers()) {
            out.addHeader(header.name(), header.value());
        }
        ctx.result(response.body());
    }

    private static Map<String, String> readForm(final Context ctx) {
        final String type = ctx.req().getContentType();
        if (type == null || !type.startsWith("application/x-www-form-urlencoded")) {
            return Map.of();
        }
        try (InputStream in = ctx.req().getInputStream()) {
            final byte[] bytes = in.readNBytes(MAX_FORM_BYTES + 1);
            if (bytes.length > MAX_FORM_BYTES) {
                return Map.of();
            }
            return decodeForm(new String(bytes, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("the form did not arrive", e);
        }
    }

    static Map<String, String> decodeForm(final String raw) {
        final Map<String, String> fields = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return fields;
        }
        for (final String pair : raw.split("&")) {
            final int eq = pair.indexOf('=');
            final String name = eq < 0 ? pair : pair.substring(0, eq);
            final String value = eq < 0 ? "" : pair.substring(eq + 1);
            try {
                fields.putIfAbsent(URLDecoder.decode(name, StandardCharsets.UTF_8),
                        URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                // A malformed escape is not a field we can read; the page then sees it as absent.
                LOG.debug("unreadable form field {}", name);
            }
        }
        return fields;
    }

    private static Map<String, String> cookies(final Context ctx) {
        final Map<String, String> cookies = new LinkedHashMap<>();
        for (final String header : Collections.list(ctx.req().getHeaders("Cookie"))) {
            for (final String part : header.split(";")) {
                final int eq = part.indexOf('=');
                if (eq > 0) {
                    // A cookie-value may come in double quotes (RFC 6265 §4.1.1; Java's own client sends them so).
                    final String value = part.substring(eq + 1).strip();
                    cookies.putIfAbsent(part.substring(0, eq).strip(), value.length() >= 2 && value.startsWith("\"")
                            && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value);
                }
            }
        }
        return cookies;
    }

    private static boolean constantTimeEquals(final String a, final String b) {
        return java.security.MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
