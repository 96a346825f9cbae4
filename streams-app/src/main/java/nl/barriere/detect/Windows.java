package nl.barriere.detect;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;

/**
 * The window arithmetic every indicator shares, so that "within" means the same everywhere. Day windows are
 * inclusive; month windows are calendar months ({@link LocalDate#plusMonths}) and inclusive; "less than N months
 * old" is strict.
 */
final class Windows {

    private Windows() {}

    /** {@code earlier ≤ later ≤ earlier + months}. */
    static boolean withinMonths(final LocalDate earlier, final LocalDate later, final int months) {
        return !later.isBefore(earlier) && !earlier.plusMonths(months).isBefore(later);
    }

    /** {@code 0 ≤ later − earlier ≤ days}. */
    static boolean withinDays(final LocalDate earlier, final LocalDate later, final int days) {
        final long between = ChronoUnit.DAYS.between(earlier, later);
        return between >= 0 && between <= days;
    }

    /** {@code start ≤ date < start + months}: younger than {@code months} at {@code date}. */
    static boolean youngerThanMonths(final LocalDate start, final LocalDate date, final int months) {
        return !start.isAfter(date) && start.plusMonths(months).isAfter(date);
    }
}
