package nl.barriere.web;

import static nl.barriere.web.Html.esc;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Optional;
import nl.barriere.contract.User;
import nl.barriere.review.DecisionDesk;
import nl.barriere.review.ReviewQueries;

/**
 * The handlers {@link WebServer#routes} points at. Login, logout and the start page live here; the case pages
 * have a class each, which the route table names directly. By the time a handler runs, the route's role check and the CSRF check have passed.
 */
final class Pages {

    private final Users users;
    private final Sessions sessions;
    final QueuePages queues;
    final SignalPage signal;
    final BibobPages bibob;
    final DashboardPage dashboard;

    Pages(final ReviewQueries queries, final DecisionDesk desk, final Users users, final EvidenceLookup evidence,
          final Sessions sessions, final Clock clock) {
        this.users = users;
        this.sessions = sessions;
        this.queues = new QueuePages(queries, clock);
        this.signal = new SignalPage(queries, desk, evidence);
        this.bibob = new BibobPages(queries, desk, evidence);
        this.dashboard = new DashboardPage(queries);
    }

    Response loginForm(final Request request) {
        if (request.session() != null && request.session().loggedIn()) {
            return Response.redirect("/");
        }
        final Sessions.Session session = request.session() != null ? request.session() : sessions.startAnonymous();
        final Request anonymous = new Request(request.method(), request.path(), request.pathParameters(),
                request.query(), request.form(), session, request.lang());
        return withSessionCookie(Response.ok(loginPage(anonymous, "")), session);
    }

    Response login(final Request request) {
        final Lang lang = request.lang();
        final Optional<User> user = users.authenticate(request.form().getOrDefault("username", ""),
                request.form().getOrDefault("password", ""));
        if (user.isEmpty()) {
            return Response.html(401, loginPage(request, lang.t(
                    "Inloggen mislukt: de combinatie van gebruikersnaam en wachtwoord is onbekend.",
                    "Login failed: that combination of user name and password is not known.")));
        }
        final Sessions.Session session = sessions.logIn(request.session(), user.get());
        return withSessionCookie(Response.redirect(safeNext(request.form().get("next"))), session);
    }

    Response logout(final Request request) {
        sessions.end(request.session().id());
        return Response.redirect("/login").withHeader("Set-Cookie",
                Sessions.COOKIE + "=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0");
    }

    Response home(final Request request) {
        final Lang lang = request.lang();
        switch (request.user().role()) {
            case ANALYST:
                return Response.redirect("/queue");
            case BIBOB_OFFICER:
                return Response.redirect("/bibob");
            case OPERATOR:
                return Response.ok(Html.page(request, lang.t("Beheer", "Operations"), "<h1>"
                        + lang.t("Beheer", "Operations") + "</h1>\n<ul class=\"links\"><li><a href=\"/dashboard\">"
                        + lang.t("Dashboard: signalen en beoordelingen per indicator",
                                "Dashboard: signals and reviews per indicator") + "</a></li></ul>\n<p>"
                        + lang.t("Herafspelen, vergelijken en het registeritem lopen via de opdrachtregel "
                                + "(<code>barriere --help</code>).", "Replay, diff and the register entry run from the "
                                + "command line (<code>barriere --help</code>).") + "</p>"));
            default:
                return Response.ok(Html.page(request, "Audit", "<h1>Audit</h1>\n<ul class=\"links\">"
                        + "<li><a href=\"/signals\">" + lang.t("Alle signalen, met bewijs en besluiten",
                        "All signals, with evidence and decisions") + "</a></li><li><a href=\"/dashboard\">"
                        + lang.t("Dashboard: aandelen afgewezen en opgeschaald per indicator",
                        "Dashboard: dismissal and escalation rates per indicator") + "</a></li></ul>\n<p>"
                        + lang.t("Elke inzage van een signaal wordt vastgelegd, ook die van een auditor.",
                        "Every view of a signal is recorded, an auditor's too.") + "</p>"));
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
        final Lang lang = request.lang();
        final String next = request.param("next").orElse("/");
        return Html.page(request, lang.t("Inloggen", "Log in"), "<section class=\"login\">\n<h1>"
                + lang.t("Inloggen", "Log in") + "</h1>\n"
                + (error.isEmpty() ? "" : "<p class=\"error\" role=\"alert\">" + esc(error) + "</p>\n")
                + "<form method=\"post\" action=\"/login\">" + Html.csrfField(request)
                + "<input type=\"hidden\" name=\"next\" value=\"" + esc(safeNext(next)) + "\">\n"
                + "<label for=\"username\">" + lang.t("Gebruikersnaam", "User name") + "</label>\n"
                + "<input id=\"username\" name=\"username\" autocomplete=\"username\" required autofocus>\n"
                + "<label for=\"password\">" + lang.t("Wachtwoord", "Password") + "</label>\n"
                + "<input id=\"password\" name=\"password\" type=\"password\" autocomplete=\"current-password\" required>\n"
                + "<button type=\"submit\">" + lang.t("Inloggen", "Log in") + "</button>\n</form>\n</section>");
    }

    /** Only a path on this server: a login link must not send the user elsewhere afterwards. */
    private static String safeNext(final String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.startsWith("/login")) {
            return "/";
        }
        return next;
    }

    private Response withSessionCookie(final Response response, final Sessions.Session session) {
        return response.withHeader("Set-Cookie", Sessions.COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict");
    }
}
