package nl.barriere.ingest;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Lenient reading of the business register's dates ({@code datumAanvang} and the like): {@code YYYYMMDD} strings
 * with zeros for the parts the register does not know, e.g. {@code 20150600} (June 2015, day unknown) or
 * {@code 20150000} (some day in 2015).
 *
 * <p>The original string stays in the event untouched; this class only gives the date the detection stage
 * reasons with. For a partial date that is the <b>earliest possible day</b>: {@code 20150600} ⇒ 2015-06-01,
 * {@code 20150000} ⇒ 2015-01-01.
 *
 * <p><b>Why the earliest day.</b> The indicators that read these dates ask "did the business start less than N
 * months before X?" (I4 newly formed buyer, I11 fresh applicant). The earliest possible start makes a business
 * look as old as it can be, so such an indicator fires only when the business is young <i>whichever</i> day of
 * the unknown span it really started on. The other choice, the latest possible day, would fire on businesses that
 * may well be older than the window. A signal puts a company and the people behind it in front of an analyst;
 * Barrière prefers to miss a borderline case over raising one on a day the register does not know. The cost is
 * small: only a business whose unknown span straddles the window's edge goes unflagged.
 *
 * <p>Unknown parts are zeroed from the right, as the register does: a zero month with a known day
 * ({@code 20150015}) is not a register date and is refused, as is year {@code 0000} and any day that does not
 * exist ({@code 20150231}).
 */
public final class KvkDate {

    private KvkDate() {}

    /**
     * The earliest day the register date can mean; empty for {@code null}, blank, anything that is not exactly 8
     * digits, year {@code 0000}, a known day in an unknown month, or a date that does not exist.
     */
    public static Optional<LocalDate> parse(final String raw) {
        if (!isEightDigits(raw)) {
            return Optional.empty();
        }
        final int year = Integer.parseInt(raw.substring(0, 4));
        final int month = Integer.parseInt(raw.substring(4, 6));
        final int day = Integer.parseInt(raw.substring(6, 8));
        if (year == 0 || (month == 0 && day != 0)) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.of(year, Math.max(month, 1), Math.max(day, 1)));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether {@code raw} is a valid register date with an unknown month or day ({@code 20150600},
     * {@code 20150000}); {@code false} for a full date and for anything {@link #parse} refuses.
     */
    public static boolean isPartial(final String raw) {
        return parse(raw).isPresent() && raw.endsWith("00");
    }

    private static boolean isEightDigits(final String raw) {
        if (raw == null || raw.length() != 8) {
            return false;
        }
        for (int i = 0; i < raw.length(); i++) {
            final char c = raw.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
