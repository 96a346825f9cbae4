package nl.barriere.detect;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import nl.barriere.detect.Facts.Application;
import nl.barriere.detect.Facts.Ref;
import nl.barriere.detect.Ruleset.IndicatorRule;
import nl.barriere.schema.PermitEvent;
import nl.barriere.schema.PermitEventType;
import nl.barriere.schema.SubjectType;

/**
 * I10 Operator carousel [exploitantencarrousel]. For a submission s of a kind in permitKinds for BAG object X on
 * day d:
 *
 * <pre>
 *   A = { applicant(a) : a an application for X, kind(a) ∈ permitKinds, day(a) ≤ d ≤ day(a) + windowMonths }
 *   fires  ⇔  |A| ≥ minApplicants        (s itself included)
 * </pre>
 *
 * Defaults 3 applicants in 24 months (inclusive), operating and alcohol permits; a terrace permit says nothing
 * about who runs the premises, so it does not count. Sources: permits × KvK (applicant numbers). Subject: the permit
 * application s. Evidence: per applicant its latest submission in the window. Reference: DOMAIN.md §5 I10 (practice
 * heuristic).
 */
final class I10OperatorCarousel implements Indicator {

    private static final Comparator<Application> SUBMISSION_ORDER = Comparator
            .comparingLong((Application a) -> a.submitted().occurredAt())
            .thenComparing(a -> a.submitted().eventId());

    @Override
    public String id() {
        return "I10";
    }

    @Override
    public List<Finding> evaluate(final SourcedEvent event, final EntityState state, final IndicatorRule rule) {
        if (!(event.event() instanceof PermitEvent permit) || permit.getType() != PermitEventType.SUBMITTED) {
            return List.of();
        }
        final List<String> kinds = rule.listParam("permitKinds");
        if (!kinds.contains(permit.getPermitKind().name())) {
            return List.of();
        }
        final LocalDate submitted = event.ref().date();
        final int months = rule.intParam("windowMonths");
        final Map<String, Application> latestByApplicant = new TreeMap<>();
        for (final Application application : state.applications(permit.getBagVboId())) {
            if (kinds.contains(application.permitKind()) && application.submitted().occurredAt() <= event.time()
                    && Windows.withinMonths(application.submitted().date(), submitted, months)) {
                latestByApplicant.merge(application.applicantKvkNumber(), application,
                        (earlier, later) -> SUBMISSION_ORDER.compare(earlier, later) >= 0 ? earlier : later);
            }
        }
        if (latestByApplicant.size() < rule.intParam("minApplicants")) {
            return List.of();
        }
        final List<Ref> evidence = latestByApplicant.values().stream().map(Application::submitted).toList();
        return List.of(Finding.of(SubjectType.PERMIT_APPLICATION, permit.getApplicationId(), id(),
                Map.of("applicants", Integer.toString(latestByApplicant.size())), evidence));
    }
}
