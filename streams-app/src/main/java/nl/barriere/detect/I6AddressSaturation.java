package nl.barriere.detect;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Facts.Stay;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.SubjectType;

/**
 * I6 Address saturation [adresverzadiging]. When an establishment arrives at BAG object X (a registration or an
 * address change into X) at time t, with date d:
 *
 * <pre>
 *   active = { stays s at X : s.from ≤ t &lt; s.to }
 *   new    = { stays s at X : s is a new registration ∧ 0 ≤ d − date(s.from) ≤ newWindowDays }
 *   fires  ⇔  X ∉ excludedBagVboIds  ∧  ( |active| ≥ minActive  ∨  |new| ≥ minNew )
 * </pre>
 *
 * Defaults 10 active, or 5 new in 90 days (inclusive). Only establishments REGISTERED at X count as new: a move into
 * X is part of {@code active} but not of {@code new}, because a burst of fresh registrations is what marks a
 * letterbox address, while moves in are ordinary tenancy. A new registration counts even if it has left X since:
 * the burst happened. Known multi-tenant business buildings and domicile providers are listed in the ruleset
 * ({@code excludedBagVboIds}) rather than guessed, so that an exclusion is a reviewed decision. Source: KvK
 * (establishment address, BAG id). Subject: the property. Evidence: the arrivals counted. Reference: DOMAIN.md §5 I6
 * (S46).
 */
final class I6AddressSaturation implements Indicator {

    @Override
    public String id() {
        return "I6";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof BusinessEvent business) || !arrives(business)) {
            return List.of();
        }
        final String bag = business.getAddress().getBagVboId();
        if (rule.listParam("excludedBagVboIds").contains(bag)) {
            return List.of();
        }
        final long time = event.time();
        final LocalDate day = Facts.day(time);
        final int windowDays = rule.intParam("newWindowDays");
        final List<Stay> stays = state.establishments(bag);
        final List<Stay> active = stays.stream().filter(s -> s.activeAt(time)).toList();
        final List<Stay> arrivedNew = stays.stream()
                .filter(s -> s.newRegistration() && Windows.withinDays(Facts.day(s.from()), day, windowDays))
                .toList();
        final boolean saturated = active.size() >= rule.intParam("minActive");
        final boolean burst = arrivedNew.size() >= rule.intParam("minNew");
        if (!saturated && !burst) {
            return List.of();
        }
        final Map<String, Ref> evidence = new LinkedHashMap<>();
        final List<Stay> counted = new ArrayList<>();
        if (saturated) {
            counted.addAll(active);
        }
        if (burst) {
            counted.addAll(arrivedNew);
        }
        counted.stream().map(Stay::arrived).sorted(Comparator.comparingLong(Ref::occurredAt).thenComparing(Ref::eventId))
                .forEach(ref -> evidence.putIfAbsent(ref.eventId(), ref));
        return List.of(Finding.of(SubjectType.PROPERTY, bag, id(),
                Map.of("activeEstablishments", Integer.toString(active.size()),
                        "newEstablishments", Integer.toString(arrivedNew.size())),
                List.copyOf(evidence.values())));
    }

    /** A registration or an address change that puts an establishment at a BAG object. */
    private static boolean arrives(final BusinessEvent event) {
        return (event.getType() == BusinessEventType.REGISTERED || event.getType() == BusinessEventType.ADDRESS_CHANGED)
                && event.getAddress() != null && event.getAddress().getBagVboId() != null;
    }
}
