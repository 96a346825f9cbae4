package nl.barriere.detect;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.barriere.detect.Facts.Business;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.ingest.KvkDate;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.SubjectType;

/**
 * I4 Newly formed buyer [pas opgerichte koper]. For a transfer with deed date d to a business with start date
 * s [datumAanvang]:
 *
 * <pre>
 *   fires  ⇔  s ≤ d  ∧  d &lt; s + maxAgeMonths      (strictly less than 12 months old)
 * </pre>
 *
 * A partial start date counts from its earliest possible day. Source: Kadaster × KvK. Subject: the property.
 * Evidence: the transfer and the buyer's registration. Reference: DOMAIN.md §5 I4 (S26, S25).
 */
final class I4NewlyFormedBuyer implements Indicator {

    @Override
    public String id() {
        return "I4";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof PropertyTransfer transfer) || transfer.getBuyer().getKvkNumber() == null) {
            return List.of();
        }
        final Business buyer = state.business(transfer.getBuyer().getKvkNumber());
        if (buyer == null || buyer.registration() == null) {
            return List.of();
        }
        final Optional<LocalDate> start = KvkDate.parse(buyer.startDate());
        final LocalDate deed = transfer.getDeedDate();
        if (start.isEmpty() || !Windows.youngerThanMonths(start.get(), deed, rule.intParam("maxAgeMonths"))) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.PROPERTY, transfer.getBagVboId(), id(),
                Map.of("buyerKvkNumber", buyer.kvkNumber(), "startDate", buyer.startDate(),
                        "ageDays", Long.toString(ChronoUnit.DAYS.between(start.get(), deed))),
                List.of(buyer.registration(), event.ref())));
    }
}
