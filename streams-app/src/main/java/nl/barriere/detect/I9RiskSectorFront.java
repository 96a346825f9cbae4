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
 * indicators a transfer triggered are recorded on it by the detector: I4 when it evaluated the transfer, which in
 * event-time order is before any business event that follows it; I3 only when the transfer's mortgage window
 * closed, mortgageWindowDays later. So that I9 does not depend on when I3 became known, the rule is: <i>a business
 * event counts with every indicator its transfer T triggered, whenever it was decided</i>. A business event after
 * the I3 decision sees I3 on T as above; one between the deed and the decision is judged again when I3 fires
 * ({@link #afterLateDecision}), with the SBI codes the business has at that time, and fires then, with the
 * decision's time as its time. An activity change is judged by the codes it
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

    /**
     * When a rule in transferRules was decided for transfer T of X after T itself (I3, at the close of its mortgage
     * window): the risk-sector registrations and activity changes at X since T's deed date, before the decision,
     * judged as if the rule had been known then.
     */
    List<Finding> afterLateDecision(final String bagVboId, final Transfer transfer, final String decidedRule,
                                    final EntityState state, final IndicatorRule rule) {
        if (!rule.listParam("transferRules").contains(decidedRule)) {
            return List.of();
        }
        final List<String> prefixes = rule.listParam("riskSbiPrefixes");
        final long from = transfer.deedDate().atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli();
        Finding last = null;
        long lastAt = Long.MIN_VALUE;
        for (final Facts.Stay stay : state.establishments(bagVboId)) {
            final Business business = state.business(stay.kvkNumber());
            if (business == null) {
                continue;
            }
            final Optional<String> riskCode = business.sbiCodes().stream()
                    .filter(code -> prefixes.stream().anyMatch(code::startsWith)).findFirst();
            if (riskCode.isEmpty()) {
                continue;
            }
            final List<Facts.Ref> moments = new java.util.ArrayList<>();
            if (stay.newRegistration()) {
                moments.add(stay.arrived());
            }
            business.changes().stream().filter(c -> c.kind().equals("ACTIVITY_CHANGED") && stay.activeAt(c.at()))
                    .forEach(c -> moments.add(c.ref()));
            for (final Facts.Ref moment : moments) {
                final LocalDate day = moment.date();
                final Optional<Transfer> latest = mostRecentTransfer(state.transfers(bagVboId), day);
                if (moment.occurredAt() >= from && moment.occurredAt() > lastAt && latest.isPresent()
                        && latest.get().ref().eventId().equals(transfer.ref().eventId())
                        && Windows.withinMonths(transfer.deedDate(), day, rule.intParam("freshTransferMonths"))) {
                    lastAt = moment.occurredAt();
                    last = Finding.of(SubjectType.PROPERTY, bagVboId, id(),
                            Map.of("kvkNumber", business.kvkNumber(), "sbiCode", riskCode.get(),
                                    "daysSinceTransfer", Long.toString(ChronoUnit.DAYS.between(transfer.deedDate(), day)),
                                    "transferRule", decidedRule),
                            List.of(transfer.ref(), moment));
                }
            }
        }
        return last == null ? List.of() : List.of(last);
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
