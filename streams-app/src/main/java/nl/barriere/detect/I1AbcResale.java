package nl.barriere.detect;

import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import nl.barriere.detect.Facts.Transfer;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;

/**
 * I1 ABC / rapid resale [ABC-transactie]. For a transfer T2 of object X and the transfer T1 of X just before it:
 *
 * <pre>
 *   fires  ⇔  deedDate(T2) − deedDate(T1) ≤ windowDays  ∧  price(T2) ≥ minPriceRatio × price(T1)
 * </pre>
 *
 * Defaults 183 days (6 months, sourced) and 1.2; both transfers must be single-object prices. Source: Kadaster.
 * Subject: the property. Evidence: T1 and T2. Reference: DOMAIN.md §5 I1 (S28, S25, S27).
 */
final class I1AbcResale implements Indicator {

    @Override
    public String id() {
        return "I1";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof PropertyTransfer transfer) || transfer.getMultipleObjects()) {
            return List.of();
        }
        final List<Transfer> history = state.transfers(transfer.getBagVboId());
        final int current = indexOf(history, event.eventId());
        if (current < 1) {
            return List.of();
        }
        final Transfer first = history.get(current - 1);
        final Transfer second = history.get(current);
        final long days = ChronoUnit.DAYS.between(first.deedDate(), second.deedDate());
        if (first.multipleObjects() || first.price() <= 0 || !Windows.withinDays(first.deedDate(), second.deedDate(), rule.intParam("windowDays"))
                || !Ratios.atLeast(second.price(), rule.decimalParam("minPriceRatio"), first.price())) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.PROPERTY, transfer.getBagVboId(), id(),
                Map.of("daysBetween", Long.toString(days), "observedRatio", Ratios.shown(second.price(), first.price()),
                        "firstPrice", Long.toString(first.price()), "secondPrice", Long.toString(second.price())),
                List.of(first.ref(), second.ref())));
    }

    static int indexOf(final List<Transfer> history, final String eventId) {
        for (int i = history.size() - 1; i >= 0; i--) {
            if (history.get(i).ref().eventId().equals(eventId)) {
                return i;
            }
        }
        return -1;
    }
}
