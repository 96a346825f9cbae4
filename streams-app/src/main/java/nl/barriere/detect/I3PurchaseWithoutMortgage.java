package nl.barriere.detect;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import nl.barriere.detect.Facts.Mortgage;
import nl.barriere.detect.Facts.OpenWindow;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Facts.Transfer;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;

/**
 * I3 Purchase without mortgage [aankoop zonder hypotheek]. For a transfer T of object X with deed date d, price p
 * and buyer b, with w = mortgageWindowDays:
 *
 * <pre>
 *   M      = { mortgages m on X : d − w ≤ deedDate(m) ≤ d + w }
 *   fires  ⇔  (b is a legal entity  ∨  p &gt; medianPrice)  ∧  M = ∅        decided when event time reaches d + w + 1 day
 * </pre>
 *
 * A mortgage right is registered by its own deed (kadaster.mortgages), often days or weeks after the transfer, so
 * I3 cannot be decided at the transfer. At the transfer it looks back: a mortgage on X dated in [d − w, d] settles
 * it (no I3). Otherwise the transfer's window stays open ({@link EntityState#openMortgageWindow}) until the start
 * of day d + w + 1 (UTC) in event time; the detector closes it before it handles the first event at or after that
 * time, and then asks {@link #whenWindowCloses}. Every mortgage registered up to then has been handled, since
 * events are released in event-time order, so the outcome depends on the events alone: a replay decides the same,
 * and the finding's time (the signal's {@code detectedAt}) is the closing time, not the time it was processed. A
 * mortgage whose event time lies after the closing although its deed date lies in the window (a registration
 * delivered more than a day after its deed date) is not counted.
 *
 * <p>medianPrice is the municipality's median sale price, a ruleset parameter updated with the yearly CBS figure.
 * Source: Kadaster (transfers and mortgages) + KvK. Subject: the property. Evidence: the transfer, and the latest
 * mortgage on X before the window and after the transfer before T, if there is one (so the reviewer sees that a
 * mortgage exists, but not around this transfer; one from before the previous transfer was an earlier owner's). Reference: DOMAIN.md §5 I3 (S25, S27).
 */
final class I3PurchaseWithoutMortgage implements Indicator {

    @Override
    public String id() {
        return "I3";
    }

    /** At a transfer: nothing fires yet; a qualifying transfer without a mortgage before it opens its window. */
    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof PropertyTransfer transfer) || !qualifies(transfer.getBuyer().getKvkNumber() != null,
                transfer.getPrice(), rule)) {
            return List.of();
        }
        final LocalDate deed = transfer.getDeedDate();
        final int window = rule.intParam("mortgageWindowDays");
        final boolean mortgagedBefore = state.mortgages(transfer.getBagVboId()).stream()
                .anyMatch(m -> Windows.withinDays(m.deedDate(), deed, window));
        if (!mortgagedBefore) {
            state.openMortgageWindow(transfer.getBagVboId(), event.eventId(), closesAt(deed, window));
        }
        return List.of();
    }

    /** The event time the mortgage window of a deed dated {@code deed} closes: the start of day deed + w + 1. */
    static long closesAt(final LocalDate deed, final int windowDays) {
        return deed.plusDays(windowDays + 1L).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
    }

    /** When a transfer's mortgage window has closed in event time: fires unless a mortgage came within it. */
    Optional<Finding> whenWindowCloses(final OpenWindow closed, final EntityState state, final IndicatorRule rule) {
        final Optional<Transfer> found = state.transfers(closed.bagVboId()).stream()
                .filter(t -> t.ref().eventId().equals(closed.transferEventId())).findFirst();
        if (found.isEmpty() || !qualifies(found.get().buyerIsBusiness(), found.get().price(), rule)) {
            return Optional.empty();
        }
        final Transfer transfer = found.get();
        final int window = rule.intParam("mortgageWindowDays");
        final LocalDate deed = transfer.deedDate();
        final List<Transfer> history = state.transfers(closed.bagVboId());
        final int at = I1AbcResale.indexOf(history, transfer.ref().eventId());
        final LocalDate previousDeed = at > 0 ? history.get(at - 1).deedDate() : LocalDate.MIN;
        Mortgage before = null;
        for (final Mortgage m : state.mortgages(closed.bagVboId())) {
            final LocalDate date = m.deedDate();
            if (!date.isBefore(deed.minusDays(window)) && !date.isAfter(deed.plusDays(window))) {
                return Optional.empty();
            }
            if (date.isBefore(deed) && date.isAfter(previousDeed) && (before == null || m.deedDay() >= before.deedDay())) {
                before = m;
            }
        }
        final Map<String, String> observed = new TreeMap<>();
        observed.put("buyerIsLegalEntity", Boolean.toString(transfer.buyerIsBusiness()));
        observed.put("price", Long.toString(transfer.price()));
        observed.put("mortgagesWithinWindow", "0");
        observed.put("windowClosedOn", deed.plusDays(window).toString());
        final List<Ref> evidence = new ArrayList<>(List.of(transfer.ref()));
        if (before != null) {
            observed.put("lastMortgageBefore", before.deedDate().toString());
            evidence.add(before.ref());
        }
        return Optional.of(Finding.of(SubjectType.PROPERTY, closed.bagVboId(), id(), observed, evidence)
                .decidedAt(closed.closesAt()));
    }

    private static boolean qualifies(final boolean legalEntity, final long price, final IndicatorRule rule) {
        return legalEntity || price > rule.intParam("medianPrice");
    }
}
