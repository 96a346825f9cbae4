package nl.barriere.web;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Values in the words and notation of the page's language: amounts, numbers, dates, yes and no, the names of the
 * registers' codes. The evidence is shown to analysts who read a case, not to the people who built the pipeline; what
 * the registers literally said stays behind the page's "technical source" toggles.
 */
final class Plain {

    private static final DateTimeFormatter DATE_TIME_NL = DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm", Lang.NL.locale());
    private static final DateTimeFormatter DATE_TIME_EN = DateTimeFormatter.ofPattern("d MMMM yyyy HH:mm", Lang.EN.locale());
    private static final DateTimeFormatter DATE_NL = DateTimeFormatter.ofPattern("d MMMM yyyy", Lang.NL.locale());
    private static final DateTimeFormatter DATE_EN = DateTimeFormatter.ofPattern("d MMMM yyyy", Lang.EN.locale());
    private static final DateTimeFormatter MONTH_NL = DateTimeFormatter.ofPattern("MMMM yyyy", Lang.NL.locale());
    private static final DateTimeFormatter MONTH_EN = DateTimeFormatter.ofPattern("MMMM yyyy", Lang.EN.locale());
    /** For a {@code datetime} attribute: a valid HTML date and time, in local time with its offset. */
    private static final DateTimeFormatter MACHINE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mmxxx").withZone(Html.ZONE);

    private Plain() {}

    /** {@code € 150.000} in Dutch, {@code € 150,000} in English: whole euros, as the registers give them. */
    static String euros(final long amount, final Lang lang) {
        return "€ " + NumberFormat.getIntegerInstance(lang.locale()).format(amount);
    }

    /** A number as the rule or the detection wrote it ({@code 0.38}, {@code 400000}), in the page's notation; other text as it is. */
    static String number(final String raw, final Lang lang) {
        if (raw == null) {
            return "";
        }
        try {
            final BigDecimal value = new BigDecimal(raw.strip());
            final NumberFormat format = NumberFormat.getNumberInstance(lang.locale());
            final int scale = Math.max(0, value.scale());
            format.setMinimumFractionDigits(scale);
            format.setMaximumFractionDigits(scale);
            return format.format(value);
        } catch (NumberFormatException e) {
            return raw;
        }
    }

    static boolean isNumber(final String raw) {
        try {
            new BigDecimal(raw.strip());
            return true;
        } catch (NumberFormatException | NullPointerException e) {
            return false;
        }
    }

    static String dateTime(final Instant instant, final Lang lang) {
        return (lang == Lang.NL ? DATE_TIME_NL : DATE_TIME_EN).format(instant.atZone(Html.ZONE));
    }

    static String date(final Instant instant, final Lang lang) {
        return date(instant.atZone(Html.ZONE).toLocalDate(), lang);
    }

    static String date(final LocalDate date, final Lang lang) {
        return (lang == Lang.NL ? DATE_NL : DATE_EN).format(date);
    }

    static String machine(final Instant instant) {
        return MACHINE.format(instant);
    }

    /** An ISO date ({@code 2024-04-02}) as a date of the page's language; anything else as it is. */
    static String isoDate(final String raw, final Lang lang) {
        try {
            return date(LocalDate.parse(raw), lang);
        } catch (DateTimeParseException | NullPointerException e) {
            return raw;
        }
    }

    /**
     * A business-register date, {@code YYYYMMDD} with zeros for unknown parts: {@code 20150600} is June 2015,
     * {@code 20150000} the year 2015 (DOMAIN.md §1a). Anything else is shown as the register wrote it.
     */
    static String registerDate(final String raw, final Lang lang) {
        if (raw == null || !raw.matches("\\d{8}")) {
            return raw;
        }
        final int year = Integer.parseInt(raw.substring(0, 4));
        final int month = Integer.parseInt(raw.substring(4, 6));
        final int day = Integer.parseInt(raw.substring(6, 8));
        try {
            if (month == 0) {
                return Integer.toString(year);
            }
            if (day == 0) {
                return (lang == Lang.NL ? MONTH_NL : MONTH_EN).format(LocalDate.of(year, month, 1));
            }
            return date(LocalDate.of(year, month, day), lang);
        } catch (java.time.DateTimeException e) {
            return raw;
        }
    }

    static String yesNo(final boolean value, final Lang lang) {
        return lang.msg(value ? "plain.yes" : "plain.no");
    }

    /** {@code "true"} and {@code "false"} as yes and no; anything else as it is. */
    static String yesNo(final String raw, final Lang lang) {
        return "true".equals(raw) ? yesNo(true, lang) : "false".equals(raw) ? yesNo(false, lang) : raw;
    }

    /** A register's code in words ({@code enum.LegalForm.BV}...), or the code itself when the bundles have no words for it. */
    static String label(final Enum<?> value, final Lang lang) {
        return value == null ? "" : lang.msgOr("enum." + value.getDeclaringClass().getSimpleName() + "." + value.name(),
                value.name());
    }

    /** A code of the business register that is not an Avro enum (a deregistration reason, an officer's role). */
    static String code(final String kind, final String value, final Lang lang) {
        return value == null ? "" : lang.msgOr("enum." + kind + "." + value, value);
    }

    /**
     * An SBI code with its description where the bundles have one ({@code sbi.5630}: the codes the indicators use,
     * DOMAIN.md §1a), the longest known prefix first: {@code 56101} reads as restaurants.
     */
    static String sbi(final String code, final Lang lang) {
        if (code == null) {
            return "";
        }
        for (int length = code.length(); length >= 2; length--) {
            final String key = "sbi." + code.substring(0, length);
            if (lang.has(key)) {
                return code + " " + lang.msg(key);
            }
        }
        return code;
    }

    /** A postcode as it is written on a letter: {@code 2311 AB}. */
    static String postcode(final String postcode) {
        if (postcode == null) {
            return null;
        }
        final String compact = postcode.replace(" ", "").toUpperCase(Locale.ROOT);
        return compact.matches("\\d{4}[A-Z]{2}") ? compact.substring(0, 4) + " " + compact.substring(4) : postcode;
    }
}
