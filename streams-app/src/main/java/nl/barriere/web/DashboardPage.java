package nl.barriere.web;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import nl.barriere.review.BibobOutcomes;
import nl.barriere.review.ReviewCase;
import nl.barriere.review.ReviewQueries;
import nl.barriere.review.SignalState;
import nl.barriere.schema.IndicatorResult;

/**
 * Signals per indicator per month and, per indicator, how often analysts dismissed or escalated its signals
 * (DOMAIN.md §3, requirement 10: bias monitoring and the kill switch need these numbers). Charts are inline SVG,
 * laid out here and drawn by the template, and every number is in a table beside them, so nothing depends on
 * reading a chart.
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

    /** The page (template {@code dashboard}): both charts, ready to draw, and the tables beside them. */
    record View(List<String> ruleIds, Map<String, String> names, MonthChart months, List<MonthRow> monthRows,
                RateChart rates, List<RateRow> rateRows, List<BibobOutcomes.IndicatorOutcomes> bibob) {
    }

    /** The stacked bars of signals per indicator per month, in the SVG's coordinates. */
    record MonthChart(int width, int height, List<GridLine> grid, List<Bar> rects, List<AxisLabel> labels) {
    }

    /** A horizontal grid line with its value at the left. */
    record GridLine(int x1, int x2, String y, int textX, String textY, long value) {
    }

    /** One indicator's part of one month's bar. */
    record Bar(String ruleId, int x, String y, int width, String height, String title) {
    }

    /** A month under the bars. */
    record AxisLabel(String transform, String text) {
    }

    /** A month's counts per indicator, in the order of {@link View#ruleIds}. */
    record MonthRow(String month, List<Long> counts) {
    }

    /** The shares dismissed and escalated per indicator, in the SVG's coordinates. */
    record RateChart(int width, int height, List<RateChartRow> rows) {
    }

    /** An indicator's row of the share chart: its id and its two bars. */
    record RateChartRow(String ruleId, int labelX, int labelY, List<RateBar> bars) {
    }

    /** A bar of a share: its kind (the style's class), position, length and the share written beside it. */
    record RateBar(String kind, int x, int y, String width, String label, String percent, String textX, int textY) {
    }

    /** An indicator's row of the share table. */
    record RateRow(String ruleId, long signals, long dismissed, String dismissedShare, long escalated,
                   String escalatedShare, long pending) {
    }

    Response show(final Request request) {
        final Lang lang = request.lang();
        final Figures figures = Figures.of(queries.cases());
        final Map<String, String> names = new TreeMap<>(IndicatorNames::compare);
        figures.ruleIds().forEach(id -> names.put(id, IndicatorNames.name(id, lang)));
        final View view = new View(figures.ruleIds(), names, monthChart(figures),
                figures.perMonth().entrySet().stream().map(e -> new MonthRow(e.getKey().toString(),
                        figures.ruleIds().stream().map(id -> e.getValue().getOrDefault(id, 0L)).toList())).toList(),
                rateChart(figures, lang),
                figures.rates().entrySet().stream().map(e -> new RateRow(e.getKey(), e.getValue().signals(),
                        e.getValue().dismissed(), percent(e.getValue().dismissalRate()), e.getValue().escalated(),
                        percent(e.getValue().escalationRate()), e.getValue().pending())).toList(),
                queries.bibobOutcomes().stream().sorted((a, b) -> IndicatorNames.compare(a.ruleId(), b.ruleId()))
                        .toList());
        return Response.ok(Templates.render("dashboard", Map.of("request", request, "view", view)));
    }

    private static MonthChart monthChart(final Figures figures) {
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
        final List<GridLine> grid = new ArrayList<>();
        for (int step = 0; step <= 4; step++) {
            final double y = top + plot - plot * step / 4.0;
            grid.add(new GridLine(left, width - 10, fmt(y), left - 6, fmt(y + 4), Math.round(max * step / 4.0)));
        }
        final List<Bar> rects = new ArrayList<>();
        final List<AxisLabel> labels = new ArrayList<>();
        for (int i = 0; i < months.size(); i++) {
            final YearMonth month = months.get(i);
            final int x = left + i * (bar + gap);
            double y = top + plot;
            for (final Map.Entry<String, Long> entry : figures.perMonth().get(month).entrySet()) {
                final double h = plot * entry.getValue() / (double) max;
                y -= h;
                rects.add(new Bar(entry.getKey(), x, fmt(y), bar, fmt(h),
                        month + " " + entry.getKey() + ": " + entry.getValue()));
            }
            if (months.size() <= 12 || month.getMonthValue() % 3 == 1) {
                labels.add(new AxisLabel("translate(" + (x + bar / 2) + "," + (top + plot + 8) + ") rotate(45)",
                        month.toString()));
            }
        }
        return new MonthChart(width, height, grid, rects, labels);
    }

    private static RateChart rateChart(final Figures figures, final Lang lang) {
        final int rowHeight = 30;
        final int left = 60;
        final int plot = 400;
        final List<RateChartRow> rows = new ArrayList<>();
        int row = 0;
        for (final Map.Entry<String, Rates> entry : figures.rates().entrySet()) {
            final int y = 10 + row * rowHeight;
            final Rates rates = entry.getValue();
            rows.add(new RateChartRow(entry.getKey(), left - 8, y + 16, List.of(
                    rateBar("dismissed", left, y, plot * rates.dismissalRate(), rates.dismissalRate(),
                            lang.msg("dashboard.dismissed")),
                    rateBar("escalated", left, y + 11, plot * rates.escalationRate(), rates.escalationRate(),
                            lang.msg("dashboard.escalated")))));
            row++;
        }
        return new RateChart(left + plot + 60, figures.rates().size() * rowHeight + 30, rows);
    }

    private static RateBar rateBar(final String kind, final int x, final int y, final double length, final double rate,
                                   final String label) {
        return new RateBar(kind, x, y, fmt(Math.max(length, 1)), label, percent(rate), fmt(x + Math.max(length, 1) + 4),
                y + 9);
    }

    private static String percent(final double rate) {
        return String.format(Locale.ROOT, "%.0f%%", rate * 100);
    }

    private static String fmt(final double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
