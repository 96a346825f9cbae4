package nl.barriere.detect;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import nl.barriere.detect.Facts.Valuation;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;

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
 * object that covers more than one BAG object is skipped (its value is not this object's). As of the transfer: the
 * valuations are those handled before the transfer in event time; a valuation whose event time lies after the
 * transfer (a late or corrected assessment) does not change a transfer already judged, so a replay judges the same.
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
        if (!(event.event() instanceof PropertyTransfer transfer) || transfer.getMultipleObjects()) {
            return List.of();
        }
        final Valuation valuation = inForce(state.valuations(transfer.getBagVboId()), transfer.getDeedDate());
        if (valuation == null || valuation.value() <= 0) {
            return List.of();
        }
        final long price = transfer.getPrice();
        final long woz = valuation.value();
        if (!Ratios.below(price, rule.decimalParam("lowRatio"), woz) && !Ratios.above(price, rule.decimalParam("highRatio"), woz)) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.PROPERTY, transfer.getBagVboId(), id(),
                Map.of("observedRatio", Ratios.shown(price, woz), "price", Long.toString(price),
                        "wozValue", Long.toString(woz),
                        "wozValuationDate", LocalDate.ofEpochDay(valuation.valuationDay()).toString()),
                List.of(event.ref(), valuation.ref())));
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
