package nl.barriere.web;

import static nl.barriere.web.Html.esc;

import java.time.YearMonth;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.barriere.review.ReviewCase;
import nl.barriere.review.ReviewQueries;
import nl.barriere.review.SignalState;
import nl.barriere.schema.IndicatorResult;

/**
 * Signals per indicator per month and, per indicator, how often analysts dismissed or escalated its signals
 * (DOMAIN.md §3, requirement 10: bias monitoring and the kill switch need these numbers). Charts are inline SVG
 * drawn here, and every number is in a table beside them, so nothing depends on reading a chart.
 */
final class DashboardPage {

    /** Per indicator, the current (not superseded) signals that carry it, by where they stand. */
    record Rates(long signals, long dismissed, long escalated, long pending) {

        Rates plus(final SignalState state) {
            return new Rates(signals + 1, dismissed + (state == SignalState.DISMISSED ? 1 : 0),
                    escalated + (state == SignalState.ESCALATED ? 1 : 0),
                    pending + (state == SignalState.ESCALATION_PENDING ? 1 : 0));
        }

        double dismissalRate() {
            return signals == 0 ? 0 : (double) dismissed / signals;
        }

        double escalationRate() {
            return signals == 0 ? 0 : (double) escalated / signals;
        }
    }

    /** The figures the page shows, computed from the review app's cases alone. */
    record Figures(Map<YearMonth, Map<String, Long>> perMonth, Map<String, Rates> rates, List<String> ruleIds) {

        static Figures of(final List<ReviewCase> cases) {
            final TreeMap<YearMonth, Map<String, Long>> perMonth = new TreeMap<>();
            final Map<String, Rates> rates = new TreeMap<>(IndicatorNames::compare);
            final TreeSet<String> ruleIds = new TreeSet<>(IndicatorNames::compare);
            for (final ReviewCase c : cases) {
                final YearMonth month = YearMonth.from(c.signal().getDetectedAt().atZone(Html.ZONE));
                for (final IndicatorResult indicator : c.signal().getIndicators()) {
                    ruleIds.add(indicator.getRuleId());
                    perMonth.computeIfAbsent(month, m -> new TreeMap<>(IndicatorNames::compare))
                            .merge(indicator.getRuleId(), 1L, Long::sum);
                    if (c.supersededBy().isEmpty()) {
                        rates.merge(indicator.getRuleId(), new Rates(0, 0, 0, 0).plus(c.state()),
                                (a, b) -> new Rates(a.signals() + b.signals(), a.dismissed() + b.dismissed(),
                                        a.escalated() + b.escalated(), a.pending() + b.pending()));
                    }
                }
            }
            // A month without signals is a bar of zero, not a gap that makes time look shorter than it was.
            if (!perMonth.isEmpty()) {
                final YearMonth last = perMonth.lastKey();
                for (YearMonth month = perMonth.firstKey();
                        month.isBefore(last); month = month.plusMonths(1)) {
                    perMonth.putIfAbsent(month, new TreeMap<>(IndicatorNames::compare));
                }
            }
            return new Figures(perMonth, rates, List.copyOf(ruleIds));
        }
    }

    private final ReviewQueries queries;

    DashboardPage(final ReviewQueries queries) {
        this.queries = queries;
    }

    Response show(final Request request) {
        final Lang lang = request.lang();
        final Figures figures = Figures.of(queries.cases());
        final StringBuilder html = new StringBuilder("<h1>Dashboard</h1>\n<p class=\"lead\">").append(lang.t(
                "Signalen per indicator per maand (een signaal telt mee bij elke indicator die erin zit, vervangen signalen ook), "
                        + "en per indicator het aandeel van de huidige signalen dat analisten afwezen of opschaalden.",
                "Signals per indicator per month (a signal counts for every indicator in it, superseded signals too), "
                        + "and per indicator the share of current signals analysts dismissed or escalated."))
                .append("</p>\n");
        if (figures.ruleIds().isEmpty()) {
            return Response.ok(Html.page(request, "Dashboard", html.append("<p class=\"empty\">")
                    .append(lang.t("Nog geen signalen.", "No signals yet.")).append("</p>").toString()));
        }
        html.append("<section><h2>").append(lang.t("Signalen per maand", "Signals per month")).append("</h2>\n")
                .append(monthChart(figures, lang)).append(legend(figures, lang)).append(monthTable(figures, lang))
                .append("</section>\n<section><h2>").append(lang.t("Afgewezen en opgeschaald per indicator",
                        "Dismissed and escalated per indicator")).append("</h2>\n")
                .append(rateChart(figures, lang)).append(rateTable(figures, lang)).append("</section>\n");
        return Response.ok(Html.page(request, "Dashboard", html.toString()));
    }

    private static String monthChart(final Figures figures, final Lang lang) {
        final List<YearMonth> months = List.copyOf(figures.perMonth().keySet());
        final long max = figures.perMonth().values().stream()
                .mapToLong(counts -> counts.values().stream().mapToLong(Long::longValue).sum()).max().orElse(1);
        final int bar = 18;
        final int gap = 4;
        final int left = 40;
        final int top = 10;
        final int plot = 200;
        final int width = left + months.size() * (bar + gap) + 10;
        final int height = top + plot + 50;
        final StringBuilder svg = new StringBuilder("<figure class=\"chart\"><svg role=\"img\" aria-labelledby=\"month-chart-title\" viewBox=\"0 0 ")
                .append(width).append(' ').append(height).append("\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\"><title id=\"month-chart-title\">").append(lang.t("Signalen per indicator per maand", "Signals per indicator per month"))
                .append("</title>\n");
        for (int step = 0; step <= 4; step++) {
            final long value = Math.round(max * step / 4.0);
            final double y = top + plot - plot * step / 4.0;
            svg.append("<line class=\"grid\" x1=\"").append(left).append("\" x2=\"").append(width - 10).append("\" y1=\"")
                    .append(fmt(y)).append("\" y2=\"").append(fmt(y)).append("\"/><text class=\"axis\" x=\"").append(left - 6)
                    .append("\" y=\"").append(fmt(y + 4)).append("\" text-anchor=\"end\">").append(value).append("</text>\n");
        }
        for (int i = 0; i < months.size(); i++) {
            final YearMonth month = months.get(i);
            final int x = left + i * (bar + gap);
            double y = top + plot;
            for (final Map.Entry<String, Long> entry : figures.perMonth().get(month).entrySet()) {
                final double h = plot * entry.getValue() / (double) max;
                y -= h;
                svg.append("<rect class=\"s-").append(esc(entry.getKey())).append("\" x=\"").append(x).append("\" y=\"")
                        .append(fmt(y)).append("\" width=\"").append(bar).append("\" height=\"").append(fmt(h))
                        .append("\"><title>").append(month).append(' ').append(esc(entry.getKey())).append(": ")
                        .append(entry.getValue()).append("</title></rect>\n");
            }
            if (months.size() <= 12 || month.getMonthValue() % 3 == 1) {
                svg.append("<text class=\"axis\" transform=\"translate(").append(x + bar / 2).append(',').append(top + plot + 8)
                        .append(") rotate(45)\">").append(month).append("</text>\n");
            }
        }
        return svg.append("</svg></figure>\n").toString();
    }

    private static String legend(final Figures figures, final Lang lang) {
        final StringBuilder html = new StringBuilder("<ul class=\"legend\">");
        for (final String id : figures.ruleIds()) {
            html.append("<li><span class=\"swatch s-").append(esc(id)).append("\"></span>").append(esc(id)).append(' ')
                    .append(esc(IndicatorNames.name(id, lang))).append("</li>");
        }
        return html.append("</ul>\n").toString();
    }

    private static String monthTable(final Figures figures, final Lang lang) {
        final StringBuilder html = new StringBuilder("<details><summary>").append(lang.t("De getallen", "The numbers"))
                .append("</summary><div class=\"scroll\"><table class=\"numbers\"><thead><tr><th scope=\"col\">")
                .append(lang.t("Maand", "Month")).append("</th>");
        figures.ruleIds().forEach(id -> html.append("<th scope=\"col\">").append(esc(id)).append("</th>"));
        html.append("</tr></thead><tbody>\n");
        figures.perMonth().forEach((month, counts) -> {
            html.append("<tr><th scope=\"row\">").append(month).append("</th>");
            figures.ruleIds().forEach(id -> html.append("<td class=\"num\">").append(counts.getOrDefault(id, 0L)).append("</td>"));
            html.append("</tr>\n");
        });
        return html.append("</tbody></table></div></details>\n").toString();
    }

    private static String rateChart(final Figures figures, final Lang lang) {
        final int rowHeight = 30;
        final int left = 60;
        final int plot = 400;
        final int height = figures.rates().size() * rowHeight + 30;
        final StringBuilder svg = new StringBuilder("<figure class=\"chart\"><svg role=\"img\" aria-labelledby=\"rate-chart-title\" viewBox=\"0 0 ")
                .append(left + plot + 60).append(' ').append(height).append("\" width=\"").append(left + plot + 60)
                .append("\" height=\"").append(height).append("\"><title id=\"rate-chart-title\">")
                .append(lang.t("Aandeel afgewezen en opgeschaald per indicator", "Share dismissed and escalated per indicator"))
                .append("</title>\n");
        int row = 0;
        for (final Map.Entry<String, Rates> entry : figures.rates().entrySet()) {
            final int y = 10 + row * rowHeight;
            final Rates rates = entry.getValue();
            svg.append("<text class=\"axis\" x=\"").append(left - 8).append("\" y=\"").append(y + 16)
                    .append("\" text-anchor=\"end\">").append(esc(entry.getKey())).append("</text>")
                    .append(rateBar("dismissed", left, y, plot * rates.dismissalRate(), rates.dismissalRate(),
                            lang.t("afgewezen", "dismissed")))
                    .append(rateBar("escalated", left, y + 11, plot * rates.escalationRate(), rates.escalationRate(),
                            lang.t("opgeschaald", "escalated")))
                    .append('\n');
            row++;
        }
        svg.append("</svg><figcaption><span class=\"swatch dismissed\"></span>").append(lang.t("afgewezen", "dismissed"))
                .append(" <span class=\"swatch escalated\"></span>").append(lang.t("opgeschaald", "escalated"))
                .append("</figcaption></figure>\n");
        return svg.toString();
    }

    private static String rateBar(final String kind, final int x, final int y, final double length, final double rate,
                                  final String label) {
        return "<rect class=\"" + kind + "\" x=\"" + x + "\" y=\"" + y + "\" width=\"" + fmt(Math.max(length, 1))
                + "\" height=\"10\"><title>" + label + " " + percent(rate) + "</title></rect><text class=\"axis\" x=\""
                + fmt(x + Math.max(length, 1) + 4) + "\" y=\"" + (y + 9) + "\">" + percent(rate) + "</text>";
    }

    private static String rateTable(final Figures figures, final Lang lang) {
        final StringBuilder html = new StringBuilder("<table class=\"numbers\"><thead><tr><th scope=\"col\">Indicator</th>")
                .append("<th scope=\"col\">").append(lang.t("Signalen", "Signals")).append("</th><th scope=\"col\">")
                .append(lang.t("Afgewezen", "Dismissed")).append("</th><th scope=\"col\">")
                .append(lang.t("Opgeschaald", "Escalated")).append("</th><th scope=\"col\">")
                .append(lang.t("Wacht op tweede analist", "Awaiting second analyst")).append("</th></tr></thead><tbody>\n");
        figures.rates().forEach((id, rates) -> html.append("<tr><th scope=\"row\">").append(esc(id)).append(' ')
                .append(esc(IndicatorNames.name(id, lang))).append("</th><td class=\"num\">").append(rates.signals())
                .append("</td><td class=\"num\">").append(rates.dismissed()).append(" (").append(percent(rates.dismissalRate()))
                .append(")</td><td class=\"num\">").append(rates.escalated()).append(" (").append(percent(rates.escalationRate()))
                .append(")</td><td class=\"num\">").append(rates.pending()).append("</td></tr>\n"));
        return html.append("</tbody></table>\n").toString();
    }

    private static String percent(final double rate) {
        return String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }

    private static String fmt(final double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
