package nl.barriere.web;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import nl.barriere.contract.Role;
import nl.barriere.contract.User;
import nl.barriere.web.oidc.AuthenticatedUser;
import nl.barriere.web.oidc.OidcLogin;
import nl.barriere.web.oidc.OidcRefusal;

/**
 * The login at the municipality's identity provider (README, Login with OpenID Connect): {@code /login} sends the
 * browser there, the redirect URI's path takes it back and makes the session, {@value #CHOOSE_ROLE} lets a user whose
 * groups give several roles pick the one to act in, and {@value #LOGGED_OUT} is where the provider may send the
 * browser after logout. A refused login gets a neutral page; the reason goes to the security log only.
 */
final class OidcPages {

    /** Where a user whose groups give several roles chooses one; under {@code /login}, so the login form's token is sent. */
    static final String CHOOSE_ROLE = "/login/role";
    /** Where the provider may send the browser after logout ({@code oidc.post.logout.redirect.uri}). */
    static final String LOGGED_OUT = "/logged-out";
    /** The pending role choice's id; sent only to {@value #CHOOSE_ROLE}. */
    static final String CHOICE_COOKIE = "barriere-role-choice";
    /** At most this many logins waiting for their role choice; each comes from someone the provider vouched for. */
    private static final int MAX_CHOICES = 10_000;

    /** A login the provider completed whose user still has to choose their role. */
    private record Choice(AuthenticatedUser user, String returnTo, Instant until) {
    }

    private final OidcLogin login;
    private final Sessions sessions;
    private final Clock clock;
    private final String callbackPath;
    private final Map<String, Choice> choices = new ConcurrentHashMap<>();

    OidcPages(final OidcLogin login, final Sessions sessions, final Clock clock) {
        this.login = login;
        this.sessions = sessions;
        this.clock = clock;
        final String path = login.redirectUri().getRawPath();
        this.callbackPath = path == null || path.isEmpty() ? "/" : path;
    }

    /**
     * The provider's origin where logout sends the browser on, for the pages' {@code form-action}: the logout form's
     * answer redirects there, and a browser holds a form's redirects to that directive too.
     */
    Optional<String> logoutOrigin() {
        return login.endSessionEndpoint().map(uri -> uri.getScheme() + "://" + uri.getRawAuthority());
    }

    /** The redirect URI's path: the route that completes a login. */
    String callbackPath() {
        return callbackPath;
    }

    /** {@code GET /login}: to the provider, with this login's state, nonce and verifier in the pending-login cookie. */
    Response begin(final Request request) {
        if (request.session() != null) {
            return Response.redirect("/");
        }
        final OidcLogin.Redirect redirect = login.begin(Pages.safeNext(request.param("next").orElse("/")));
        return Response.redirect(redirect.location().toString()).withHeader("Set-Cookie", redirect.setCookie());
    }

    /** The redirect URI: the code is exchanged, the ID token checked, and a session made or the login refused. */
    Response complete(final Request request) {
        final Response answer;
        final Optional<String> error = request.param("error");
        if (error.isPresent()) {
            // The provider ended the login itself (the user cancelled, or the client is not allowed): say nothing more.
            answer = refused(request, OidcRefusal.Reason.PROVIDER_ERROR.id(), 401);
        } else {
            answer = exchange(request);
        }
        return answer.withHeader("Set-Cookie", OidcLogin.COOKIE + "=; Path=" + callbackPath + "; Max-Age=0"
                + Sessions.COOKIE_ATTRIBUTES);
    }

    private Response exchange(final Request request) {
        final OidcLogin.Completed completed;
        try {
            completed = login.complete(request.query().get("code"), request.query().get("state"),
                    request.cookies().get(OidcLogin.COOKIE));
        } catch (OidcRefusal refusal) {
            return refused(request, refusal.reason().id(), 401);
        } catch (IOException e) {
            return refused(request, "provider-unreachable", 502);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return refused(request, "interrupted", 503);
        }
        final AuthenticatedUser user = completed.user();
        final String returnTo = Pages.safeNext(completed.returnTo());
        final Optional<User> only = user.inOnlyRole();
        if (only.isPresent()) {
            return loggedIn(request, only.get(), user, returnTo);
        }
        final Instant now = clock.instant();
        choices.values().removeIf(choice -> !choice.until().isAfter(now));
        if (choices.size() >= MAX_CHOICES) {
            return refused(request, "too-many-pending-logins", 503);
        }
        final String id = Sessions.newLoginNonce();
        final Instant until = min(now.plus(OidcLogin.LOGIN_TIMEOUT), user.expiresAt());
        choices.put(id, new Choice(user, returnTo, until));
        final String nonce = Sessions.newLoginNonce();
        return Response.redirect(CHOOSE_ROLE)
                .withHeader("Set-Cookie", CHOICE_COOKIE + "=" + id + "; Path=" + CHOOSE_ROLE + "; Max-Age="
                        + OidcLogin.LOGIN_TIMEOUT.toSeconds() + Sessions.COOKIE_ATTRIBUTES)
                // the choice form's CSRF token comes from this cookie, as the password form's does
                .withHeader("Set-Cookie", Sessions.LOGIN_COOKIE + "=" + nonce + "; Path=/login; Max-Age="
                        + OidcLogin.LOGIN_TIMEOUT.toSeconds() + Sessions.COOKIE_ATTRIBUTES);
    }

    /** {@code GET /login/role}: one button per role the user's groups give. */
    Response roleForm(final Request request) {
        final Optional<Choice> choice = pending(request);
        if (choice.isEmpty()) {
            return Response.redirect("/login");
        }
        final List<Role> roles = Arrays.stream(Role.values()).filter(choice.get().user().roles()::contains).toList();
        if (request.csrfToken() != null) {
            return Response.ok(Templates.render("chooseRole", Map.of("request", request,
                    "name", choice.get().user().name(), "roles", roles)));
        }
        final String nonce = Sessions.newLoginNonce();
        return Response.ok(Templates.render("chooseRole", Map.of("request",
                        request.withCsrfToken(sessions.loginToken(nonce)), "name", choice.get().user().name(), "roles", roles)))
                .withHeader("Set-Cookie", Sessions.LOGIN_COOKIE + "=" + nonce + "; Path=/login; Max-Age="
                        + OidcLogin.LOGIN_TIMEOUT.toSeconds() + Sessions.COOKIE_ATTRIBUTES);
    }

    /** {@code POST /login/role}: the session, in the role chosen. */
    Response chooseRole(final Request request) {
        final Optional<Choice> choice = pending(request);
        if (choice.isEmpty()) {
            return Response.redirect("/login");
        }
        final Optional<User> acting = Role.byId(request.form().getOrDefault("role", ""))
                .flatMap(choice.get().user()::actingAs);
        if (acting.isEmpty()) {
            SecurityLog.event(SecurityLog.LOGIN_FAILED, choice.get().user().name(), request.remoteAddress(),
                    request.path(), "role-not-held");
            return Response.html(403, Html.message(request, request.lang().msg("login.oidc.failed.title"),
                    request.lang().msg("login.oidc.failed.text")));
        }
        choices.remove(request.cookies().get(CHOICE_COOKIE));
        return loggedIn(request, acting.get(), choice.get().user(), choice.get().returnTo())
                .withHeader("Set-Cookie", CHOICE_COOKIE + "=; Path=" + CHOOSE_ROLE + "; Max-Age=0"
                        + Sessions.COOKIE_ATTRIBUTES);
    }

    /** Where the provider sends the browser after logout: says so, with the way back in. */
    Response loggedOut(final Request request) {
        if (request.session() != null) {
            return Response.redirect("/");
        }
        return Response.ok(Templates.render("loggedOut", Map.of("request", request)));
    }

    /** Where logout sends the browser on: the provider's end-session URL, or this server's logged-out page. */
    String logoutLocation(final AuthenticatedUser user) {
        return login.logoutUrl(user).map(URI::toString).orElse(LOGGED_OUT);
    }

    private Optional<Choice> pending(final Request request) {
        final String id = request.cookies().get(CHOICE_COOKIE);
        final Choice choice = id == null ? null : choices.get(id);
        if (choice == null || !choice.until().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(choice);
    }

    private Response loggedIn(final Request request, final User user, final AuthenticatedUser identity,
                              final String returnTo) {
        SecurityLog.event(SecurityLog.LOGIN_SUCCEEDED, user.name(), request.remoteAddress(), request.path(), "-");
        final Sessions.Session session = sessions.logIn(request.session(), user, identity);
        return Response.redirect(returnTo)
                .withHeader("Set-Cookie", Sessions.COOKIE + "=" + session.id() + "; Path=/" + Sessions.COOKIE_ATTRIBUTES)
                .withHeader("Set-Cookie", Sessions.LOGIN_COOKIE + "=; Path=/login; Max-Age=0" + Sessions.COOKIE_ATTRIBUTES);
    }

    /** A failed login: the reason in the security log, a page that says only that it failed and how to try again. */
    private static Response refused(final Request request, final String reason, final int status) {
        SecurityLog.event(SecurityLog.LOGIN_FAILED, SecurityLog.ANONYMOUS, request.remoteAddress(), request.path(),
                reason);
        return Response.html(status, Templates.render("loginFailed", Map.of("request", request)));
    }

    private static Instant min(final Instant a, final Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
