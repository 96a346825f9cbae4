package nl.barriere.web;

import static nl.barriere.web.Html.esc;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
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
        final String intro = "<p class=\"lead\">" + lang.t(
                "Open signalen, hoogste score eerst. Een signaal is een reden om te kijken: lees de indicatoren en het bewijs.",
                "Open signals, highest score first. A signal is a reason to look: read the indicators and the evidence.")
                + "</p>\n<p class=\"counts\">" + countsLine(open, lang) + "</p>\n";
        return Response.ok(Html.page(request, lang.t("Wachtrij", "Queue"),
                "<h1>" + lang.t("Wachtrij", "Queue") + "</h1>\n" + intro
                        + list(request, open, OPEN, "/queue")));
    }

    Response allSignals(final Request request) {
        final Lang lang = request.lang();
        final List<ReviewCase> all = queries.cases();
        final String intro = "<p class=\"lead\">" + lang.t(
                "Alle signalen in elke stand, ook vervangen signalen.",
                "Every signal in every state, superseded ones included.") + "</p>\n<p class=\"counts\">"
                + countsLine(all, lang) + "</p>\n";
        return Response.ok(Html.page(request, lang.t("Alle signalen", "All signals"),
                "<h1>" + lang.t("Alle signalen", "All signals") + "</h1>\n" + intro
                        + list(request, all, EnumSet.allOf(SignalState.class), "/signals")));
    }

    Response secondReview(final Request request) {
        final Lang lang = request.lang();
        final String me = request.user().name();
        final List<ReviewCase> pending = queries.cases().stream()
                .filter(c -> c.state() == SignalState.ESCALATION_PENDING && c.supersededBy().isEmpty())
                .collect(Collectors.toList());
        final List<ReviewCase> forMe = pending.stream()
                .filter(c -> escalation(c).map(d -> !d.getReviewer().equals(me)).orElse(false))
                .collect(Collectors.toList());
        final long mine = pending.size() - forMe.size();
        final StringBuilder html = new StringBuilder("<h1>").append(lang.t("Tweede beoordeling", "Second review"))
                .append("</h1>\n<p class=\"lead\">").append(lang.t(
                        "Opschalingen van collega's die op een tweede analist wachten. Uw eigen opschalingen staan hier niet: die bevestigt een ander.",
                        "Escalations by colleagues waiting for a second analyst. Your own escalations are not listed: someone else confirms them."))
                .append("</p>\n<p class=\"counts\"><strong>").append(forMe.size()).append("</strong> ")
                .append(lang.t("wachten op u", "waiting for you")).append(" · ").append(mine).append(' ')
                .append(lang.t("eigen opschaling(en) wachten op een collega", "of your own escalations wait for a colleague"))
                .append("</p>\n");
        if (forMe.isEmpty()) {
            html.append("<p class=\"empty\">").append(lang.t("Niets te bevestigen.", "Nothing to confirm.")).append("</p>\n");
        } else {
            html.append("<table class=\"cases\"><thead><tr><th scope=\"col\">Score</th><th scope=\"col\">")
                    .append(lang.t("Onderwerp", "Subject")).append("</th><th scope=\"col\">").append(lang.t("Indicatoren", "Indicators")).append("</th><th scope=\"col\">")
                    .append(lang.t("Opgeschaald door", "Escalated by")).append("</th><th scope=\"col\">")
                    .append(lang.t("Motivering", "Rationale")).append("</th></tr></thead><tbody>\n");
            for (final ReviewCase c : forMe) {
                final ReviewDecision escalation = escalation(c).orElseThrow();
                html.append("<tr><td class=\"score\">").append(c.signal().getScore()).append("</td><td>")
                        .append(subjectLink(c, lang)).append("</td><td>").append(chips(c, lang)).append("</td><td>")
                        .append(esc(escalation.getReviewer())).append("<br><small>")
                        .append(Html.dateTime(escalation.getDecidedAt())).append("</small></td><td class=\"rationale\">")
                        .append(esc(escalation.getRationale())).append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        return Response.ok(Html.page(request, lang.t("Tweede beoordeling", "Second review"), html.toString()));
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

    private String list(final Request request, final List<ReviewCase> base, final Set<SignalState> states,
                        final String action) {
        final Lang lang = request.lang();
        final Instant now = clock.instant();
        final Filter filter = Filter.of(request);
        final List<ReviewCase> shown = base.stream().filter(filter.predicate(now)).collect(Collectors.toList());
        final StringBuilder html = new StringBuilder(filterForm(request, base, states, filter, action));
        html.append("<p class=\"shown\" id=\"shown\">").append(lang.t("Getoond: ", "Showing: ")).append("<strong>")
                .append(shown.size()).append("</strong> ").append(lang.t("van", "of")).append(' ').append(base.size())
                .append("</p>\n");
        if (shown.isEmpty()) {
            return html.append("<p class=\"empty\">").append(lang.t("Geen signalen met deze filters.",
                    "No signals match these filters.")).append("</p>\n").toString();
        }
        html.append("<table class=\"cases\"><thead><tr><th scope=\"col\">Score</th><th scope=\"col\">")
                .append(lang.t("Onderwerp", "Subject")).append("</th><th scope=\"col\">")
                .append(lang.t("Indicatoren", "Indicators")).append("</th><th scope=\"col\">")
                .append(lang.t("Stand", "State")).append("</th><th scope=\"col\">")
                .append(lang.t("Gedetecteerd", "Detected")).append("</th><th scope=\"col\">")
                .append(lang.t("Leeftijd (dagen)", "Age (days)")).append("</th></tr></thead><tbody>\n");
        for (final ReviewCase c : shown) {
            html.append("<tr><td class=\"score\">").append(c.signal().getScore()).append("</td><td>")
                    .append(subjectLink(c, lang))
                    .append(c.supersededBy().isPresent() ? " <span class=\"badge superseded\">"
                            + lang.t("vervangen", "superseded") + "</span>" : "")
                    .append("</td><td>").append(chips(c, lang)).append("</td><td>").append(stateBadge(c.state(), lang))
                    .append("</td><td>").append(Html.date(c.signal().getDetectedAt())).append("</td><td class=\"num\">")
                    .append(ageDays(c, now)).append("</td></tr>\n");
        }
        return html.append("</tbody></table>\n").toString();
    }

    private static String filterForm(final Request request, final List<ReviewCase> base, final Set<SignalState> states,
                                     final Filter filter, final String action) {
        final Lang lang = request.lang();
        final Map<String, Long> perIndicator = new TreeMap<>(IndicatorNames::compare);
        for (final ReviewCase c : base) {
            c.signal().getIndicators().stream().map(IndicatorResult::getRuleId).distinct()
                    .forEach(id -> perIndicator.merge(id, 1L, Long::sum));
        }
        final StringBuilder html = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"")
                .append(action).append("\">\n<label>").append(lang.t("Indicator", "Indicator"))
                .append(" <select name=\"indicator\"><option value=\"\">").append(lang.t("alle", "all")).append("</option>");
        perIndicator.forEach((id, count) -> html.append("<option value=\"").append(esc(id)).append('"')
                .append(filter.indicator().map(id::equals).orElse(false) ? " selected" : "").append('>')
                .append(esc(id)).append(" ").append(esc(IndicatorNames.name(id, lang))).append(" (").append(count)
                .append(")</option>"));
        html.append("</select></label>\n<label>").append(lang.t("Stand", "State"))
                .append(" <select name=\"state\"><option value=\"\">").append(lang.t("alle", "all")).append("</option>");
        for (final SignalState state : states) {
            final long count = base.stream().filter(c -> c.state() == state).count();
            html.append("<option value=\"").append(state.name()).append('"')
                    .append(filter.state().map(state::equals).orElse(false) ? " selected" : "").append('>')
                    .append(stateLabel(state, lang)).append(" (").append(count).append(")</option>");
        }
        html.append("</select></label>\n<label>").append(lang.t("Minimaal", "At least"))
                .append(" <input type=\"number\" name=\"minAge\" min=\"0\" class=\"days\" value=\"")
                .append(filter.minAgeDays().map(String::valueOf).orElse("")).append("\"> ")
                .append(lang.t("dagen oud", "days old")).append("</label>\n<label>").append(lang.t("Hoogstens", "At most"))
                .append(" <input type=\"number\" name=\"maxAge\" min=\"0\" class=\"days\" value=\"")
                .append(filter.maxAgeDays().map(String::valueOf).orElse("")).append("\"> ")
                .append(lang.t("dagen oud", "days old")).append("</label>\n<button type=\"submit\">")
                .append(lang.t("Filteren", "Filter")).append("</button>");
        if (filter.any()) {
            html.append(" <a href=\"").append(action).append("\">").append(lang.t("Filters wissen", "Clear filters")).append("</a>");
        }
        return html.append("\n</form>\n").toString();
    }

    private static String countsLine(final List<ReviewCase> cases, final Lang lang) {
        final Map<SignalState, Long> counts = cases.stream()
                .collect(Collectors.groupingBy(ReviewCase::state, () -> new java.util.EnumMap<>(SignalState.class),
                        Collectors.counting()));
        final StringBuilder line = new StringBuilder("<strong>").append(cases.size()).append("</strong> ")
                .append(lang.t("signalen", "signals"));
        counts.forEach((state, count) -> line.append(" · ").append(count).append(' ').append(stateLabel(state, lang)));
        return line.toString();
    }

    static String subjectLink(final ReviewCase c, final Lang lang) {
        return "<a href=\"/signals/" + urlPart(c.signalId()) + "\">" + esc(Evidence.subjectType(c.signal().getSubject(), lang))
                + " " + esc(c.signal().getSubject().getId()) + "</a>";
    }

    static String chips(final ReviewCase c, final Lang lang) {
        return c.signal().getIndicators().stream()
                .map(i -> "<span class=\"chip\" title=\"" + esc(IndicatorNames.name(i.getRuleId(), lang)) + "\">"
                        + esc(i.getRuleId()) + "</span>")
                .collect(Collectors.joining(" "));
    }

    static String stateBadge(final SignalState state, final Lang lang) {
        return "<span class=\"badge state-" + state.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-') + "\">"
                + stateLabel(state, lang) + "</span>";
    }

    static String stateLabel(final SignalState state, final Lang lang) {
        switch (state) {
            case OPEN:
                return lang.t("open", "open");
            case INFO_REQUESTED:
                return lang.t("informatie gevraagd", "information requested");
            case ESCALATION_PENDING:
                return lang.t("wacht op tweede analist", "awaiting second analyst");
            case ESCALATED:
                return lang.t("opgeschaald", "escalated");
            default:
                return lang.t("afgewezen", "dismissed");
        }
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
