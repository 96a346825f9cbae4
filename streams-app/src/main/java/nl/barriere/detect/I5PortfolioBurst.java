package nl.barriere.detect;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.barriere.detect.Facts.Acquisition;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;

/**
 * I5 Portfolio burst [snelle portefeuilleopbouw]. For an acquisition with deed date d by buyer b (a KvK number or a
 * person's pseudonym):
 *
 * <pre>
 *   n = |{ acquisitions a of b : deedDate(a) ≤ d ≤ deedDate(a) + windowMonths }|;   fires  ⇔  n ≥ minAcquisitions
 * </pre>
 *
 * Defaults 3 in 12 months (inclusive). Sales by b do not count. Source: Kadaster (+KvK). Subject: the property
 * whose acquisition reached the count. Evidence: the acquisitions in the window. Reference: DOMAIN.md §5 I5
 * (S25, S27).
 */
final class I5PortfolioBurst implements Indicator {

    @Override
    public String id() {
        return "I5";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof PropertyTransfer transfer)) {
            return List.of();
        }
        final LocalDate deed = transfer.getDeedDate();
        final int months = rule.intParam("windowMonths");
        final List<Ref> window = state.acquisitions(EntityState.partyId(transfer.getBuyer())).stream()
                .filter(a -> Windows.withinMonths(LocalDate.ofEpochDay(a.deedDay()), deed, months))
                .map(Acquisition::ref)
                .toList();
        if (window.size() < rule.intParam("minAcquisitions")) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.PROPERTY, transfer.getBagVboId(), id(),
                Map.of("acquisitions", Integer.toString(window.size())), window));
    }
}
