package nl.barriere.detect;

import java.math.BigDecimal;
import java.math.RoundingMode;

/** Exact comparisons of prices and ratios (no floating point at a threshold), and ratios as shown to people. */
final class Ratios {

    private Ratios() {}

    /** {@code a >= ratio × b}, exactly. */
    static boolean atLeast(final long a, final BigDecimal ratio, final long b) {
        return BigDecimal.valueOf(a).compareTo(ratio.multiply(BigDecimal.valueOf(b))) >= 0;
    }

    /** {@code a < ratio × b}, exactly. */
    static boolean below(final long a, final BigDecimal ratio, final long b) {
        return BigDecimal.valueOf(a).compareTo(ratio.multiply(BigDecimal.valueOf(b))) < 0;
    }

    /** {@code a > ratio × b}, exactly. */
    static boolean above(final long a, final BigDecimal ratio, final long b) {
        return BigDecimal.valueOf(a).compareTo(ratio.multiply(BigDecimal.valueOf(b))) > 0;
    }

    /** a / b with two decimals, for explanations. */
    static String shown(final long a, final long b) {
        return BigDecimal.valueOf(a).divide(BigDecimal.valueOf(b), 2, RoundingMode.HALF_UP).toPlainString();
    }
}
