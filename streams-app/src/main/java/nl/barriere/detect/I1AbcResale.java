package nl.barriere.detect;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Map;
import nl.barriere.detect.Facts.Transfer;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;

/**
 * I1 ABC / rapid resale [ABC-transactie]. For a transfer T2 of object X and the transfer T1 of X just before it by
 * deed date:
 *
 * <pre>
 *   fires  ⇔  deedDate(T2) − deedDate(T1) ≤ windowDays  ∧  price(T2) ≥ minPriceRatio × price(T1)
 * </pre>
 *
 * Defaults 183 days (6 months, sourced) and 1.2; both transfers must be single-object prices. Source: Kadaster.
 * Subject: the property. Evidence: T1 and T2. Reference: DOMAIN.md §5 I1 (S28, S25, S27). A transfer whose deed
 * is dated before one already known is judged both as T2 (with the transfer before it) and as T1 (with the one
 * after it), so the pairs are those of deed-date order whatever order the deeds were registered in.
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
        if (current < 0) {
            return List.of();
        }
        final List<Finding> findings = new ArrayList<>(1);
        if (current > 0) {
            resale(history.get(current - 1), history.get(current), transfer.getBagVboId(), rule).ifPresent(findings::add);
        }
        if (current < history.size() - 1) {
            resale(history.get(current), history.get(current + 1), transfer.getBagVboId(), rule).ifPresent(findings::add);
        }
        return findings;
    }

    private Optional<Finding> resale(final Transfer first, final Transfer second, final String bagVboId,
                                     final IndicatorRule rule) {
        final long days = ChronoUnit.DAYS.between(first.deedDate(), second.deedDate());
        if (first.multipleObjects() || second.multipleObjects() || first.price() <= 0
                || !Windows.withinDays(first.deedDate(), second.deedDate(), rule.intParam("windowDays"))
                || !Ratios.atLeast(second.price(), rule.decimalParam("minPriceRatio"), first.price())) {
            return Optional.empty();
        }
        return Optional.of(Finding.of(SubjectType.PROPERTY, bagVboId, id(),
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
