package nl.barriere.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.barriere.contract.User;

/**
 * One HTTP request as the pages see it: the route's path parameters, the query and form fields, the session (null
 * for an anonymous visitor), the CSRF token its forms carry (the session's, or before login the login form's), the
 * language, the address it came from and its cookies (by name). Built by {@link WebServer} after the access check, so {@code user()} is
 * there on every page that needs a login.
 */
record Request(String method, String path, List<String> pathParameters, Map<String, String> query,
               Map<String, String> form, Sessions.Session session, String csrfToken, Lang lang, String remoteAddress,
               Map<String, String> cookies) {

    User user() {
        return session.user();
    }

    /** The user's name for the security log, {@code anonymous} before login. */
    String userOrAnonymous() {
        return session == null ? SecurityLog.ANONYMOUS : session.user().name();
    }

    Request withCsrfToken(final String token) {
        return new Request(method, path, pathParameters, query, form, session, token, lang, remoteAddress, cookies);
    }

    Optional<String> param(final String name) {
        final String value = query.getOrDefault(name, form.get(name));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    String pathParameter(final int index) {
        return pathParameters.get(index);
    }
}
