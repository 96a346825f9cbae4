package nl.barriere.detect;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.barriere.detect.Facts.Business;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Facts.Tenure;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.Officer;
import nl.barriere.schema.SubjectType;

/**
 * I8 Straw-man officer [katvanger]. When a registration with an officer, or an appointment, links person o to
 * business b at time t, with date d:
 *
 * <pre>
 *   active = { businesses c : c active at t  ∧  o holds a tenure at c active at t }
 *   ended  = { businesses c : o held a tenure at c that began no later than c ended
 *                             ∧  endReason(c) ∈ endReasons  ∧  endDate(c) ≤ d ≤ endDate(c) + endedWindowMonths }
 *   fires  ⇔  |active| ≥ minActiveEntities  ∨  |ended| ≥ minEndedEntities
 * </pre>
 *
 * Defaults 5 active, or 3 ended by bankruptcy (BR) or dissolution (OO) within 24 calendar months (inclusive); an end
 * by merger or for any other reason does not count, as it is an ordinary way for a business to end. Only persons (pseudonyms) count as {@code o}: a legal entity directing many subsidiaries is an ordinary
 * holding structure, not a straw man. Evaluating on the link, not on every later event, names the business the
 * straw man was just put in front of. Source: KvK (Functionarissen, Beeindiging). Subject: the business b. Evidence:
 * the event that links o to b; the registrations or appointments of the active tenures; for each ended business the
 * tenure's registration or appointment and the deregistration. Reference: DOMAIN.md §5 I8 (S25; thresholds E).
 */
final class I8StrawManOfficer implements Indicator {

    @Override
    public String id() {
        return "I8";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof BusinessEvent business) || !linksPerson(business)) {
            return List.of();
        }
        final String officer = EntityState.officerId(business.getOfficer());
        final long time = event.time();
        final LocalDate day = Facts.day(time);
        final int months = rule.intParam("endedWindowMonths");
        final List<String> reasons = rule.listParam("endReasons");
        final Map<String, List<Ref>> active = new LinkedHashMap<>();
        final Map<String, List<Ref>> ended = new LinkedHashMap<>();
        for (final Business linked : state.businessesOf(officer)) {
            final List<Tenure> tenures = linked.officers().stream().filter(t -> t.officerId().equals(officer)).toList();
            final Optional<Tenure> current = tenures.stream().filter(t -> t.activeAt(time)).findFirst();
            if (linked.activeAt(time) && current.isPresent()) {
                active.put(linked.kvkNumber(), List.of(current.get().appointed()));
            }
            if (linked.ended() != null && linked.endedAt() <= time && reasons.contains(linked.endReason())
                    && Windows.withinMonths(linked.ended().date(), day, months)) {
                tenures.stream().filter(t -> t.from() <= linked.endedAt()).findFirst()
                        .ifPresent(t -> ended.put(linked.kvkNumber(), List.of(t.appointed(), linked.ended())));
            }
        }
        final boolean manyActive = active.size() >= rule.intParam("minActiveEntities");
        final boolean manyEnded = ended.size() >= rule.intParam("minEndedEntities");
        if (!manyActive && !manyEnded) {
            return List.of();
        }
        final Map<String, Ref> evidence = new LinkedHashMap<>();
        evidence.put(event.eventId(), event.ref());
        if (manyActive) {
            active.values().forEach(refs -> refs.forEach(ref -> evidence.putIfAbsent(ref.eventId(), ref)));
        }
        if (manyEnded) {
            ended.values().forEach(refs -> refs.forEach(ref -> evidence.putIfAbsent(ref.eventId(), ref)));
        }
        return List.of(Finding.of(SubjectType.BUSINESS, business.getKvkNumber(), id(),
                Map.of("activeEntities", Integer.toString(active.size()), "endedEntities", Integer.toString(ended.size())),
                evidence.values().stream()
                        .sorted(Comparator.comparingLong(Ref::occurredAt).thenComparing(Ref::eventId)).toList()));
    }

    /** A registration with an officer, or an appointment, of a natural person. */
    private static boolean linksPerson(final BusinessEvent event) {
        final Officer officer = event.getOfficer();
        return (event.getType() == BusinessEventType.REGISTERED || event.getType() == BusinessEventType.OFFICER_APPOINTED)
                && officer != null && officer.getPersonPseudonym() != null;
    }
}
