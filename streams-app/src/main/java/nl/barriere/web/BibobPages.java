package nl.barriere.web;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.barriere.contract.User;
import nl.barriere.review.DecisionDesk;
import nl.barriere.review.ReviewQueries;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.IndicatorResult;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;

/**
 * The BIBOB officers' view: permit applications that two different analysts escalated, with both approvals, the
 * indicators and evidence the analysts saw, and the restricted Bibob context (I12). Only BIBOB officers reach
 * these pages (the route table says so); opening one is recorded on the access log.
 */
final class BibobPages {

    /** A flagged permit in the list (template {@code bibobList}); {@code matches} is null without Bibob context. */
    record Row(String href, String applicationId, List<String> ruleIds, String escalatedBy, String escalatedAt,
               String confirmedBy, String confirmedAt, Integer matches) {
    }

    /** One flagged permit (template {@code bibobPermit}); {@code restricted} is null when I12 found nothing. */
    record Permit(String applicationId, String signalId, List<Approval> approvals, Restricted restricted,
                  List<Evidence.Term> summary, List<Evidence.IndicatorView> indicators,
                  List<Evidence.TimelineEntry> timeline) {
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
                permit.getRestrictedContext() == null ? null : permit.getRestrictedContext().getMatches().size()))
                .toList();
        return Response.ok(Templates.render("bibobList", Map.of("request", request, "permits", permits)));
    }

    Response show(final Request request) {
        final Lang lang = request.lang();
        final Optional<FlaggedPermit> found = queries.flaggedPermits().stream()
                .filter(p -> p.getApplicationId().equals(request.pathParameter(0))).findFirst();
        if (found.isEmpty()) {
            return Response.html(404, Html.message(request, lang.msg("refused.not-found.title"),
                    lang.msg("bibob.not-found.text")));
        }
        final FlaggedPermit permit = found.get();
        final User user = request.user();
        desk.recordAccess(user.name(), user.role().id(), permit.getSignalId(), AccessAction.VIEW_FLAGGED_PERMIT,
                permit.getApplicationId());
        final List<Evidence.Item> items = Evidence.timeline(permit.getIndicators(), evidence);
        final Permit view = new Permit(permit.getApplicationId(), permit.getSignalId(),
                List.of(approval(lang.msg("bibob.escalated"), permit.getEscalatedBy(), permit.getEscalatedAt(),
                                permit.getEscalationRationale()),
                        approval(lang.msg("bibob.confirmed"), permit.getConfirmedBy(), permit.getConfirmedAt(),
                                permit.getConfirmationRationale())),
                restricted(permit.getRestrictedContext(), lang),
                Evidence.subjectSummary(new SignalSubject(SubjectType.PERMIT_APPLICATION, permit.getApplicationId()),
                        items, lang),
                Evidence.indicators(permit.getIndicators(), lang), Evidence.entries(items, lang));
        return Response.ok(Templates.render("bibobPermit", Map.of("request", request, "permit", view)));
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
