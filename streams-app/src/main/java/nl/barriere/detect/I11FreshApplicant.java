package nl.barriere.detect;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import nl.barriere.detect.Facts.Business;
import nl.barriere.detect.Facts.Change;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.ingest.KvkDate;
import nl.barriere.schema.BusinessEventType;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.SubjectType;

/**
 * I11 Fresh or reshuffled applicant [verse of omgebouwde aanvrager]. For a permit submission on day d by business
 * b with start date s [datumAanvang]:
 *
 * <pre>
 *   fresh       ⇔  s ≤ d  ∧  d &lt; s + freshMonths                    (strictly less than 3 months old)
 *   reshuffled  ⇔  ∃ change c of b, kind(c) ∈ {LEGAL_FORM_CHANGED, TRANSFERRED}:
 *                      day(c) ≤ d ≤ day(c) + reshuffleMonths
 *   fires       ⇔  fresh  ∨  reshuffled
 * </pre>
 *
 * Defaults 3 months (strict) and 6 months (inclusive). A partial start date counts from its earliest possible day
 * (see {@link KvkDate}). A legal-form change or a continuation [voortzetting] needs a new alcohol licence, which is
 * why a reshuffle shortly before an application is worth a look. Sources: permits × KvK. Subject: the permit
 * application. Evidence: the registration when fresh, the latest reshuffle in the window when reshuffled, and the
 * submission. Reference: DOMAIN.md §5 I11 (S20, S2).
 */
final class I11FreshApplicant implements Indicator {

    private static final Set<String> RESHUFFLES = Set.of(
            BusinessEventType.LEGAL_FORM_CHANGED.name(), BusinessEventType.TRANSFERRED.name());
    /** Shown for an age or a reshuffle the register does not give. */
    private static final String NONE = "-";

    @Override
    public String id() {
        return "I11";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof PermitEvent permit) || permit.getType() != PermitEventType.SUBMITTED) {
            return List.of();
        }
        final Business applicant = state.business(permit.getApplicantKvkNumber());
        if (applicant == null) {
            return List.of();
        }
        final LocalDate submitted = event.ref().date();
        final Optional<LocalDate> start = applicant.registration() == null
                ? Optional.empty() : KvkDate.parse(applicant.startDate());
        final boolean fresh = start.isPresent()
                && Windows.youngerThanMonths(start.get(), submitted, rule.intParam("freshMonths"));
        final int months = rule.intParam("reshuffleMonths");
        final Optional<Change> reshuffle = applicant.changes().stream()
                .filter(c -> RESHUFFLES.contains(c.kind()) && c.at() <= event.time()
                        && Windows.withinMonths(c.ref().date(), submitted, months))
                .max(Comparator.comparingLong(Change::at));
        if (!fresh && reshuffle.isEmpty()) {
            return List.of();
        }
        final List<Ref> evidence = new ArrayList<>();
        if (fresh) {
            evidence.add(applicant.registration());
        }
        reshuffle.ifPresent(c -> evidence.add(c.ref()));
        evidence.add(event.ref());
        return List.of(Finding.of(SubjectType.PERMIT_APPLICATION, permit.getApplicationId(), id(),
                Map.of("ageDays", start.map(s -> daysBetween(s, submitted)).orElse(NONE),
                        "reshuffleDaysBefore", reshuffle.map(c -> daysBetween(c.ref().date(), submitted)).orElse(NONE)),
                evidence));
    }

    private static String daysBetween(final LocalDate earlier, final LocalDate later) {
        return Long.toString(ChronoUnit.DAYS.between(earlier, later));
    }
}
