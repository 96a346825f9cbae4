package nl.barriere.web.oidc;

import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import nl.barriere.contract.Role;

/**
 * Which identity-provider group gives which Barrière role, read from {@code oidc.roles}: comma-separated
 * {@code role:group} pairs, e.g. {@code analyst:/barriere-analysts,bibob-officer:/barriere-bibob}. A role may be
 * given by several groups (repeat the role); a group is compared exactly, as the provider writes it in the groups
 * claim (a Keycloak group path, an Entra ID group object id, an ADFS group name).
 *
 * <p>Only mapped groups count: a user in none of them gets no role and no access. A user in groups of several
 * roles holds all of them; which one they act in is chosen per session ({@link AuthenticatedUser#actingAs}).
 */
public final class RoleMapping {

    private final Map<String, Role> roleByGroup;

    private RoleMapping(final Map<String, Role> roleByGroup) {
        this.roleByGroup = roleByGroup;
    }

    public static RoleMapping parse(final String setting) {
        if (setting == null || setting.isBlank()) {
            throw new IllegalArgumentException("oidc.roles is empty: without a mapping from groups to roles nobody "
                    + "could log in");
        }
        final Map<String, Role> mapping = new LinkedHashMap<>();
        for (final String pair : setting.split(",")) {
            final String trimmed = pair.trim();
            final int colon = trimmed.indexOf(':');
            if (colon <= 0 || colon == trimmed.length() - 1) {
                throw new IllegalArgumentException("oidc.roles: '" + trimmed + "' is not role:group");
            }
            final String roleId = trimmed.substring(0, colon).trim();
            final String group = trimmed.substring(colon + 1).trim();
            final Role role = Role.byId(roleId).orElseThrow(() -> new IllegalArgumentException("oidc.roles: '"
                    + roleId + "' is not a role (analyst, bibob-officer, operator, auditor)"));
            final Role earlier = mapping.putIfAbsent(group, role);
            if (earlier != null && earlier != role) {
                throw new IllegalArgumentException("oidc.roles: group '" + group + "' is mapped to both "
                        + earlier.id() + " and " + role.id());
            }
        }
        return new RoleMapping(Map.copyOf(mapping));
    }

    /** The roles the given groups carry; empty when none of them is mapped. */
    public Set<Role> rolesOf(final Collection<String> groups) {
        final Set<Role> roles = EnumSet.noneOf(Role.class);
        groups.stream().map(roleByGroup::get).filter(role -> role != null).forEach(roles::add);
        return roles;
    }
}
