package nl.barriere.detect;

import java.util.List;
import java.util.Map;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;

/**
 * I2 Price far from WOZ value. For a transfer with price p of an object with official valuation w:
 *
 * <pre>
 *   r = p / w;   fires  ⇔  r &lt; lowRatio  ∨  r &gt; highRatio
 * </pre>
 *
 * Defaults 0.7 and 1.5 (DOMAIN.md: start there, calibrate later to the municipality's p2.5–p97.5 per quarter).
 * Skipped when the price covers more than one object [indicatieMeerObjecten] or no WOZ value is known. WOZ values
 * are taken as current, without a price-index adjustment. Source: Kadaster + WOZ. Subject: the property.
 * Evidence: the transfer. Reference: DOMAIN.md §5 I2 (S25, S23).
 */
final class I2PriceFarFromWoz implements Indicator {

    @Override
    public String id() {
        return "I2";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof PropertyTransfer transfer) || transfer.getMultipleObjects()
                || transfer.getWozValue() == null || transfer.getWozValue() <= 0) {
            return List.of();
        }
        final long price = transfer.getPrice();
        final long woz = transfer.getWozValue();
        if (!Ratios.below(price, rule.decimalParam("lowRatio"), woz) && !Ratios.above(price, rule.decimalParam("highRatio"), woz)) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.PROPERTY, transfer.getBagVboId(), id(),
                Map.of("observedRatio", Ratios.shown(price, woz), "price", Long.toString(price),
                        "wozValue", Long.toString(woz)),
                List.of(event.ref())));
    }
}
