package nl.barriere.web.oidc;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Plays the user's browser against Keycloak's login pages: keeps Keycloak's cookies, follows its redirects, fills
 * in the login form, and stops where Keycloak sends the browser back to Barrière (nothing listens there; the test
 * takes the code and state from that redirect, as the web layer would).
 */
public final class Browser {

    private static final Pattern LOGIN_FORM = Pattern.compile("<form[^>]*id=\"kc-form-login\"[^>]*>", Pattern.DOTALL);
    private static final Pattern ACTION = Pattern.compile("action=\"([^\"]+)\"");

    /** A page Keycloak showed, or the redirect to an address outside Keycloak where the browser stopped. */
    public record Answer(int status, URI location, String body) {

        public boolean showsLoginForm() {
            return status == 200 && LOGIN_FORM.matcher(body).find();
        }

        public Map<String, String> query() {
            return Browser.query(location);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    /** Keycloak's cookies by name; it sets them for its realm's path, which every request here is under. */
    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final String keycloakAuthority;

    public Browser(final URI issuer) {
        this.keycloakAuthority = issuer.getRawAuthority();
    }

    /** GET, following redirects within Keycloak; stops at a page or at a redirect leaving Keycloak. */
    public Answer open(final URI uri) throws IOException, InterruptedException {
        return follow(send(HttpRequest.newBuilder(uri).GET()));
    }

    /** Opens the authorization URL and, when Keycloak asks, logs in with this name and password. */
    public Answer logIn(final URI authorization, final String name, final String password) throws IOException, InterruptedException {
        final Answer page = open(authorization);
        if (!page.showsLoginForm()) {
            return page;
        }
        return submitLogin(page, name, password);
    }

    Answer submitLogin(final Answer page, final String name, final String password) throws IOException, InterruptedException {
        final Matcher form = LOGIN_FORM.matcher(page.body());
        if (!form.find()) {
            throw new IllegalStateException("no login form on the page (status " + page.status() + ")");
        }
        final Matcher action = ACTION.matcher(form.group());
        if (!action.find()) {
            throw new IllegalStateException("the login form has no action");
        }
        final URI target = URI.create(action.group(1).replace("&amp;", "&"));
        final String body = Map.of("username", name, "password", password, "credentialId", "").entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return follow(send(HttpRequest.newBuilder(target).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body))));
    }

    private Answer follow(final HttpResponse<String> first) throws IOException, InterruptedException {
        HttpResponse<String> response = first;
        for (int hops = 0; hops < 10; hops++) {
            final int status = response.statusCode();
            if (status < 300 || status >= 400) {
                return new Answer(status, response.uri(), response.body());
            }
            final URI next = response.uri().resolve(response.headers().firstValue("Location").orElseThrow());
            if (!keycloakAuthority.equals(next.getRawAuthority())) {
                return new Answer(status, next, response.body());
            }
            response = send(HttpRequest.newBuilder(next).GET());
        }
        throw new IllegalStateException("more than 10 redirects within Keycloak");
    }

    private HttpResponse<String> send(final HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                    .collect(Collectors.joining("; ")));
        }
        final HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(20)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (final String header : response.headers().allValues("Set-Cookie")) {
            final String pair = header.split(";", 2)[0];
            final int equals = pair.indexOf('=');
            final String name = pair.substring(0, equals).trim();
            final String value = pair.substring(equals + 1).trim();
            final boolean removed = value.isEmpty() || header.toLowerCase(java.util.Locale.ROOT).contains("max-age=0");
            if (removed) {
                cookies.remove(name);
            } else {
                cookies.put(name, value);
            }
        }
        return response;
    }

    public static Map<String, String> query(final URI uri) {
        final Map<String, String> values = new LinkedHashMap<>();
        final String raw = uri.getRawQuery();
        if (raw == null) {
            return values;
        }
        for (final String pair : raw.split("&")) {
            final List<String> parts = List.of(pair.split("=", 2));
            values.put(URLDecoder.decode(parts.get(0), StandardCharsets.UTF_8),
                    parts.size() > 1 ? URLDecoder.decode(parts.get(1), StandardCharsets.UTF_8) : "");
        }
        return values;
    }
}
