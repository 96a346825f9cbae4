package nl.barriere.web;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import nl.barriere.contract.Role;

/**
 * The small pieces every page uses: the municipality's time zone and date formats, the menu of the user's role, and
 * the one-message page (template {@code message}).
 */
final class Html {

    /** The municipality's clock: analysts read times in Dutch local time. */
    static final ZoneId ZONE = ZoneId.of("Europe/Amsterdam");
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZONE);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd").withZone(ZONE);

    private record Nav(String path, String key, List<Role> roles) {
    }

    /** A link of the page's menu, in the page's language; {@code current} when it is the page itself. */
    record NavLink(String path, String label, boolean current) {
    }

    private static final List<Nav> NAV = List.of(
            new Nav("/queue", "nav.queue", List.of(Role.ANALYST)),
            new Nav("/second-review", "nav.second-review", List.of(Role.ANALYST)),
            new Nav("/signals", "nav.signals", List.of(Role.ANALYST, Role.AUDITOR)),
            new Nav("/bibob", "nav.bibob", List.of(Role.BIBOB_OFFICER)),
            new Nav("/dashboard", "nav.dashboard", List.of(Role.ANALYST, Role.OPERATOR, Role.AUDITOR)));

    private Html() {}

    static String dateTime(final Instant instant) {
        return DATE_TIME.format(instant);
    }

    static String date(final Instant instant) {
        return DATE.format(instant);
    }

    /** The menu of the logged-in user's role. */
    static List<NavLink> nav(final Request request) {
        return NAV.stream().filter(link -> link.roles().contains(request.user().role()))
                .map(link -> new NavLink(link.path(), request.lang().msg(link.key()), request.path().equals(link.path())))
                .toList();
    }

    /** A page that only says something: the 403 and 404 pages, and notices. */
    static String message(final Request request, final String title, final String text) {
        return Templates.render("message", Map.of("request", request, "title", title, "text", text));
    }
}
