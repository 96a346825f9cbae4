package nl.barriere.web;

import java.util.Locale;
import java.util.ResourceBundle;
import nl.barriere.contract.Role;

/**
 * The language of a page. Dutch is the working language of the team; English is there for colleagues and
 * auditors who read it better. The texts are in {@code web/messages_nl.properties} and {@code messages_en.properties}
 * (UTF-8), with the same keys in both (WebMessagesTest); pages not yet on templates still write each label next to
 * its translation ({@link #t}).
 */
enum Lang {
    NL("nl"), EN("en");

    private final String code;
    private final ResourceBundle messages;

    Lang(final String code) {
        this.code = code;
        // No fallback to the JVM's locale or to the other language: a missing text fails loudly.
        this.messages = ResourceBundle.getBundle("web.messages", Locale.forLanguageTag(code),
                ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES));
    }

    /**
     * The text under {@code key}, with {@code {0}}, {@code {1}}... replaced by {@code values} in order. Plain
     * replacement, not {@link java.text.MessageFormat}: Dutch texts have apostrophes ({@code collega's}).
     */
    String msg(final String key, final Object... values) {
        String text = messages.getString(key);
        for (int i = 0; i < values.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(values[i]));
        }
        return text;
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
