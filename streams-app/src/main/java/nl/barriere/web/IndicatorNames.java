package nl.barriere.web;

import java.util.Map;

/**
 * Short names of the analyst-zone indicators for lists and charts, as the ruleset names them (DOMAIN.md §5). The
 * signal itself carries the full explanation; this is only the label. I12 is absent on purpose: it belongs to the
 * Bibob zone and never names an analyst's signal.
 */
final class IndicatorNames {

    private record Name(String nl, String en) {
    }

    private static final Map<String, Name> NAMES = Map.ofEntries(
            Map.entry("I1", new Name("ABC-transactie", "ABC / rapid resale")),
            Map.entry("I2", new Name("Koopsom wijkt sterk af van WOZ-waarde", "Price far from WOZ value")),
            Map.entry("I3", new Name("Aankoop zonder hypotheek", "Purchase without mortgage")),
            Map.entry("I4", new Name("Pas opgerichte koper", "Newly formed buyer")),
            Map.entry("I5", new Name("Snel opgebouwde portefeuille", "Portfolio burst")),
            Map.entry("I6", new Name("Adresverzadiging", "Address saturation")),
            Map.entry("I7", new Name("Wisselende bestuurders", "Officer churn")),
            Map.entry("I8", new Name("Katvanger-patroon", "Straw-man officer")),
            Map.entry("I9", new Name("Risicobranche op vers verworven pand", "Risk-sector front at a fresh property")),
            Map.entry("I10", new Name("Exploitantencarrousel", "Operator carousel")),
            Map.entry("I11", new Name("Verse of omgebouwde aanvrager", "Fresh or reshuffled applicant")));

    private IndicatorNames() {}

    static String name(final String ruleId, final Lang lang) {
        final Name name = NAMES.get(ruleId);
        return name == null ? ruleId : lang.t(name.nl(), name.en());
    }

    /** Rule ids in their natural order: I2 before I10. */
    static int compare(final String a, final String b) {
        final int byLength = Integer.compare(a.length(), b.length());
        return byLength != 0 ? byLength : a.compareTo(b);
    }
}
