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
 *   multiTenant(X) ⇔  BAG: objectsInBuilding(X) ≥ multiTenantMinObjects  ∧  WOONFUNCTIE ∉ purposes(X)
 *   domicile(X)    ⇔  ∃ s ∈ active : an SBI code of s starts with one in domicileSbiCodes
 *   fires  ⇔  X ∉ excludedBagVboIds  ∧  ¬multiTenant(X)  ∧  ¬domicile(X)  ∧  ( |active| ≥ minActive  ∨  |new| ≥ minNew )
 * </pre>
 *
 * Defaults 10 active, or 5 new in 90 days (inclusive). Only establishments REGISTERED at X count as new: a move into
 * X is part of {@code active} but not of {@code new}, because a burst of fresh registrations is what marks a
 * letterbox address, while moves in are ordinary tenancy. A new registration counts even if it has left X since:
 * the burst happened.
 *
 * <p>DOMAIN.md §5 excludes multi-tenant business buildings and domicile providers: many establishments there are
 * their purpose. Both come from data. A multi-tenant business building is what BAG (bag.objects) says: the object
 * lies in a building [pand] with at least multiTenantMinObjects verblijfsobjecten (E: 10) and has no residential
 * use (a flat's letterbox full of companies is exactly what I6 looks for, so a building with homes is never
 * excluded on size alone). A domicile address is one where an active establishment's SBI code is a domicile
 * provider's, from the ruleset list domicileSbiCodes (SBI 2008 8211, combined office administrative services,
 * where domicile provision [domicilieverlening] is registered; E: confirm against the CBS table). An object BAG
 * has not described is never excluded by the first rule. {@code excludedBagVboIds} stays as a reviewed override
 * for what the data does not show: DOMAIN.md §1a says trust offices and domicile providers are best taken from the
 * DNB/Wwft registers, which are not a Barrière source. Sources: KvK (establishment address, BAG id) + BAG. Subject:
 * the property. Evidence: the arrivals counted. Reference: DOMAIN.md §5 I6 (S46).
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
        if (rule.listParam("excludedBagVboIds").contains(bag) || multiTenantBusinessBuilding(state.premises(bag), rule)) {
            return List.of();
        }
        final long time = event.time();
        final LocalDate day = Facts.day(time);
        final int windowDays = rule.intParam("newWindowDays");
        final List<Stay> stays = state.establishments(bag);
        final List<Stay> active = stays.stream().filter(s -> s.activeAt(time)).toList();
        if (domicileAddress(active, state, rule.listParam("domicileSbiCodes"))) {
            return List.of();
        }
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

    private static boolean multiTenantBusinessBuilding(final Facts.Premises premises, final IndicatorRule rule) {
        return premises != null && premises.objectsInBuilding() != null
                && premises.objectsInBuilding() >= rule.intParam("multiTenantMinObjects")
                && !premises.purposes().contains("WOONFUNCTIE");
    }

    private static boolean domicileAddress(final List<Stay> active, final EntityState state, final List<String> codes) {
        return !codes.isEmpty() && active.stream().map(s -> state.business(s.kvkNumber())).filter(b -> b != null)
                .anyMatch(b -> b.sbiCodes().stream().anyMatch(sbi -> codes.stream().anyMatch(sbi::startsWith)));
    }

    /** A registration or an address change that puts an establishment at a BAG object. */
    private static boolean arrives(final BusinessEvent event) {
        return (event.getType() == BusinessEventType.REGISTERED || event.getType() == BusinessEventType.ADDRESS_CHANGED)
                && event.getAddress() != null && event.getAddress().getBagVboId() != null;
    }
}
