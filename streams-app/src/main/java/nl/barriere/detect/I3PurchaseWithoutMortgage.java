package nl.barriere.detect;

import java.util.List;
import java.util.Map;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;

/**
 * I3 Purchase without mortgage [aankoop zonder hypotheek]. For a transfer with price p to buyer b:
 *
 * <pre>
 *   fires  ⇔  no mortgage registered within ±mortgageWindowDays  ∧  (b is a legal entity  ∨  p &gt; medianPrice)
 * </pre>
 *
 * The ±30-day window is applied by the source (the transfer's {@code mortgageRegistered}); medianPrice is the
 * municipality's median sale price, a ruleset parameter updated with the yearly CBS figure. Source: Kadaster (+KvK).
 * Subject: the property. Evidence: the transfer. Reference: DOMAIN.md §5 I3 (S25, S27).
 */
final class I3PurchaseWithoutMortgage implements Indicator {

    @Override
    public String id() {
        return "I3";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof PropertyTransfer transfer) || transfer.getMortgageRegistered()) {
            return List.of();
        }
        final boolean legalEntity = transfer.getBuyer().getKvkNumber() != null;
        if (!legalEntity && transfer.getPrice() <= rule.intParam("medianPrice")) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.PROPERTY, transfer.getBagVboId(), id(),
                Map.of("buyerIsLegalEntity", Boolean.toString(legalEntity), "price", Long.toString(transfer.getPrice())),
                List.of(event.ref())));
    }
}
