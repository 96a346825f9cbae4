package nl.barriere.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import nl.barriere.review.ReviewCase;
import nl.barriere.review.ReviewQueries;
import nl.barriere.review.SignalState;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;

/**
 * The lists of signals: the analyst's queue of open work, the second-review queue (escalations by a colleague,
 * never one's own: four eyes), and every signal for analysts and auditors. The order is the review app's
 * (highest score first, then newest evidence); filters only narrow it.
 */
final class QueuePages {

    private static final Set<SignalState> OPEN = EnumSet.of(SignalState.OPEN, SignalState.INFO_REQUESTED);

    /** What the filter form asked for; an empty value does not filter. */
    record Filter(Optional<String> indicator, Optional<SignalState> state, Optional<Integer> minAgeDays,
                  Optional<Integer> maxAgeDays) {

        static Filter of(final Request request) {
            return new Filter(request.param("indicator"),
                    request.param("state").flatMap(QueuePages::state),
                    request.param("minAge").flatMap(QueuePages::days),
                    request.param("maxAge").flatMap(QueuePages::days));
        }

        Predicate<ReviewCase> predicate(final Instant now) {
            return c -> indicator.map(id -> hasIndicator(c, id)).orElse(true)
                    && state.map(s -> c.state() == s).orElse(true)
                    && minAgeDays.map(days -> ageDays(c, now) >= days).orElse(true)
                    && maxAgeDays.map(days -> ageDays(c, now) <= days).orElse(true);
        }

        boolean any() {
            return indicator.isPresent() || state.isPresent() || minAgeDays.isPresent() || maxAgeDays.isPresent();
        }
    }

    /** An indicator of a signal as a chip: its id, and its name for the tooltip. */
    record Chip(String ruleId, String name) {
    }

    /** A signal's state as a badge: the style's class and the label. */
    record Badge(String cssClass, String label) {
    }

    /** A signal as a row of a list. */
    record Row(long score, String href, String subject, boolean superseded, List<Chip> chips, Badge state,
               String detected, long ageDays) {
    }

    /** A choice of a filter's drop-down. */
    record Option(String value, String label, boolean selected) {
    }

    /** How many of the listed signals stand in a state. */
    record StateCount(long count, String label) {
    }

    /** The filter form: where it goes, its choices, and what was asked for. */
    record Filters(String action, List<Option> indicators, List<Option> states, String minAge, String maxAge,
                   boolean any) {
    }

    /** A list page (template {@code queue}): every signal it holds ({@code total}), and those the filters leave. */
    record Listing(String title, String lead, int total, List<StateCount> perState, Filters filters, List<Row> rows) {
    }

    /** A row of the second-review queue: the signal and the escalation a second analyst would answer. */
    record Escalation(Row row, String by, String at, String rationale) {
    }

    private final ReviewQueries queries;
    private final Clock clock;

    QueuePages(final ReviewQueries queries, final Clock clock) {
        this.queries = queries;
        this.clock = clock;
    }

    Response queue(final Request request) {
        final Lang lang = request.lang();
        final List<ReviewCase> open = queries.cases().stream()
                .filter(c -> OPEN.contains(c.state()) && c.supersededBy().isEmpty())
                .collect(Collectors.toList());
        return Response.ok(Templates.render("queue", Map.of("request", request, "listing", listing(request,
                lang.msg("queue.title"), lang.msg("queue.lead"), open, OPEN, "/queue"))));
    }

    Response allSignals(final Request request) {
        final Lang lang = request.lang();
        return Response.ok(Templates.render("queue", Map.of("request", request, "listing", listing(request,
                lang.msg("signals.title"), lang.msg("signals.lead"), queries.cases(), EnumSet.allOf(SignalState.class),
                "/signals"))));
    }

    Response secondReview(final Request request) {
        final Lang lang = request.lang();
        final String me = request.user().name();
        final Instant now = clock.instant();
        final List<ReviewCase> pending = queries.cases().stream()
                .filter(c -> c.state() == SignalState.ESCALATION_PENDING && c.supersededBy().isEmpty())
                .collect(Collectors.toList());
        final List<Escalation> forMe = pending.stream()
                .filter(c -> escalation(c).map(d -> !d.getReviewer().equals(me)).orElse(false))
                .map(c -> {
                    final ReviewDecision escalation = escalation(c).orElseThrow();
                    return new Escalation(row(c, lang, now), escalation.getReviewer(),
                            Html.dateTime(escalation.getDecidedAt()), escalation.getRationale());
                })
                .toList();
        return Response.ok(Templates.render("secondReview", Map.of("request", request, "forMe", forMe,
                "mine", (long) (pending.size() - forMe.size()))));
    }

    /** The newest ESCALATE on the case: the one a confirmation would answer. */
    static Optional<ReviewDecision> escalation(final ReviewCase c) {
        ReviewDecision found = null;
        for (final ReviewDecision decision : c.decisions()) {
            if (decision.getAction() == ReviewAction.ESCALATE) {
                found = decision;
            }
        }
        return Optional.ofNullable(found);
    }

    private Listing listing(final Request request, final String title, final String lead, final List<ReviewCase> base,
                            final Set<SignalState> states, final String action) {
        final Lang lang = request.lang();
        final Instant now = clock.instant();
        final Filter filter = Filter.of(request);
        final Map<SignalState, Long> perState = base.stream()
                .collect(Collectors.groupingBy(ReviewCase::state, () -> new EnumMap<>(SignalState.class),
                        Collectors.counting()));
        return new Listing(title, lead, base.size(),
                perState.entrySet().stream().map(e -> new StateCount(e.getValue(), stateLabel(e.getKey(), lang))).toList(),
                filters(lang, base, states, filter, action),
                base.stream().filter(filter.predicate(now)).map(c -> row(c, lang, now)).toList());
    }

    private static Filters filters(final Lang lang, final List<ReviewCase> base, final Set<SignalState> states,
                                   final Filter filter, final String action) {
        final Map<String, Long> perIndicator = new TreeMap<>(IndicatorNames::compare);
        for (final ReviewCase c : base) {
            c.signal().getIndicators().stream().map(IndicatorResult::getRuleId).distinct()
                    .forEach(id -> perIndicator.merge(id, 1L, Long::sum));
        }
        final List<Option> indicators = perIndicator.entrySet().stream()
                .map(e -> new Option(e.getKey(), e.getKey() + " " + IndicatorNames.name(e.getKey(), lang)
                        + " (" + e.getValue() + ")", filter.indicator().map(e.getKey()::equals).orElse(false)))
                .toList();
        final List<Option> stateOptions = states.stream()
                .map(state -> new Option(state.name(), stateLabel(state, lang) + " ("
                        + base.stream().filter(c -> c.state() == state).count() + ")",
                        filter.state().map(state::equals).orElse(false)))
                .toList();
        return new Filters(action, indicators, stateOptions, filter.minAgeDays().map(String::valueOf).orElse(""),
                filter.maxAgeDays().map(String::valueOf).orElse(""), filter.any());
    }

    private static Row row(final ReviewCase c, final Lang lang, final Instant now) {
        return new Row(c.signal().getScore(), signalHref(c.signalId()), subject(c, lang), c.supersededBy().isPresent(),
                chips(c, lang), badge(c.state(), lang), Html.date(c.signal().getDetectedAt()), ageDays(c, now));
    }

    static String signalHref(final String signalId) {
        return "/signals/" + urlPart(signalId);
    }

    static String subject(final ReviewCase c, final Lang lang) {
        return Evidence.subjectType(c.signal().getSubject(), lang) + " " + c.signal().getSubject().getId();
    }

    static List<Chip> chips(final ReviewCase c, final Lang lang) {
        return c.signal().getIndicators().stream()
                .map(i -> new Chip(i.getRuleId(), IndicatorNames.name(i.getRuleId(), lang)))
                .toList();
    }

    static Badge badge(final SignalState state, final Lang lang) {
        return new Badge(state.name().toLowerCase(Locale.ROOT).replace('_', '-'), stateLabel(state, lang));
    }

    static String stateLabel(final SignalState state, final Lang lang) {
        return switch (state) {
            case OPEN -> lang.msg("state.open");
            case INFO_REQUESTED -> lang.msg("state.info-requested");
            case ESCALATION_PENDING -> lang.msg("state.escalation-pending");
            case ESCALATED -> lang.msg("state.escalated");
            case DISMISSED -> lang.msg("state.dismissed");
        };
    }

    static String urlPart(final String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static boolean hasIndicator(final ReviewCase c, final String ruleId) {
        return c.signal().getIndicators().stream().anyMatch(i -> i.getRuleId().equals(ruleId));
    }

    private static long ageDays(final ReviewCase c, final Instant now) {
        return Math.max(0, Duration.between(c.signal().getDetectedAt(), now).toDays());
    }

    private static Optional<SignalState> state(final String value) {
        try {
            return Optional.of(SignalState.valueOf(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<Integer> days(final String value) {
        try {
            return Optional.of(Math.max(0, Integer.parseInt(value.strip())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
