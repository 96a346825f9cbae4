package nl.barriere.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Arrays;
import java.util.Set;
import nl.barriere.contract.User;
import nl.barriere.review.CaseSteps;
import nl.barriere.review.DecisionDesk;
import nl.barriere.review.ReviewQueries;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.BibobOutcome;
import nl.barriere.schema.BibobStepType;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;

/**
 * The BIBOB officers' view: permit applications that two different analysts escalated, with both approvals, the
 * indicators and evidence the analysts saw, and the restricted Bibob context (I12). Only BIBOB officers reach
 * these pages (the route table says so); opening one is recorded on the access log. An officer records the case's
 * steps here (acknowledged, own investigation, LBB advice requested, a note, the decision with its outcome); each
 * is signed and written to the restricted {@code bibob.case-steps} by the desk, and the history and status shown
 * come from the review app's store of accepted steps.
 */
final class BibobPages {

    /** A flagged permit in the list (template {@code bibobList}); {@code matches} is null without Bibob context. */
    record Row(String href, String applicationId, List<String> ruleIds, String escalatedBy, String escalatedAt,
               String confirmedBy, String confirmedAt, Integer matches, String status) {
    }

    /** The case's steps and the forms for the next (template {@code bibobPermit}). */
    record Case(String action, String status, boolean decided, List<Step> steps, List<Choice> statusSteps, List<Choice> outcomes,
                String notice, String error, String note) {
    }

    /** One accepted step in the case's history; {@code outcome} is empty except on a decision. */
    record Step(String when, String who, String step, String outcome, String note) {
    }

    /** A value a form offers, with its label. */
    record Choice(String value, String label) {
    }

    /** The status steps an officer can take before the decision, in the order a case goes. */
    private static final List<BibobStepType> STATUS_STEPS = List.of(BibobStepType.ACKNOWLEDGED,
            BibobStepType.OWN_INVESTIGATION, BibobStepType.LBB_ADVICE_REQUESTED);

    /** One flagged permit (template {@code bibobPermit}); {@code restricted} is null when I12 found nothing. */
    record Permit(String applicationId, String signalId, List<Approval> approvals, Restricted restricted,
                  List<Evidence.Term> summary, List<Evidence.IndicatorView> indicators,
                  List<Evidence.TimelineEntry> timeline, Case bibobCase) {
    }

    /** One of the two analysts' approvals: the escalation or its confirmation. */
    record Approval(String title, String who, String at, String rationale) {
    }

    /** The restricted context: the I12 result and the Bibob cases it matched. */
    record Restricted(String ruleId, int ruleVersion, String explanation, List<Match> matches) {
    }

    /** A Bibob case with a danger conclusion that matched the application, and where it was read. */
    record Match(String caseId, String matchedOn, String matchedId, String conclusion, String date, String source) {
    }

    private final ReviewQueries queries;
    private final DecisionDesk desk;
    private final EvidenceLookup evidence;

    BibobPages(final ReviewQueries queries, final DecisionDesk desk, final EvidenceLookup evidence) {
        this.queries = queries;
        this.desk = desk;
        this.evidence = evidence;
    }

    Response list(final Request request) {
        final List<Row> permits = queries.flaggedPermits().stream().map(permit -> new Row(
                "/bibob/permits/" + QueuePages.urlPart(permit.getApplicationId()), permit.getApplicationId(),
                permit.getIndicators().stream().map(IndicatorResult::getRuleId).toList(),
                permit.getEscalatedBy(), Html.dateTime(permit.getEscalatedAt()),
                permit.getConfirmedBy(), Html.dateTime(permit.getConfirmedAt()),
                permit.getRestrictedContext() == null ? null : permit.getRestrictedContext().getMatches().size(),
                request.lang().msg(statusKey(CaseSteps.statusOf(queries.caseSteps(permit.getApplicationId()))))))
                .toList();
        return Response.ok(Templates.render("bibobList", Map.of("request", request, "permits", permits)));
    }

    Response show(final Request request) {
        final Optional<FlaggedPermit> found = permit(request);
        if (found.isEmpty()) {
            return notFound(request);
        }
        final FlaggedPermit permit = found.get();
        final User user = request.user();
        desk.recordAccess(user.name(), user.role().id(), permit.getSignalId(), AccessAction.VIEW_FLAGGED_PERMIT,
                permit.getApplicationId());
        final String notice = request.param("recorded").isPresent() ? request.lang().msg("bibob.steps.recorded") : "";
        return Response.ok(render(request, permit, notice, "", ""));
    }

    /**
     * A BIBOB officer's step: {@code step} (a status step, {@code NOTE} or {@code DECIDED}), {@code outcome} on a
     * decision, {@code note}. Refused with the page and the reason (409), the note kept in the form.
     */
    Response step(final Request request) {
        final Optional<FlaggedPermit> found = permit(request);
        if (found.isEmpty()) {
            return notFound(request);
        }
        final FlaggedPermit permit = found.get();
        final Lang lang = request.lang();
        final String note = request.form().getOrDefault("note", "").strip();
        final Optional<BibobStepType> step = request.param("step").flatMap(BibobPages::stepType);
        if (step.isEmpty()) {
            return Response.html(400, render(request, permit, "", lang.msg("bibob.steps.choose"), note));
        }
        final BibobOutcome outcome = step.get() == BibobStepType.DECIDED
                ? request.param("outcome").flatMap(BibobPages::outcome).orElse(null) : null;
        final DecisionDesk.Outcome answer = desk.recordStep(request.user().name(), Set.of(request.user().role()),
                permit.getApplicationId(), step.get(), outcome, note);
        if (!answer.accepted()) {
            return Response.html(409, render(request, permit, "", answer.message(), note));
        }
        return Response.redirect("/bibob/permits/" + QueuePages.urlPart(permit.getApplicationId()) + "?recorded=1");
    }

    private Optional<FlaggedPermit> permit(final Request request) {
        return queries.flaggedPermits().stream()
                .filter(p -> p.getApplicationId().equals(request.pathParameter(0))).findFirst();
    }

    private static Response notFound(final Request request) {
        final Lang lang = request.lang();
        return Response.html(404, Html.message(request, lang.msg("refused.not-found.title"),
                lang.msg("bibob.not-found.text")));
    }

    private String render(final Request request, final FlaggedPermit permit, final String notice, final String error,
                          final String note) {
        final Lang lang = request.lang();
        final List<Evidence.Item> items = Evidence.timeline(permit.getIndicators(), evidence);
        final Permit view = new Permit(permit.getApplicationId(), permit.getSignalId(),
                List.of(approval(lang.msg("bibob.escalated"), permit.getEscalatedBy(), permit.getEscalatedAt(),
                                permit.getEscalationRationale()),
                        approval(lang.msg("bibob.confirmed"), permit.getConfirmedBy(), permit.getConfirmedAt(),
                                permit.getConfirmationRationale())),
                restricted(permit.getRestrictedContext(), lang),
                Evidence.subjectSummary(new SignalSubject(SubjectType.PERMIT_APPLICATION, permit.getApplicationId()),
                        items, lang),
                Evidence.indicators(permit.getIndicators(), lang), Evidence.entries(items, lang),
                bibobCase("/bibob/permits/" + QueuePages.urlPart(permit.getApplicationId()) + "/steps",
                        queries.caseSteps(permit.getApplicationId()), lang, notice, error, note));
        return Templates.render("bibobPermit", Map.of("request", request, "permit", view));
    }

    private static Case bibobCase(final String action, final List<BibobCaseStep> steps, final Lang lang, final String notice,
                                  final String error, final String note) {
        final List<Step> history = steps.stream().map(step -> new Step(Html.dateTime(step.getAt()),
                step.getBibobOfficer(), stepLabel(step.getStep(), lang),
                step.getOutcome() == null ? "" : lang.msg(outcomeKey(step.getOutcome())),
                step.getNote())).toList();
        return new Case(action, lang.msg(statusKey(CaseSteps.statusOf(steps))), CaseSteps.decided(steps).isPresent(),
                history,
                STATUS_STEPS.stream().map(type -> new Choice(type.name(), stepLabel(type, lang))).toList(),
                Arrays.stream(BibobOutcome.values())
                        .map(outcome -> new Choice(outcome.name(), lang.msg(outcomeKey(outcome)))).toList(),
                notice, error, note);
    }

    private static String stepLabel(final BibobStepType type, final Lang lang) {
        return type == BibobStepType.NOTE ? lang.msg("bibob.step.NOTE") : lang.msg(statusKey(type.name()));
    }

    /** The bundle key of a case status ({@link CaseSteps#statusOf}): one per step type but NOTE, and NEW. */
    private static String statusKey(final String status) {
        return "bibob.status." + status;
    }

    private static String outcomeKey(final BibobOutcome outcome) {
        return "bibob.outcome." + outcome.name();
    }

    private static Optional<BibobStepType> stepType(final String value) {
        return Arrays.stream(BibobStepType.values()).filter(t -> t.name().equals(value)).findFirst();
    }

    private static Optional<BibobOutcome> outcome(final String value) {
        return Arrays.stream(BibobOutcome.values()).filter(o -> o.name().equals(value)).findFirst();
    }

    private static Approval approval(final String title, final String who, final Instant at, final String rationale) {
        return new Approval(title, who, Html.dateTime(at), rationale);
    }

    private static Restricted restricted(final RestrictedContext context, final Lang lang) {
        if (context == null) {
            return null;
        }
        return new Restricted(context.getRuleId(), context.getRuleVersion(),
                lang == Lang.NL ? context.getExplanationNl() : context.getExplanationEn(),
                context.getMatches().stream().map(match -> new Match(match.getCaseId(), String.valueOf(match.getMatchedOn()),
                        match.getMatchedId(), String.valueOf(match.getConclusion()), Html.date(match.getConcludedAt()),
                        match.getEvidence().getTopic() + " / " + match.getEvidence().getPartition() + " / "
                                + match.getEvidence().getOffset())).toList());
    }
}
