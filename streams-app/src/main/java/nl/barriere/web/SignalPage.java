package nl.barriere.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
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
    static final String DECISION_PATH = "/signals/([A-Za-z0-9_-]+)/decision";
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
        final String notice = request.param("recorded").map(action -> request.lang().msg("signal.already-recorded"))
                .or(() -> request.param("decided").map(action -> request.lang().msg("signal.decided")))
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
            return Response.html(400, render(request, found.get(), "", lang.msg("decision.choose"),
                    action, rationale));
        }
        if (alreadyRecorded(found.get(), request.user().name(), action.get(), rationale)) {
            // The same form sent twice (a double click, a reload, a retry after a slow answer): it stands once.
            return Response.redirect(QueuePages.signalHref(signalId) + "?recorded=" + action.get().name());
        }
        final DecisionDesk.Outcome outcome = desk.decide(request.user().name(), Set.of(request.user().role()), signalId,
                action.get(), rationale);
        if (!outcome.accepted()) {
            SecurityLog.event(SecurityLog.DECISION_REFUSED, request.user().name(), request.remoteAddress(),
                    request.path(), ownEscalation(found.get(), request.user().name(), action.get())
                            ? "self-confirmation" : "refused-" + action.get().name());
            final ReviewCase now = queries.find(signalId).orElse(found.get());
            if (alreadyRecorded(now, request.user().name(), action.get(), rationale)) {
                return Response.redirect(QueuePages.signalHref(signalId) + "?recorded=" + action.get().name());
            }
            return Response.html(409, render(request, now, "", refusal(found.get(), request.user().name(), action.get(),
                    rationale, lang), action, rationale));
        }
        return Response.redirect(QueuePages.signalHref(signalId) + "?decided=" + action.get().name());
    }

    /**
     * The answer to a decision sent after the session ended (30 idle minutes, a restart): 401, nothing decided, and
     * the rationale shown back with a link to log in and return to the signal. The script keeps it as the form's
     * draft in the tab (barriere.js), so the form after the login has it again. No CSRF check is possible without a
     * session, so this page does nothing but show the sender's own text, escaped.
     */
    static Response sessionEnded(final Request request, final String signalId, final String rationale) {
        final String back = QueuePages.signalHref(signalId);
        return Response.html(401, Templates.render("sessionEnded", Map.of("request", request, "signalHref", back,
                "login", "/login?next=" + java.net.URLEncoder.encode(back, java.nio.charset.StandardCharsets.UTF_8),
                "rationale", rationale.strip())));
    }

    /** Whether the signal's latest decision is this one: the same analyst, action and rationale. */
    private static boolean alreadyRecorded(final ReviewCase c, final String user, final ReviewAction action,
                                           final String rationale) {
        if (c.decisions().isEmpty()) {
            return false;
        }
        final ReviewDecision last = c.decisions().get(c.decisions().size() - 1);
        return last.getReviewer().equals(user) && last.getAction() == action
                && last.getRationale().strip().equals(rationale);
    }

    /**
     * Why a decision was refused, in the page's language and without the review app's ids: read off the signal as
     * it stood when the form was sent, in the order the review gate checks (DecisionDesk). The review app's own
     * message is English and names decision ids; it goes to the log's refusal code, not to the page. A refusal none
     * of these explain (the decision could not be written) says that nothing was decided.
     */
    static String refusal(final ReviewCase c, final String user, final ReviewAction action, final String rationale,
                          final Lang lang) {
        final List<ReviewDecision> decisions = c.decisions();
        if (!decisions.isEmpty() && decisions.get(decisions.size() - 1).getReviewer().equals(user)
                && decisions.get(decisions.size() - 1).getAction() == action) {
            return lang.msg("refusal.repeated", actionLabel(action, lang));
        }
        if (c.supersededBy().isPresent()) {
            return lang.msg("refusal.superseded");
        }
        final SignalState state = c.state();
        if (state == SignalState.DISMISSED || state == SignalState.ESCALATED) {
            return lang.msg("refusal.final", QueuePages.stateLabel(state, lang));
        }
        final boolean confirming = action == ReviewAction.CONFIRM_ESCALATION || action == ReviewAction.REJECT_ESCALATION;
        if (!confirming && state == SignalState.ESCALATION_PENDING) {
            return lang.msg("refusal.escalation-pending");
        }
        if (action == ReviewAction.REQUEST_INFO && state == SignalState.INFO_REQUESTED) {
            return lang.msg("refusal.info-already-requested");
        }
        if (confirming && state != SignalState.ESCALATION_PENDING) {
            return lang.msg("refusal.no-pending-escalation");
        }
        if (confirming && ownEscalation(c, user, action)) {
            return lang.msg("refusal.four-eyes");
        }
        if (DecisionDesk.needsLongRationale(action) && rationale.length() < MIN_RATIONALE) {
            return lang.msg("refusal.rationale-too-short", MIN_RATIONALE, rationale.length());
        }
        if (rationale.isEmpty()) {
            return lang.msg("refusal.no-rationale");
        }
        return lang.msg("refusal.not-recorded");
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

    /** The signal page (template {@code signal}); {@code digest}, {@code newer}, {@code supersedes} and {@code form} may be null. */
    record View(String title, String back, String backLabel, String heading, long score, QueuePages.Badge state,
                String signalId, String rulesetVersion, String digest, String digestShort, String detected,
                String notice, String error, String newer, List<Evidence.Term> summary,
                List<Evidence.IndicatorView> indicators, List<Evidence.TimelineEntry> timeline, String supersedes,
                List<Earlier> earlier, List<Decision> decisions, Form form) {
    }

    /** An earlier signal of the same subject, one this signal (or an earlier one) replaced. */
    record Earlier(String href, String signalId, long score, List<QueuePages.Chip> chips, QueuePages.Badge state,
                   String detected) {
    }

    /** A decision in the signal's history. */
    record Decision(String when, String who, String action, String rationale) {
    }

    /** The decision form: the choices the signal's state allows, or only a {@code note} why there are none. */
    record Form(String note, List<Choice> choices, String rationale) {
    }

    /** A decision the form offers, with the shortest rationale it takes. */
    record Choice(String value, int minRationale, boolean checked, String label) {
    }

    private String render(final Request request, final ReviewCase c, final String notice, final String error,
                          final Optional<ReviewAction> chosen, final String rationale) {
        final Lang lang = request.lang();
        final User user = request.user();
        desk.recordAccess(user.name(), user.role().id(), c.signalId(), AccessAction.VIEW_SIGNAL, null);
        final RiskSignal signal = c.signal();
        final List<Evidence.Item> items = Evidence.timeline(signal.getIndicators(), evidence);
        final String digest = signal.getRulesetDigest();
        final boolean analyst = user.role() == Role.ANALYST;
        final String heading = Evidence.heading(signal.getSubject(), items, lang);
        final View view = new View(lang.msg("signal.title", heading),
                analyst ? "/queue" : "/signals", lang.msg(analyst ? "signal.back-queue" : "signal.back-signals"),
                heading, signal.getScore(), QueuePages.badge(c.state(), lang), signal.getSignalId(),
                signal.getRulesetVersion(), digest, digest == null ? null : digest.substring(0, Math.min(digest.length(), 19)),
                Plain.dateTime(signal.getDetectedAt(), lang), notice, error, c.supersededBy().orElse(null),
                Evidence.subjectSummary(signal.getSubject(), items, lang), Evidence.indicators(signal.getIndicators(), lang),
                Evidence.entries(items, lang), signal.getSupersedes(), earlier(c, lang),
                c.decisions().stream().map(d -> new Decision(Plain.dateTime(d.getDecidedAt(), lang), d.getReviewer(),
                        actionLabel(d.getAction(), lang), d.getRationale())).toList(),
                analyst ? form(request, c, chosen, rationale) : null);
        return Templates.render("signal", Map.of("request", request, "view", view));
    }

    /** The earlier signals for the subject, newest first, following each one's {@code supersedes}. */
    private List<Earlier> earlier(final ReviewCase c, final Lang lang) {
        final List<Earlier> earlier = new ArrayList<>();
        final Set<String> seen = new LinkedHashSet<>();
        Optional<String> previous = Optional.ofNullable(c.signal().getSupersedes());
        while (previous.isPresent() && seen.add(previous.get()) && earlier.size() < MAX_EARLIER_SIGNALS) {
            final Optional<ReviewCase> found = queries.find(previous.get());
            if (found.isEmpty()) {
                break;
            }
            final ReviewCase old = found.get();
            earlier.add(new Earlier(QueuePages.signalHref(old.signalId()), old.signalId(), old.signal().getScore(),
                    QueuePages.chips(old, lang), QueuePages.badge(old.state(), lang), Plain.date(old.signal().getDetectedAt(), lang)));
            previous = Optional.ofNullable(old.signal().getSupersedes());
        }
        return earlier;
    }

    private static Form form(final Request request, final ReviewCase c, final Optional<ReviewAction> chosen,
                             final String rationale) {
        final Lang lang = request.lang();
        if (c.supersededBy().isPresent()) {
            return new Form(lang.msg("decision.on-newer"), List.of(), rationale);
        }
        final List<ReviewAction> actions;
        switch (c.state()) {
            case OPEN:
            case INFO_REQUESTED:
                actions = List.of(ReviewAction.ESCALATE, ReviewAction.REQUEST_INFO, ReviewAction.DISMISS);
                break;
            case ESCALATION_PENDING:
                final Optional<ReviewDecision> escalation = QueuePages.escalation(c);
                if (escalation.map(d -> d.getReviewer().equals(request.user().name())).orElse(false)) {
                    return new Form(lang.msg("decision.own-escalation"), List.of(), rationale);
                }
                actions = List.of(ReviewAction.CONFIRM_ESCALATION, ReviewAction.REJECT_ESCALATION);
                break;
            default:
                return new Form(lang.msg("decision.closed"), List.of(), rationale);
        }
        return new Form(null, actions.stream().map(action -> new Choice(action.name(),
                DecisionDesk.needsLongRationale(action) ? MIN_RATIONALE : 1, chosen.map(action::equals).orElse(false),
                actionLabel(action, lang))).toList(), rationale);
    }

    static String actionLabel(final ReviewAction action, final Lang lang) {
        return switch (action) {
            case DISMISS -> lang.msg("action.dismiss");
            case REQUEST_INFO -> lang.msg("action.request-info");
            case ESCALATE -> lang.msg("action.escalate");
            case CONFIRM_ESCALATION -> lang.msg("action.confirm-escalation");
            case REJECT_ESCALATION -> lang.msg("action.reject-escalation");
        };
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
        return Response.html(404, Html.message(request, lang.msg("signal.not-found.title"),
                lang.msg("signal.not-found.text")));
    }
}
