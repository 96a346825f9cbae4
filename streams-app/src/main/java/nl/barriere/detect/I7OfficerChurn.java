package nl.barriere.detect;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import nl.barriere.detect.Facts.Business;
import nl.barriere.detect.Facts.Change;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Facts.Tenure;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.BusinessEvent;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.SubjectType;

/**
 * I7 Officer churn [wisselende bestuurders]. For business b, let C(b, t) be its officer changes (appointments and
 * resignations; the officer named at registration is not a change) on a day d with d ≤ day(t) ≤ d + windowMonths,
 * and O(b, t) the officers active at time t. Then:
 *
 * <pre>
 *   (a) on an officer change of b at t:          fires  ⇔  |C(b, t)| ≥ minChanges
 *   (b) on a permit submission by b at t:        fires  ⇔  |C(b, t)| ≥ minChanges  ∨  boardReplaced(b, t)
 *       boardReplaced(b, t)  ⇔  B ≠ ∅  ∧  O(b, t) ≠ ∅  ∧  B ∩ O(b, t) = ∅,
 *       where B = O(b, start of day(t) − boardReplacedDays), compared by officer
 * </pre>
 *
 * Defaults 3 changes in 12 months (inclusive), whole board replaced within 90 days (inclusive). Taking the board at
 * the start of the window's first day keeps an officer who leaves on that day inside the window. Sources: KvK
 * officer changes (+ permit applications). Subject: (a) the business; (b) the permit application, the main subject
 * when a permit is asked for. Evidence: the changes counted, and for (b) the replacement's changes and the
 * submission. Reference: DOMAIN.md §5 I7 (S2 for the signal, S12 for the control questions).
 */
final class I7OfficerChurn implements Indicator {

    private static final Set<String> OFFICER_CHANGES = Set.of(
            BusinessEventType.OFFICER_APPOINTED.name(), BusinessEventType.OFFICER_RESIGNED.name());

    @Override
    public String id() {
        return "I7";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (event.event() instanceof BusinessEvent change && OFFICER_CHANGES.contains(change.getType().name())) {
            return onOfficerChange(event, state.business(change.getKvkNumber()), rule);
        }
        if (event.event() instanceof PermitEvent permit && permit.getType() == PermitEventType.SUBMITTED) {
            return onSubmission(event, permit, state.business(permit.getApplicantKvkNumber()), rule);
        }
        return List.of();
    }

    private List<Finding> onOfficerChange(final SourcedEvent event, final Business business, final IndicatorRule rule) {
        if (business == null) {
            return List.of();
        }
        final List<Ref> counted = changesWithinMonths(business, event.time(), rule.intParam("windowMonths"));
        if (counted.size() < rule.intParam("minChanges")) {
            return List.of();
        }
        return List.of(Finding.of(SubjectType.BUSINESS, business.kvkNumber(), id(), observed(counted.size(), false),
                counted));
    }

    private List<Finding> onSubmission(final SourcedEvent event, final PermitEvent permit, final Business applicant,
                                       final IndicatorRule rule) {
        if (applicant == null) {
            return List.of();
        }
        final long at = event.time();
        final int days = rule.intParam("boardReplacedDays");
        final List<Ref> counted = changesWithinMonths(applicant, at, rule.intParam("windowMonths"));
        final boolean churn = counted.size() >= rule.intParam("minChanges");
        final boolean replaced = boardReplaced(applicant, at, days);
        if (!churn && !replaced) {
            return List.of();
        }
        final List<Ref> evidence = new ArrayList<>(counted);
        if (replaced) {
            changesWithinDays(applicant, at, days).stream()
                    .filter(ref -> !evidence.contains(ref))
                    .forEach(evidence::add);
        }
        evidence.add(event.ref());
        return List.of(Finding.of(SubjectType.PERMIT_APPLICATION, permit.getApplicationId(), id(),
                observed(counted.size(), replaced), evidence));
    }

    /** Officer changes on a day within {@code months} before (or on) the day of {@code at}, and not after it. */
    private static List<Ref> changesWithinMonths(final Business business, final long at, final int months) {
        final LocalDate day = Facts.day(at);
        return officerChanges(business, at).stream()
                .filter(c -> Windows.withinMonths(c.ref().date(), day, months))
                .map(Change::ref)
                .toList();
    }

    private static List<Ref> changesWithinDays(final Business business, final long at, final int days) {
        final LocalDate day = Facts.day(at);
        return officerChanges(business, at).stream()
                .filter(c -> Windows.withinDays(c.ref().date(), day, days))
                .map(Change::ref)
                .toList();
    }

    private static List<Change> officerChanges(final Business business, final long at) {
        return business.changes().stream().filter(c -> OFFICER_CHANGES.contains(c.kind()) && c.at() <= at).toList();
    }

    /**
     * Whether everyone on the board when the window opened has gone by {@code at}, and someone new is there.
     * Compared by officer, not by tenure, so that an officer who resigns and is reappointed is not a replacement.
     */
    private static boolean boardReplaced(final Business business, final long at, final int days) {
        final long windowOpens = Facts.day(at).minusDays(days).atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli();
        final Set<String> before = officerIds(business.officersAt(windowOpens));
        final Set<String> now = officerIds(business.officersAt(at));
        return !before.isEmpty() && !now.isEmpty() && before.stream().noneMatch(now::contains);
    }

    private static Set<String> officerIds(final List<Tenure> tenures) {
        return tenures.stream().map(Tenure::officerId).collect(Collectors.toSet());
    }

    private static Map<String, String> observed(final int changes, final boolean boardReplaced) {
        return Map.of("changes", Integer.toString(changes), "boardReplaced", Boolean.toString(boardReplaced));
    }
}
