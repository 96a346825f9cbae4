package nl.barriere.web;

import static nl.barriere.web.Html.esc;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import nl.barriere.contract.User;
import nl.barriere.review.DecisionDesk;
import nl.barriere.review.ReviewQueries;
import nl.barriere.schema.AccessAction;
import nl.barriere.schema.DangerMatch;
import nl.barriere.schema.FlaggedPermit;
import nl.barriere.schema.RestrictedContext;
import nl.barriere.schema.SignalSubject;
import nl.barriere.schema.SubjectType;

/**
 * The BIBOB officers' view: permit applications that two different analysts escalated, with both approvals, the
 * indicators and evidence the analysts saw, and the restricted Bibob context (I12). Only BIBOB officers reach
 * these pages (the route table says so); opening one is recorded on the access log.
 */
final class BibobPages {

    private final ReviewQueries queries;
    private final DecisionDesk desk;
    private final EvidenceLookup evidence;

    BibobPages(final ReviewQueries queries, final DecisionDesk desk, final EvidenceLookup evidence) {
        this.queries = queries;
        this.desk = desk;
        this.evidence = evidence;
    }

    Response list(final Request request) {
        final Lang lang = request.lang();
        final List<FlaggedPermit> permits = queries.flaggedPermits();
        final StringBuilder html = new StringBuilder("<h1>").append(lang.t("Doorgezette vergunningaanvragen", "Flagged permit applications"))
                .append("</h1>\n<p class=\"lead\">").append(lang.t(
                        "Aanvragen die twee verschillende analisten hebben opgeschaald. Dit overzicht bevat vertrouwelijke Bibob-informatie (art. 28 Wet Bibob).",
                        "Applications two different analysts escalated. This view holds confidential Bibob information (art. 28 Wet Bibob)."))
                .append("</p>\n<p class=\"counts\"><strong>").append(permits.size()).append("</strong> ")
                .append(lang.t("aanvragen", "applications")).append("</p>\n");
        if (permits.isEmpty()) {
            return Response.ok(Html.page(request, "Bibob", html.append("<p class=\"empty\">")
                    .append(lang.t("Nog geen doorgezette aanvragen.", "No flagged applications yet.")).append("</p>").toString()));
        }
        html.append("<table class=\"cases\"><thead><tr><th scope=\"col\">").append(lang.t("Aanvraag", "Application"))
                .append("</th><th scope=\"col\">").append(lang.t("Indicatoren", "Indicators")).append("</th><th scope=\"col\">")
                .append(lang.t("Opgeschaald door", "Escalated by")).append("</th><th scope=\"col\">")
                .append(lang.t("Bevestigd door", "Confirmed by")).append("</th><th scope=\"col\">")
                .append(lang.t("Bibob-context", "Bibob context")).append("</th></tr></thead><tbody>\n");
        for (final FlaggedPermit permit : permits) {
            html.append("<tr><td><a href=\"/bibob/permits/").append(QueuePages.urlPart(permit.getApplicationId())).append("\">")
                    .append(esc(permit.getApplicationId())).append("</a></td><td>");
            permit.getIndicators().forEach(i -> html.append("<span class=\"chip\">").append(esc(i.getRuleId())).append("</span> "));
            html.append("</td><td>").append(esc(permit.getEscalatedBy())).append("<br><small>")
                    .append(Html.dateTime(permit.getEscalatedAt())).append("</small></td><td>").append(esc(permit.getConfirmedBy()))
                    .append("<br><small>").append(Html.dateTime(permit.getConfirmedAt())).append("</small></td><td>")
                    .append(permit.getRestrictedContext() == null ? lang.t("geen", "none")
                            : "<span class=\"badge restricted\">" + permit.getRestrictedContext().getMatches().size() + " "
                            + lang.t("treffer(s)", "match(es)") + "</span>")
                    .append("</td></tr>\n");
        }
        return Response.ok(Html.page(request, "Bibob", html.append("</tbody></table>\n").toString()));
    }

    Response show(final Request request) {
        final Lang lang = request.lang();
        final Optional<FlaggedPermit> found = queries.flaggedPermits().stream()
                .filter(p -> p.getApplicationId().equals(request.pathParameter(0))).findFirst();
        if (found.isEmpty()) {
            return Response.html(404, Html.message(request, lang.t("Niet gevonden", "Not found"),
                    lang.t("Er is geen doorgezette aanvraag met dit nummer.", "There is no flagged application with this id.")));
        }
        final FlaggedPermit permit = found.get();
        final User user = request.user();
        desk.recordAccess(user.name(), user.role().id(), permit.getSignalId(), AccessAction.VIEW_FLAGGED_PERMIT,
                permit.getApplicationId());
        final List<Evidence.Item> items = Evidence.timeline(permit.getIndicators(), evidence);
        final StringBuilder html = new StringBuilder("<p class=\"crumbs\"><a href=\"/bibob\">")
                .append(lang.t("← Doorgezette aanvragen", "← Flagged applications")).append("</a></p>\n<h1>")
                .append(lang.t("Aanvraag ", "Application ")).append(esc(permit.getApplicationId())).append("</h1>\n")
                .append("<p class=\"signal-meta\">").append(lang.t("signaal ", "signal ")).append("<code>")
                .append(esc(permit.getSignalId())).append("</code></p>\n")
                .append("<section><h2>").append(lang.t("Twee analisten", "Two analysts")).append("</h2>\n<div class=\"approvals\">")
                .append(approval(lang.t("Opgeschaald", "Escalated"), permit.getEscalatedBy(), permit.getEscalatedAt(),
                        permit.getEscalationRationale()))
                .append(approval(lang.t("Bevestigd", "Confirmed"), permit.getConfirmedBy(), permit.getConfirmedAt(),
                        permit.getConfirmationRationale()))
                .append("</div></section>\n")
                .append(restrictedSection(permit.getRestrictedContext(), lang))
                .append("<section><h2>").append(lang.t("Onderwerp", "Subject")).append("</h2>\n")
                .append(Templates.render("summary", Map.of("rows", Evidence.subjectSummary(
                        new SignalSubject(SubjectType.PERMIT_APPLICATION, permit.getApplicationId()), items, lang))))
                .append("</section>\n<section><h2>").append(lang.t("Indicatoren", "Indicators")).append("</h2>\n")
                .append(Templates.render("indicators", Map.of("lang", lang, "indicators",
                        Evidence.indicators(permit.getIndicators(), lang)))).append("</section>\n<section><h2>")
                .append(lang.t("Tijdlijn van het bewijs", "Evidence timeline")).append("</h2>\n")
                .append(Templates.render("timeline", Map.of("lang", lang, "entries", Evidence.entries(items, lang)))).append("</section>\n");
        return Response.ok(Html.page(request, lang.t("Aanvraag ", "Application ") + permit.getApplicationId(), html.toString()));
    }

    private static String approval(final String title, final String who, final java.time.Instant at, final String rationale) {
        return "<article class=\"approval\"><h3>" + esc(title) + "</h3><p class=\"meta\">" + esc(who) + " · "
                + Html.dateTime(at) + "</p><p class=\"rationale\">" + esc(rationale) + "</p></article>";
    }

    private static String restrictedSection(final RestrictedContext context, final Lang lang) {
        final StringBuilder html = new StringBuilder("<section class=\"restricted\"><h2>")
                .append(lang.t("Bibob-context (vertrouwelijk)", "Bibob context (confidential)")).append("</h2>\n");
        if (context == null) {
            return html.append("<p>").append(lang.t("Geen eerdere gevaarsconclusie gevonden voor deze aanvraag.",
                    "No earlier danger conclusion found for this application.")).append("</p></section>\n").toString();
        }
        html.append("<p><span class=\"rule\">").append(esc(context.getRuleId())).append("</span> ")
                .append(lang.t("versie ", "version ")).append(context.getRuleVersion()).append(" · ")
                .append(esc(lang == Lang.NL ? context.getExplanationNl() : context.getExplanationEn())).append("</p>\n");
        if (!context.getMatches().isEmpty()) {
            html.append("<table><thead><tr><th scope=\"col\">").append(lang.t("Bibob-zaak", "Bibob case"))
                    .append("</th><th scope=\"col\">").append(lang.t("Treffer op", "Matched on")).append("</th><th scope=\"col\">")
                    .append(lang.t("Id", "Id")).append("</th><th scope=\"col\">").append(lang.t("Conclusie", "Conclusion"))
                    .append("</th><th scope=\"col\">").append(lang.t("Datum", "Date")).append("</th><th scope=\"col\">")
                    .append(lang.t("Bron", "Source")).append("</th></tr></thead><tbody>\n");
            for (final DangerMatch match : context.getMatches()) {
                html.append("<tr><td>").append(esc(match.getCaseId())).append("</td><td>").append(esc(match.getMatchedOn()))
                        .append("</td><td><code>").append(esc(match.getMatchedId())).append("</code></td><td>")
                        .append(esc(match.getConclusion())).append("</td><td>").append(Html.date(match.getConcludedAt()))
                        .append("</td><td class=\"ref\">").append(esc(match.getEvidence().getTopic())).append(" / ")
                        .append(match.getEvidence().getPartition()).append(" / ").append(match.getEvidence().getOffset())
                        .append("</td></tr>\n");
            }
            html.append("</tbody></table>\n");
        }
        return html.append("</section>\n").toString();
    }
}
