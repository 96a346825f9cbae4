package nl.barriere.cli;

import java.io.IOException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.stream.Collectors;
import nl.barriere.audit.Accessor;
import nl.barriere.contract.Role;
import nl.barriere.platform.AppConfig;
import nl.barriere.web.oidc.AuthenticatedUser;
import nl.barriere.web.oidc.OidcLogin;
import nl.barriere.web.oidc.OidcRefusal;
import nl.barriere.web.oidc.OidcSettings;

/**
 * Who is reading, for a command whose every read is written to the access log (DESIGN.md rule 8). Never a name
 * typed on the command line: the user is the one an ID token from the municipality's identity provider names
 * ({@code --token-file}, or {@code oidc.token.file} / {@code BARRIERE_OIDC_TOKEN_FILE}), validated as the web login
 * validates it, or else the operating-system account running the command. The access event says which
 * ({@code authenticatedBy} {@code oidc} or {@code os}).
 */
final class AccessOptions {

    static final Role DEFAULT_OS_ROLE = Role.AUDITOR;

    @picocli.CommandLine.Option(names = "--token-file", paramLabel = "FILE",
            description = "A file holding your ID token from the identity provider (for Barrière's client id); you "
                    + "are the user it names, in a role its groups give you. Also oidc.token.file / "
                    + "BARRIERE_OIDC_TOKEN_FILE. Without it, you are the operating-system user running this command.")
    Path tokenFile;

    @picocli.CommandLine.Option(names = "--role", paramLabel = "ROLE",
            description = "The role you act in: auditor, operator, analyst or bibob-officer. With a token, one of the "
                    + "roles its groups give (default: the only one); without, default auditor.")
    String role;

    /** The user, their role and how they were identified; fails, before anything is read, if the token does not hold. */
    Accessor accessor(final AppConfig config, final Clock clock) throws IOException, InterruptedException {
        final Path file = tokenFile != null ? tokenFile
                : Optional.ofNullable(config.get(AppConfig.OIDC_TOKEN_FILE)).filter(s -> !s.isBlank()).map(Path::of)
                .orElse(null);
        if (file == null) {
            return osUser(System.getProperty("user.name"), role);
        }
        if (!OidcSettings.configured(config)) {
            throw new IllegalArgumentException("a token file is given but oidc.issuer is not set: nothing to check it against");
        }
        final OidcLogin login = OidcLogin.connect(OidcSettings.from(config), HttpClient.newHttpClient(), clock);
        final AuthenticatedUser user;
        try {
            user = login.verify(Files.readString(file, StandardCharsets.UTF_8));
        } catch (OidcRefusal refused) {
            throw new IllegalArgumentException("the token in " + file + " is refused (" + refused.getMessage()
                    + "); get a fresh one from the identity provider", refused);
        }
        return fromToken(user, role);
    }

    static Accessor osUser(final String name, final String role) {
        if (name == null || name.isBlank()) {
            throw new IllegalStateException("no operating-system user name; give --token-file");
        }
        final Role acting = role == null ? DEFAULT_OS_ROLE : Role.byId(role).orElseThrow(() ->
                new IllegalArgumentException("--role is analyst, bibob-officer, operator or auditor, not " + role));
        return new Accessor(name, acting.id(), Accessor.OS);
    }

    static Accessor fromToken(final AuthenticatedUser user, final String role) {
        final String held = user.roles().stream().map(Role::id).sorted().collect(Collectors.joining(", "));
        final Role acting;
        if (role == null) {
            acting = user.inOnlyRole().orElseThrow(() -> new IllegalArgumentException(user.name()
                    + " holds the roles " + held + "; choose one with --role")).role();
        } else {
            acting = Role.byId(role).flatMap(user::actingAs).orElseThrow(() -> new IllegalArgumentException(
                    user.name() + " may not act as " + role + "; their groups give " + held)).role();
        }
        return new Accessor(user.name(), acting.id(), Accessor.OIDC);
    }
}
