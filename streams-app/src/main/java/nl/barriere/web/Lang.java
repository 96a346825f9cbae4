package nl.barriere.web;

import nl.barriere.contract.Role;

/**
 * The language of a page. Dutch is the working language of the team; English is there for colleagues and
 * auditors who read it better. Every label is written next to its translation, so a missing one shows in review.
 */
enum Lang {
    NL("nl"), EN("en");

    private final String code;

    Lang(final String code) {
        this.code = code;
    }

    String code() {
        return code;
    }

    String t(final String dutch, final String english) {
        return this == NL ? dutch : english;
    }

    /** The role's name in this language. */
    String role(final Role role) {
        return role.label(this == EN);
    }

    Lang other() {
        return this == NL ? EN : NL;
    }

    static Lang of(final String code) {
        return "en".equals(code) ? EN : NL;
    }
}
