package nl.barriere.web.oidc;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import nl.barriere.contract.Role;
import nl.barriere.contract.User;

/**
 * Someone the identity provider vouched for in a validated ID token.
 *
 * @param name      the user id that goes into decisions and the access log (the token's username claim)
 * @param subject   the provider's stable id of the person ({@code sub})
 * @param roles     the Barrière roles their groups carry; never empty
 * @param expiresAt when the token expires: a session built on it ends then, and the user logs in again
 * @param idToken   the token itself, for the logout request ({@code id_token_hint}); never logged or shown
 */
public record AuthenticatedUser(String name, String subject, Set<Role> roles, Instant expiresAt, String idToken) {

    public AuthenticatedUser {
        roles = Set.copyOf(roles);
    }

    /** Whether a session built on this login may still be used at {@code now}; false once the token has expired. */
    public boolean validAt(final Instant now) {
        return now.isBefore(expiresAt);
    }

    /** This user acting in {@code role}, if their groups give them that role. */
    public Optional<User> actingAs(final Role role) {
        return roles.contains(role) ? Optional.of(new User(name, role)) : Optional.empty();
    }

    /** This user in their only role; empty when they hold several and must choose. */
    public Optional<User> inOnlyRole() {
        return roles.size() == 1 ? Optional.of(new User(name, roles.iterator().next())) : Optional.empty();
    }

    @Override
    public String toString() {
        return "AuthenticatedUser[name=" + name + ", roles=" + roles + ", expiresAt=" + expiresAt + "]";
    }
}
