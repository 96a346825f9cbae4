package nl.barriere.web;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.barriere.contract.User;

/**
 * One HTTP request as the pages see it: the route's path parameters, the query and form fields, the session and
 * the language. Built by {@link WebServer} after the access check, so {@code user()} is there on every page that
 * needs a login.
 */
record Request(String method, String path, List<String> pathParameters, Map<String, String> query,
               Map<String, String> form, Sessions.Session session, Lang lang) {

    User user() {
        return session.user();
    }

    String csrfToken() {
        return session.csrfToken();
    }

    Optional<String> param(final String name) {
        final String value = query.getOrDefault(name, form.get(name));
        return value == null || value.isBlank() ? Optional.empty() : Optional.of(value);
    }

    String pathParameter(final int index) {
        return pathParameters.get(index);
    }
}
