package nl.barriere.contract;

import java.util.Arrays;
import java.util.Optional;

/** The four kinds of user (DESIGN.md §1); the id is what the users file and the access log say. */
public enum Role {
    ANALYST("analyst", "Analist", "Analyst"),
    BIBOB_OFFICER("bibob-officer", "Bibob-functionaris", "BIBOB officer"),
    OPERATOR("operator", "Beheerder", "Operator"),
    AUDITOR("auditor", "Auditor", "Auditor");

    private final String id;
    private final String nameNl;
    private final String nameEn;

    Role(final String id, final String nameNl, final String nameEn) {
        this.id = id;
        this.nameNl = nameNl;
        this.nameEn = nameEn;
    }

    public String id() {
        return id;
    }

    /** The role's name on a page, in Dutch or in English. */
    public String label(final boolean english) {
        return english ? nameEn : nameNl;
    }

    public static Optional<Role> byId(final String id) {
        return Arrays.stream(values()).filter(role -> role.id.equals(id)).findFirst();
    }
}
