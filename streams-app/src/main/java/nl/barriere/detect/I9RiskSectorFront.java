package nl.barriere.detect;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.barriere.detect.Facts.Business;
import nl.barriere.detect.Facts.Transfer;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.SubjectType;

/**
 * I9 Risk-sector front at a fresh property [risicobranche op vers verworven pand]. When business b, at BAG object X,
 * registers or changes its activities [ActiviteitenWijziging] on date d with SBI codes S:
 *
 * <pre>
 *   T      = the transfer of X with the latest deed date ≤ d
 *   fires  ⇔  ∃ s ∈ S starting with a prefix in riskSbiPrefixes
 *              ∧  deedDate(T) ≤ d ≤ deedDate(T) + freshTransferMonths
 *              ∧  firedRules(T) ∩ transferRules ≠ ∅
 * </pre>
 *
 * Defaults 6 calendar months (inclusive) and I3 or I4. Only the most recent transfer counts: a clean sale after a
 * suspicious one means the object changed hands again, and the front, if any, belongs to the new owner. The
 * indicators a transfer triggered are recorded on it by the detector after it evaluated the transfer, which in
 * event-time order is before any business event that follows it. An activity change is judged by the codes it
 * sets, whether or not the business had a risk code before. Sources: KvK × Kadaster. Subject: the property X.
 * Evidence: the KvK event and the transfer T. Reference: DOMAIN.md §5 I9 (S7, S8, S9, S25).
 */
final class I9RiskSectorFront implements Indicator {

    @Override
    public String id() {
        return "I9";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof BusinessEvent change) || (change.getType() != BusinessEventType.REGISTERED
                && change.getType() != BusinessEventType.ACTIVITY_CHANGED)) {
            return List.of();
        }
        final List<String> prefixes = rule.listParam("riskSbiPrefixes");
        final Optional<String> riskCode = change.getSbiCodes().stream()
                .filter(code -> prefixes.stream().anyMatch(code::startsWith))
                .findFirst();
        final Business business = state.business(change.getKvkNumber());
        if (riskCode.isEmpty() || business == null || business.bagVboId() == null) {
            return List.of();
        }
        final LocalDate day = event.ref().date();
        final Optional<Transfer> latest = mostRecentTransfer(state.transfers(business.bagVboId()), day);
        if (latest.isEmpty() || !Windows.withinMonths(latest.get().deedDate(), day, rule.intParam("freshTransferMonths"))) {
            return List.of();
        }
        final List<String> rules = rule.listParam("transferRules");
        final List<String> triggered = latest.get().firedRules().stream().filter(rules::contains).toList();
        if (triggered.isEmpty()) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.PROPERTY, business.bagVboId(), id(),
                Map.of("kvkNumber", business.kvkNumber(), "sbiCode", riskCode.get(),
                        "daysSinceTransfer", Long.toString(ChronoUnit.DAYS.between(latest.get().deedDate(), day)),
                        "transferRule", String.join(", ", triggered)),
                List.of(latest.get().ref(), event.ref())));
    }

    /** The transfer with the latest deed date on or before {@code day}; of equal deed dates, the last recorded. */
    private static Optional<Transfer> mostRecentTransfer(final List<Transfer> transfers, final LocalDate day) {
        Transfer latest = null;
        for (final Transfer transfer : transfers) {
            if (!transfer.deedDate().isAfter(day) && (latest == null || transfer.deedDay() >= latest.deedDay())) {
                latest = transfer;
            }
        }
        return Optional.ofNullable(latest);
    }
}
