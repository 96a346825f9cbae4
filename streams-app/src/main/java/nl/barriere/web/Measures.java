package nl.barriere.web;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What an indicator measured against the limit it applies, in words: "koopsom 0,38 × WOZ-waarde — grens 0,7 tot 1,5".
 * Both numbers come from the signal's own parameters (the detection's observations and the ruleset's values it was
 * made with, DOMAIN.md §5), never from this class; this class only knows which parameter is measured against which.
 * A parameter the signal does not carry leaves its line out; the raw parameters stay behind the technical toggle.
 */
final class Measures {

    /** One line: what was measured, and the limit it is held against ({@code limit} null: a fact without a limit). */
    record Measure(String measured, String limit) {
    }

    private Measures() {}

    static List<Measure> of(final String ruleId, final Map<String, String> parameters, final Lang lang) {
        final Lines lines = new Lines(parameters, lang);
        switch (ruleId) {
            case "I1" -> {
                lines.add("measure.i1.days", "limit.at-most-days", "daysBetween", "windowDays");
                lines.add("measure.i1.ratio", "limit.at-least", "observedRatio", "minPriceRatio");
            }
            case "I2" -> {
                lines.between("measure.i2.ratio", "observedRatio", "lowRatio", "highRatio");
                if (lines.has("price", "wozValue")) {
                    lines.fact(lang.msg("measure.i2.amounts", lines.euros("price"), lines.euros("wozValue"),
                            Plain.isoDate(parameters.get("wozValuationDate"), lang)));
                }
            }
            case "I3" -> {
                if (lines.has("mortgagesWithinWindow", "mortgageWindowDays")) {
                    lines.fact(lang.msg("measure.i3.mortgages", lines.number("mortgagesWithinWindow"),
                            lines.number("mortgageWindowDays")));
                }
                if (lines.has("price", "medianPrice")) {
                    lines.line(lang.msg("measure.i3.price", lines.euros("price")),
                            lang.msg("limit.median", lines.euros("medianPrice")));
                }
                if (lines.has("buyerIsLegalEntity")) {
                    lines.fact(lang.msg("measure.i3.legal-entity", Plain.yesNo(parameters.get("buyerIsLegalEntity"), lang)));
                }
            }
            case "I4" -> lines.add("measure.i4.age", "limit.below-months", "ageDays", "maxAgeMonths");
            case "I5" -> lines.add("measure.i5.acquisitions", "limit.at-least-within-months", "acquisitions",
                    "minAcquisitions", "windowMonths");
            case "I6" -> {
                lines.add("measure.i6.active", "limit.at-least", "activeEstablishments", "minActive");
                lines.add("measure.i6.new", "limit.at-least-within-days", "newEstablishments", "minNew", "newWindowDays");
            }
            case "I7" -> {
                lines.add("measure.i7.changes", "limit.at-least-within-months", "changes", "minChanges", "windowMonths");
                if (lines.has("boardReplaced", "boardReplacedDays")) {
                    lines.fact(lang.msg("measure.i7.board", lines.number("boardReplacedDays"),
                            Plain.yesNo(parameters.get("boardReplaced"), lang)));
                }
            }
            case "I8" -> {
                lines.add("measure.i8.active", "limit.at-least", "activeEntities", "minActiveEntities");
                lines.add("measure.i8.ended", "limit.at-least-within-months", "endedEntities", "minEndedEntities",
                        "endedWindowMonths");
            }
            case "I9" -> {
                lines.add("measure.i9.days", "limit.at-most-months", "daysSinceTransfer", "freshTransferMonths");
                if (lines.has("sbiCode")) {
                    lines.fact(lang.msg("measure.i9.sector", Plain.sbi(parameters.get("sbiCode"), lang)));
                }
            }
            case "I10" -> lines.add("measure.i10.applicants", "limit.at-least-within-months", "applicants",
                    "minApplicants", "windowMonths");
            case "I11" -> {
                lines.add("measure.i11.age", "limit.below-months", "ageDays", "freshMonths");
                lines.add("measure.i11.reshuffle", "limit.below-months", "reshuffleDaysBefore", "reshuffleMonths");
            }
            default -> {
                // An indicator the web does not know (a newer ruleset): its raw parameters are all there is.
            }
        }
        return lines.measures;
    }

    /** The lines of one indicator, and the parameters they read. */
    private static final class Lines {
        private final Map<String, String> parameters;
        private final Lang lang;
        private final List<Measure> measures = new ArrayList<>();

        Lines(final Map<String, String> parameters, final Lang lang) {
            this.parameters = parameters;
            this.lang = lang;
        }

        boolean has(final String... names) {
            for (final String name : names) {
                if (parameters.get(name) == null) {
                    return false;
                }
            }
            return true;
        }

        String number(final String name) {
            return Plain.number(parameters.get(name), lang);
        }

        String euros(final String name) {
            return Plain.isNumber(parameters.get(name)) ? Plain.euros(Long.parseLong(parameters.get(name).strip()), lang)
                    : parameters.get(name);
        }

        /**
         * {@code measured} filled with the first parameter, {@code limit} with the others. A measured value that is
         * not a number (the detection's "-" for "none") leaves the line out: there is nothing to hold against the limit.
         */
        void add(final String measured, final String limit, final String value, final String... limits) {
            if (!has(value) || !has(limits) || !Plain.isNumber(parameters.get(value))) {
                return;
            }
            final Object[] filled = new Object[limits.length];
            for (int i = 0; i < limits.length; i++) {
                filled[i] = number(limits[i]);
            }
            line(lang.msg(measured, number(value)), lang.msg(limit, filled));
        }

        void between(final String measured, final String value, final String low, final String high) {
            if (has(value, low, high)) {
                line(lang.msg(measured, number(value)), lang.msg("limit.between", number(low), number(high)));
            }
        }

        void line(final String measured, final String limit) {
            measures.add(new Measure(measured, limit));
        }

        void fact(final String measured) {
            measures.add(new Measure(measured, null));
        }
    }
}
