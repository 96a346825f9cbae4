package nl.barriere.review;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.IndicatorResult;

/**
 * What crosses from the Bibob zone to the analysts' dashboard: per indicator, how many escalations it was part of
 * ended in a Bibob measure, in none, or are still open. Counts only, by rule id: no application, no officer, no
 * note, no Bibob context, not even which measure. An escalation counts once for each indicator its signal fired.
 */
public final class BibobOutcomes {

    /** The counts for one indicator. */
    public record IndicatorOutcomes(String ruleId, int measure, int noMeasure, int open) {

        public int escalations() {
            return measure + noMeasure + open;
        }
    }

    private BibobOutcomes() {}

    /** Per indicator, by rule id, of every flagged permit and the steps on its application. */
    public static List<IndicatorOutcomes> byIndicator(final List<FlaggedPermit> permits,
                                                      final Function<String, List<BibobCaseStep>> stepsOf) {
        final Map<String, int[]> counts = new TreeMap<>();
        for (final FlaggedPermit permit : permits) {
            final Optional<BibobOutcome> outcome = CaseSteps.decided(stepsOf.apply(permit.getApplicationId()));
            final int column = outcome.isEmpty() ? 2 : outcome.get() == BibobOutcome.NO_MEASURE ? 1 : 0;
            final Set<String> ruleIds = new LinkedHashSet<>();
            permit.getIndicators().stream().map(IndicatorResult::getRuleId).forEach(ruleIds::add);
            ruleIds.forEach(ruleId -> counts.computeIfAbsent(ruleId, id -> new int[3])[column]++);
        }
        final List<IndicatorOutcomes> rows = new ArrayList<>();
        counts.forEach((ruleId, c) -> rows.add(new IndicatorOutcomes(ruleId, c[0], c[1], c[2])));
        return rows;
    }
}
