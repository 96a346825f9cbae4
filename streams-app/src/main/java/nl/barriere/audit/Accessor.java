package nl.barriere.audit;

import java.util.Objects;

/**
 * Who reads through an audit command, as the access log records it.
 *
 * @param user            the user id
 * @param role            the role they act in
 * @param authenticatedBy how the user id was established: {@value #OIDC} (a validated ID token of the identity
 *                        provider) or {@value #OS} (the operating-system account that ran the command)
 */
public record Accessor(String user, String role, String authenticatedBy) {

    public static final String OIDC = "oidc";
    public static final String OS = "os";

    public Accessor {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(role, "role");
        if (!OIDC.equals(authenticatedBy) && !OS.equals(authenticatedBy)) {
            throw new IllegalArgumentException("authenticatedBy is oidc or os, not " + authenticatedBy);
        }
    }

    /**
     * The user as the access event's {@code user} field records it: how they were identified, a colon, the user id
     * ({@code oidc:analyst1}, {@code os:jdoe}). The web UI's own login writes the bare user id; a name that says
     * where it came from cannot be mistaken for one of those, nor an OS account for an IdP user of the same name.
     */
    public String loggedUser() {
        return authenticatedBy + ":" + user;
    }
}
