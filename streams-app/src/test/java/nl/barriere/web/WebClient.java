package nl.barriere.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** One browser's worth of HTTP for tests: its own cookies, no redirects followed, so every answer is visible. */
public final class WebClient {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final String base;

    public WebClient(final int port) {
        this.base = "http://localhost:" + port;
    }

    public HttpResponse<String> get(final String path) {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
    }

    public HttpResponse<String> post(final String path, final Map<String, String> form) {
        final String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Logs in through the form, as a browser would; returns the answer to the POST. */
    public HttpResponse<String> login(final String user, final String password) {
        final String token = csrf(get("/login").body());
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", token);
        form.put("username", user);
        form.put("password", password);
        return post("/login", form);
    }

    /** Takes a decision on a signal through its page's form, as an analyst does; returns the answer to the POST. */
    public HttpResponse<String> decide(final String signalId, final String action, final String rationale) {
        final Map<String, String> form = new LinkedHashMap<>();
        form.put("csrf", csrf(get("/signals/" + signalId).body()));
        form.put("action", action);
        form.put("rationale", rationale);
        return post("/signals/" + signalId + "/decision", form);
    }

    /** A browser logged in as {@code user}, on the UI at {@code port}. */
    public static WebClient loggedIn(final int port, final String user, final String password) {
        final WebClient client = new WebClient(port);
        assertThat(client.login(user, password).statusCode()).as("login of " + user).isEqualTo(303);
        return client;
    }

    /**
     * The page once it answers 200 naming every one of {@code texts}, asserting it does within a minute: the review
     * app shows what reached its stores a moment after it was written.
     */
    public String page(final String path, final String... texts) {
        final long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        HttpResponse<String> response = get(path);
        while (!(response.statusCode() == 200 && Arrays.stream(texts).allMatch(response.body()::contains))
                && System.nanoTime() < deadline) {
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            response = get(path);
        }
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.body()).as(path).contains(texts);
        return response.body();
    }

    /** The CSRF token of the first form on a page. */
    public static String csrf(final String html) {
        final Matcher matcher = CSRF.matcher(html);
        if (!matcher.find()) {
            throw new AssertionError("no CSRF field on the page:\n" + html);
        }
        return matcher.group(1);
    }

    private HttpResponse<String> send(final HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
