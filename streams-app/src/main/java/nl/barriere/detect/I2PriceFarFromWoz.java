package nl.barriere.detect;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Facts.Transfer;
import nl.barriere.detect.Facts.Valuation;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;
import nl.barriere.schema.WozValuation;

/**
 * I2 Price far from WOZ value. For a transfer with price p and deed date d of object X:
 *
 * <pre>
 *   taxYearStart(v) = 1 January of year(valuationDate(v)) + 1
 *   w      = value of the valuation v of X with the latest valuationDate such that taxYearStart(v) ≤ d
 *            and v does not cover several objects
 *   r = p / w;   fires  ⇔  r &lt; lowRatio  ∨  r &gt; highRatio
 * </pre>
 *
 * The WOZ value comes from the municipality's own WOZ administration (woz.valuations, Haal Centraal WOZ Bevragen
 * shape), not from the land register: a value with waardepeildatum 1 January Y is the value for tax year Y + 1, so
 * the value in force at the deed date is the latest one whose tax year has begun by then. A valuation of a WOZ
 * object that covers more than one BAG object is skipped (its value is not this object's). I2 judges a transfer when
 * it is handled, against the valuations handled before it in event time, and again when a valuation arrives that is
 * now the one in force at its deed date: the WOZ connector looks a value up when a transfer asks for it and dates it
 * at that transfer, and a yearly assessment or a correction can come after the sale. Both follow from the events in
 * their order, so a replay judges the same.
 *
 * <p>Defaults 0.7 and 1.5 (DOMAIN.md: start there, calibrate later to the municipality's p2.5–p97.5 per quarter).
 * Skipped when the price covers more than one object [indicatieMeerObjecten] or no usable WOZ value is in force.
 * WOZ values are taken as they are, without a price-index adjustment. Sources: Kadaster + WOZ. Subject: the
 * property. Evidence: the transfer and the WOZ valuation. Reference: DOMAIN.md §5 I2 (S25, S23).
 */
final class I2PriceFarFromWoz implements Indicator {

    @Override
    public String id() {
        return "I2";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (event.event() instanceof PropertyTransfer transfer) {
            return transfer.getMultipleObjects() ? List.of() : judge(transfer.getBagVboId(), event.ref(),
                    transfer.getDeedDate(), transfer.getPrice(), state, rule);
        }
        if (event.event() instanceof WozValuation woz) {
            final List<Valuation> valuations = state.valuations(woz.getBagVboId());
            final List<Finding> findings = new ArrayList<>();
            for (final Transfer transfer : state.transfers(woz.getBagVboId())) {
                final Valuation inForce = inForce(valuations, transfer.deedDate());
                if (!transfer.multipleObjects() && inForce != null && inForce.ref().eventId().equals(event.eventId())) {
                    findings.addAll(judge(woz.getBagVboId(), transfer.ref(), transfer.deedDate(), transfer.price(),
                            state, rule));
                }
            }
            return findings;
        }
        return List.of();
    }

    /** The transfer with {@code ref} against the WOZ value in force at its deed date, if there is one. */
    private List<Finding> judge(final String bagVboId, final Ref ref, final LocalDate deed, final long price,
                                final EntityState state, final IndicatorRule rule) {
        final Valuation valuation = inForce(state.valuations(bagVboId), deed);
        if (valuation == null || valuation.value() <= 0) {
            return List.of();
        }
        final long woz = valuation.value();
        if (!Ratios.below(price, rule.decimalParam("lowRatio"), woz) && !Ratios.above(price, rule.decimalParam("highRatio"), woz)) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.PROPERTY, bagVboId, id(),
                Map.of("observedRatio", Ratios.shown(price, woz), "price", Long.toString(price),
                        "wozValue", Long.toString(woz),
                        "wozValuationDate", LocalDate.ofEpochDay(valuation.valuationDay()).toString()),
                List.of(ref, valuation.ref())));
    }

    /** The valuation in force at {@code deed}; of equal valuation dates, the last handled (a correction). */
    static Valuation inForce(final List<Valuation> valuations, final LocalDate deed) {
        Valuation found = null;
        for (final Valuation v : valuations) {
            if (!v.coversMultipleObjects() && !v.inForceFrom().isAfter(deed)
                    && (found == null || v.valuationDay() >= found.valuationDay())) {
                found = v;
            }
        }
        return found;
    }
}
