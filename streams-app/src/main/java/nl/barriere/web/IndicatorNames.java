package nl.barriere.web;

import java.util.Locale;
import java.util.Set;

/**
 * Short names of the analyst-zone indicators for lists and charts, as the ruleset names them (DOMAIN.md §5), in the
 * message bundles under {@code indicator.i1}... The signal itself carries the full explanation; this is only the
 * label. I12 is absent on purpose: it belongs to the Bibob zone and never names an analyst's signal.
 */
final class IndicatorNames {

    private static final Set<String> NAMED = Set.of("I1", "I2", "I3", "I4", "I5", "I6", "I7", "I8", "I9", "I10", "I11");

    private IndicatorNames() {}

    /** The indicator's short name, or its id when it has none (an id the web does not know is shown as it is). */
    static String name(final String ruleId, final Lang lang) {
        if (!NAMED.contains(ruleId)) {
            return ruleId;
        }
        final String key = "indicator." + ruleId.toLowerCase(Locale.ROOT);
        return lang.msg(key);
    }

    /** Rule ids in their natural order: I2 before I10. */
    static int compare(final String a, final String b) {
        final int byLength = Integer.compare(a.length(), b.length());
        return byLength != 0 ? byLength : a.compareTo(b);
    }
}
