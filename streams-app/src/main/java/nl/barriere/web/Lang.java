package nl.barriere.web;

import java.util.Locale;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.barriere.contract.Role;

/**
 * The language of a page. Dutch is the working language of the team; English is there for colleagues and
 * auditors who read it better. The texts are in {@code web/messages_nl.properties} and {@code messages_en.properties}
 * (UTF-8), with the same keys in both (WebMessagesTest).
 */
enum Lang {
    NL("nl"), EN("en");

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)}");

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
     * replacement, not {@link java.text.MessageFormat}: Dutch texts have apostrophes ({@code collega's}). One pass
     * over the text, so a value that itself holds {@code {1}} (register data does, now and then) stays as it is.
     */
    String msg(final String key, final Object... values) {
        final String text = messages.getString(key);
        if (values.length == 0) {
            return text;
        }
        return PLACEHOLDER.matcher(text).replaceAll(placeholder -> {
            final int index = Integer.parseInt(placeholder.group(1));
            return Matcher.quoteReplacement(index < values.length ? String.valueOf(values[index]) : placeholder.group());
        });
    }

    /** Whether there is a text under {@code key}: for labels that exist for some values only (SBI codes, enums). */
    boolean has(final String key) {
        return messages.containsKey(key);
    }

    /** The text under {@code key}, or {@code fallback} when there is none. */
    String msgOr(final String key, final String fallback) {
        return has(key) ? msg(key) : fallback;
    }

    /** The locale that numbers and dates of this language are written in. */
    Locale locale() {
        return this == NL ? Locale.forLanguageTag("nl-NL") : Locale.UK;
    }

    String code() {
        return code;
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
