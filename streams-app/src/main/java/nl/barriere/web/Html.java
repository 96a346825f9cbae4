package nl.barriere.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import nl.barriere.contract.Role;
import nl.barriere.contract.User;

/** The page frame and the small pieces every page uses. Everything from data goes through {@link #esc}. */
final class Html {

    /** The municipality's clock: analysts read times in Dutch local time. */
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZONE);

    private record NavLink(String path, String nl, String en, List<Role> roles) {
    }

    private static final List<NavLink> NAV = List.of(
            new NavLink("/queue", "Wachtrij", "Queue", List.of(Role.ANALYST)),
            new NavLink("/second-review", "Tweede beoordeling", "Second review", List.of(Role.ANALYST)),
            new NavLink("/signals", "Alle signalen", "All signals", List.of(Role.ANALYST, Role.AUDITOR)),
            new NavLink("/bibob", "Doorgezette aanvragen", "Flagged permits", List.of(Role.BIBOB_OFFICER)),
            new NavLink("/dashboard", "Dashboard", "Dashboard", List.of(Role.ANALYST, Role.OPERATOR, Role.AUDITOR)));

    private Html() {}

    static String esc(final Object value) {
        if (value == null) {
            return "";
        }
        final String text = value.toString();
        final StringBuilder out = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    static String dateTime(final Instant instant) {
        return DATE_TIME.format(instant);
    }

    static String date(final Instant instant) {
        return DATE.format(instant);
    }

    static String csrfField(final Request request) {
        return "<input type=\"hidden\" name=\"csrf\" value=\"" + esc(request.csrfToken()) + "\">";
    }

    /** A whole page: header with the user's navigation, language switch and logout, then {@code body}. */
    static String page(final Request request, final String title, final String body) {
        final Lang lang = request.lang();
        final StringBuilder html = new StringBuilder(body.length() + 2048);
        html.append("<!DOCTYPE html>\n<html lang=\"").append(lang.code()).append("\">\n<head>\n")
                .append("<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(title)).append(" · Barrière</title>\n")
                .append("<link rel=\"stylesheet\" href=\"/static/barriere.css\">\n")
                .append("<script src=\"/static/barriere.js\" defer></script>\n</head>\n<body>\n")
                .append("<header class=\"top\"><div class=\"brand\"><a href=\"/\">Barrière</a>")
                .append("<span class=\"tagline\">").append(lang.t("signalen ondermijning", "ondermijning signals"))
                .append("</span></div>\n");
        if (request.session() != null && request.session().loggedIn()) {
            final User user = request.user();
            html.append("<nav aria-label=\"").append(lang.t("Hoofdmenu", "Main menu")).append("\"><ul>");
            for (final NavLink link : NAV) {
                if (link.roles().contains(user.role())) {
                    final boolean current = request.path().equals(link.path());
                    html.append("<li><a href=\"").append(link.path()).append('"')
                            .append(current ? " aria-current=\"page\"" : "").append('>')
                            .append(esc(lang.t(link.nl(), link.en()))).append("</a></li>");
                }
            }
            html.append("</ul></nav>\n<div class=\"who\"><span class=\"user\">").append(esc(user.name()))
                    .append("</span> <span class=\"role\">").append(esc(lang.role(user.role()))).append("</span>")
                    .append(languageSwitch(request))
                    .append("<form method=\"post\" action=\"/logout\" class=\"inline\">").append(csrfField(request))
                    .append("<button type=\"submit\" class=\"link\">").append(lang.t("Uitloggen", "Log out"))
                    .append("</button></form></div>\n");
        } else {
            html.append("<div class=\"who\">").append(languageSwitch(request)).append("</div>\n");
        }
        html.append("</header>\n<main>\n").append(body).append("\n</main>\n")
                .append("<footer>").append(lang.t(
                        "Een signaal is een reden om te kijken, nooit een besluit. Elke inzage en elk besluit wordt vastgelegd.",
                        "A signal is a reason to look, never a decision. Every view and every decision is recorded."))
                .append("</footer>\n</body>\n</html>\n");
        return html.toString();
    }

    private static String languageSwitch(final Request request) {
        final Lang other = request.lang().other();
        return " <a class=\"lang\" hreflang=\"" + other.code() + "\" href=\"" + esc(request.path()) + "?lang="
                + other.code() + "\">" + (other == Lang.EN ? "English" : "Nederlands") + "</a> ";
    }

    /** A page that only says something: the 403 and 404 pages, and notices. */
    static String message(final Request request, final String title, final String text) {
        return page(request, title, "<h1>" + esc(title) + "</h1>\n<p>" + esc(text) + "</p>\n<p><a href=\"/\">"
                + request.lang().t("Naar de startpagina", "To the start page") + "</a></p>");
    }
}
