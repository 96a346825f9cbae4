package nl.barriere.web;

import static nl.barriere.web.Html.esc;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import nl.barriere.contract.Role;
import nl.barriere.contract.User;
import nl.barriere.review.DecisionDesk;
import nl.barriere.review.ReviewCase;
import nl.barriere.review.ReviewQueries;
import nl.barriere.review.SignalState;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.ReviewAction;
import nl.barriere.schema.ReviewDecision;
import nl.barriere.schema.RiskSignal;

/**
 * One signal: what it is about, every indicator with its explanation and parameters, the evidence in time order,
 * the signals it replaced, who decided what, and the decision form. Every view is recorded on the access log
 * before anything is shown (rule 8). Nothing from the Bibob zone appears here (rule 6).
 */
final class SignalPage {

    static final int MIN_RATIONALE = DecisionDesk.MIN_RATIONALE;
    /** The page lists at most this many earlier signals of the subject, the newest first, so it stays readable. */
    private static final int MAX_EARLIER_SIGNALS = 50;

    private final ReviewQueries queries;
    private final DecisionDesk desk;
    private final EvidenceLookup evidence;

    SignalPage(final ReviewQueries queries, final DecisionDesk desk, final EvidenceLookup evidence) {
        this.queries = queries;
        this.desk = desk;
        this.evidence = evidence;
    }

    Response show(final Request request) {
        final Optional<ReviewCase> found = queries.find(request.pathParameter(0));
        if (found.isEmpty()) {
            return notFound(request);
        }
        final String notice = request.param("decided")
                .map(action -> request.lang().t("Uw besluit is vastgelegd.", "Your decision was recorded."))
                .orElse("");
        return Response.ok(render(request, found.get(), notice, "", Optional.empty(), ""));
    }

    Response decide(final Request request) {
        final Lang lang = request.lang();
        final String signalId = request.pathParameter(0);
        final Optional<ReviewCase> found = queries.find(signalId);
        if (found.isEmpty()) {
            return notFound(request);
        }
        final String rationale = request.form().getOrDefault("rationale", "").strip();
        final Optional<ReviewAction> action = request.param("action").flatMap(SignalPage::action);
        if (action.isEmpty()) {
            return Response.html(400, render(request, found.get(), "", lang.t("Kies een besluit.", "Choose a decision."),
                    action, rationale));
        }
        final DecisionDesk.Outcome outcome = desk.decide(request.user().name(), Set.of(request.user().role()), signalId,
                action.get(), rationale);
        if (!outcome.accepted()) {
            SecurityLog.event(SecurityLog.DECISION_REFUSED, request.user().name(), request.remoteAddress(),
                    request.path(), ownEscalation(found.get(), request.user().name(), action.get())
                            ? "self-confirmation" : "refused-" + action.get().name());
            final ReviewCase now = queries.find(signalId).orElse(found.get());
            return Response.html(409, render(request, now, "", outcome.message(), action, rationale));
        }
        return Response.redirect("/signals/" + QueuePages.urlPart(signalId) + "?decided=" + action.get().name());
    }

    /** Whether {@code user} answered their own pending escalation: what the four-eyes rule refuses. */
    private static boolean ownEscalation(final ReviewCase c, final String user, final ReviewAction action) {
        if (action != ReviewAction.CONFIRM_ESCALATION && action != ReviewAction.REJECT_ESCALATION) {
            return false;
        }
        String escalator = null;
        for (final ReviewDecision decision : c.decisions()) {
            if (decision.getAction() == ReviewAction.ESCALATE) {
                escalator = decision.getReviewer();
            }
        }
        return user.equals(escalator);
    }

    private String render(final Request request, final ReviewCase c, final String notice, final String error,
                          final Optional<ReviewAction> chosen, final String rationale) {
        final Lang lang = request.lang();
        final User user = request.user();
        desk.recordAccess(user.name(), user.role().id(), c.signalId(), AccessAction.VIEW_SIGNAL, null);
        final RiskSignal signal = c.signal();
        final List<Evidence.Item> items = Evidence.timeline(signal.getIndicators(), evidence);
        final StringBuilder html = new StringBuilder();
        html.append("<p class=\"crumbs\"><a href=\"").append(user.role() == Role.ANALYST ? "/queue" : "/signals").append("\">")
                .append(user.role() == Role.ANALYST ? lang.t("← Wachtrij", "← Queue") : lang.t("← Alle signalen", "← All signals"))
                .append("</a></p>\n<h1>").append(esc(Evidence.subjectType(signal.getSubject(), lang))).append(' ')
                .append(esc(signal.getSubject().getId())).append("</h1>\n<p class=\"signal-meta\"><span class=\"score-big\">")
                .append(lang.t("score ", "score ")).append(signal.getScore()).append("</span> ")
                .append(stateBadge(c.state(), lang)).append(" <span>").append(lang.t("signaal ", "signal "))
                .append("<code>").append(esc(signal.getSignalId())).append("</code></span> <span>")
                .append(lang.t("regelset ", "ruleset ")).append(esc(signal.getRulesetVersion())).append(rulesetDigest(signal))
                .append("</span> <span>")
                .append(lang.t("laatste bewijs ", "latest evidence ")).append(Html.dateTime(signal.getDetectedAt()))
                .append("</span></p>\n");
        if (!notice.isEmpty()) {
            html.append("<p class=\"notice\" role=\"status\">").append(esc(notice)).append("</p>\n");
        }
        if (!error.isEmpty()) {
            html.append("<p class=\"error\" role=\"alert\" id=\"decision-error\">").append(esc(error)).append("</p>\n");
        }
        c.supersededBy().ifPresent(newer -> html.append("<p class=\"warning\" role=\"status\">")
                .append(lang.t("Dit signaal is vervangen door een nieuwer signaal voor hetzelfde onderwerp, met nieuw bewijs. "
                                + "Besluiten gaan op het nieuwe signaal: ",
                        "This signal was superseded by a newer signal for the same subject, with new evidence. "
                                + "Decisions go on the newer one: "))
                .append("<a href=\"/signals/").append(QueuePages.urlPart(newer)).append("\">").append(esc(newer))
                .append("</a></p>\n"));
        html.append("<section><h2>").append(lang.t("Onderwerp", "Subject")).append("</h2>\n")
                .append(Evidence.subjectSummary(signal.getSubject(), items, lang)).append("</section>\n")
                .append("<section><h2>").append(lang.t("Indicatoren", "Indicators")).append(" (")
                .append(signal.getIndicators().size()).append(")</h2>\n<p class=\"hint\">")
                .append(lang.t("De score is de som van de gewichten. Beoordeel de indicatoren, niet het getal.",
                        "The score is the sum of the weights. Judge the indicators, not the number."))
                .append("</p>\n").append(Evidence.indicators(signal.getIndicators(), lang)).append("</section>\n")
                .append("<section><h2>").append(lang.t("Tijdlijn van het bewijs", "Evidence timeline")).append("</h2>\n")
                .append(Evidence.timelineHtml(items, lang)).append("</section>\n");
        html.append(supersededSection(c, lang));
        html.append(history(c, lang));
        if (user.role() == Role.ANALYST) {
            html.append(decisionForm(request, c, chosen, rationale));
        }
        return Html.page(request, lang.t("Signaal", "Signal") + " " + signal.getSubject().getId(), html.toString());
    }

    /** The earlier signals for the subject, newest first, following each one's {@code supersedes}. */
    private String supersededSection(final ReviewCase c, final Lang lang) {
        final List<ReviewCase> earlier = new ArrayList<>();
        final Set<String> seen = new LinkedHashSet<>();
        Optional<String> previous = Optional.ofNullable(c.signal().getSupersedes());
        while (previous.isPresent() && seen.add(previous.get()) && earlier.size() < MAX_EARLIER_SIGNALS) {
            final Optional<ReviewCase> found = queries.find(previous.get());
            if (found.isEmpty()) {
                break;
            }
            earlier.add(found.get());
            previous = Optional.ofNullable(found.get().signal().getSupersedes());
        }
        if (c.signal().getSupersedes() == null) {
            return "";
        }
        final StringBuilder html = new StringBuilder("<section><h2>")
                .append(lang.t("Eerdere signalen voor dit onderwerp", "Earlier signals for this subject")).append("</h2>\n<ul>");
        if (earlier.isEmpty()) {
            html.append("<li><code>").append(esc(c.signal().getSupersedes())).append("</code> ")
                    .append(lang.t("(niet meer beschikbaar)", "(no longer available)")).append("</li>");
        }
        for (final ReviewCase old : earlier) {
            html.append("<li><a href=\"/signals/").append(QueuePages.urlPart(old.signalId())).append("\"><code>")
                    .append(esc(old.signalId())).append("</code></a> · score ").append(old.signal().getScore()).append(" · ")
                    .append(chips(old, lang)).append(" · ").append(stateBadge(old.state(), lang))
                    .append(" · ").append(Html.date(old.signal().getDetectedAt())).append("</li>");
        }
        return html.append("</ul></section>\n").toString();
    }

    /** The ruleset's digest, shortened on the page and whole in its tooltip; nothing for signals from before digests. */
    private static String rulesetDigest(final RiskSignal signal) {
        final String digest = signal.getRulesetDigest();
        if (digest == null) {
            return "";
        }
        return " <code title=\"" + esc(digest) + "\">" + esc(digest.substring(0, Math.min(digest.length(), 19)))
                + "…</code>";
    }

    private static String history(final ReviewCase c, final Lang lang) {
        final StringBuilder html = new StringBuilder("<section><h2>")
                .append(lang.t("Besluiten", "Decisions")).append("</h2>\n");
        if (c.decisions().isEmpty()) {
            return html.append("<p class=\"empty\">").append(lang.t("Nog geen besluiten.", "No decisions yet."))
                    .append("</p></section>\n").toString();
        }
        html.append("<table class=\"history\"><thead><tr><th scope=\"col\">").append(lang.t("Wanneer", "When"))
                .append("</th><th scope=\"col\">").append(lang.t("Wie", "Who")).append("</th><th scope=\"col\">")
                .append(lang.t("Besluit", "Decision")).append("</th><th scope=\"col\">").append(lang.t("Motivering", "Rationale"))
                .append("</th></tr></thead><tbody>\n");
        for (final ReviewDecision decision : c.decisions()) {
            html.append("<tr><td>").append(Html.dateTime(decision.getDecidedAt())).append("</td><td>")
                    .append(esc(decision.getReviewer())).append("</td><td>").append(actionLabel(decision.getAction(), lang))
                    .append("</td><td class=\"rationale\">").append(esc(decision.getRationale())).append("</td></tr>\n");
        }
        return html.append("</tbody></table></section>\n").toString();
    }

    private String decisionForm(final Request request, final ReviewCase c, final Optional<ReviewAction> chosen,
                                final String rationale) {
        final Lang lang = request.lang();
        final StringBuilder html = new StringBuilder("<section class=\"decide\"><h2>")
                .append(lang.t("Besluit", "Decision")).append("</h2>\n");
        if (c.supersededBy().isPresent()) {
            return html.append("<p>").append(lang.t("Besluit op het nieuwere signaal.", "Decide on the newer signal."))
                    .append("</p></section>\n").toString();
        }
        final List<ReviewAction> actions = new ArrayList<>();
        switch (c.state()) {
            case OPEN:
            case INFO_REQUESTED:
                actions.addAll(List.of(ReviewAction.ESCALATE, ReviewAction.REQUEST_INFO, ReviewAction.DISMISS));
                break;
            case ESCALATION_PENDING:
                final Optional<ReviewDecision> escalation = QueuePages.escalation(c);
                if (escalation.map(d -> d.getReviewer().equals(request.user().name())).orElse(false)) {
                    return html.append("<p>").append(lang.t(
                            "U heeft dit signaal opgeschaald. Een andere analist moet het bevestigen of afwijzen (vier ogen).",
                            "You escalated this signal. Another analyst has to confirm or reject it (four eyes)."))
                            .append("</p></section>\n").toString();
                }
                actions.addAll(List.of(ReviewAction.CONFIRM_ESCALATION, ReviewAction.REJECT_ESCALATION));
                break;
            default:
                return html.append("<p>").append(lang.t("Dit signaal is afgehandeld.", "This signal is closed."))
                        .append("</p></section>\n").toString();
        }
        html.append("<form method=\"post\" action=\"/signals/").append(QueuePages.urlPart(c.signalId()))
                .append("/decision\" id=\"decision-form\">").append(Html.csrfField(request))
                .append("\n<fieldset><legend>").append(lang.t("Wat besluit u?", "What do you decide?")).append("</legend>\n");
        for (final ReviewAction action : actions) {
            final int minimum = DecisionDesk.needsLongRationale(action) ? MIN_RATIONALE : 1;
            html.append("<label class=\"choice\"><input type=\"radio\" name=\"action\" required value=\"").append(action.name())
                    .append("\" data-min-rationale=\"").append(minimum).append('"')
                    .append(chosen.map(action::equals).orElse(false) ? " checked" : "").append("> ")
                    .append(actionLabel(action, lang)).append("</label>\n");
        }
        html.append("</fieldset>\n<label for=\"rationale\">").append(lang.t("Motivering", "Rationale")).append("</label>\n")
                .append("<p class=\"hint\" id=\"rationale-rule\">").append(lang.t(
                        "Opschalen en bevestigen vragen een motivering van minstens " + MIN_RATIONALE + " tekens; "
                                + "schrijf op wat u in het bewijs ziet.",
                        "Escalating and confirming need a rationale of at least " + MIN_RATIONALE + " characters; "
                                + "write down what you see in the evidence."))
                .append("</p>\n<textarea id=\"rationale\" name=\"rationale\" rows=\"5\" required aria-describedby=\"rationale-rule rationale-count\">")
                .append(esc(rationale)).append("</textarea>\n<p class=\"count\" id=\"rationale-count\" aria-live=\"polite\" data-label-nl=\"tekens\" data-label-en=\"characters\"></p>\n")
                .append("<button type=\"submit\">").append(lang.t("Besluit vastleggen", "Record decision"))
                .append("</button>\n</form></section>\n");
        return html.toString();
    }

    static String actionLabel(final ReviewAction action, final Lang lang) {
        switch (action) {
            case DISMISS:
                return lang.t("Afwijzen: geen reden tot verder onderzoek", "Dismiss: no reason to look further");
            case REQUEST_INFO:
                return lang.t("Meer informatie nodig", "Request more information");
            case ESCALATE:
                return lang.t("Opschalen (een tweede analist bevestigt)", "Escalate (a second analyst confirms)");
            case CONFIRM_ESCALATION:
                return lang.t("Opschaling bevestigen", "Confirm the escalation");
            default:
                return lang.t("Opschaling afwijzen (terug naar open)", "Reject the escalation (back to open)");
        }
    }

    private static Optional<ReviewAction> action(final String value) {
        try {
            return Optional.of(ReviewAction.valueOf(value));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Response notFound(final Request request) {
        final Lang lang = request.lang();
        return Response.html(404, Html.message(request, lang.t("Signaal niet gevonden", "Signal not found"),
                lang.t("Er is geen signaal met dit id.", "There is no signal with this id.")));
    }

    private static String chips(final ReviewCase c, final Lang lang) {
        return QueuePages.chips(c, lang).stream()
                .map(chip -> "<span class=\"chip\" title=\"" + esc(chip.name()) + "\">" + esc(chip.ruleId()) + "</span>")
                .collect(java.util.stream.Collectors.joining(" "));
    }

    private static String stateBadge(final SignalState state, final Lang lang) {
        final QueuePages.Badge badge = QueuePages.badge(state, lang);
        return "<span class=\"badge state-" + badge.cssClass() + "\">" + esc(badge.label()) + "</span>";
    }
}
