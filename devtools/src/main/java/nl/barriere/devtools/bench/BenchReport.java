package nl.barriere.devtools.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/** The benchmark's outcome, rendered as Markdown for the terminal and for {@code docs/benchmarks.md}. */
public record BenchReport(BenchOptions options, BenchInput input, List<Measurement> measurements,
                          LatencyPhase.Result latency, double totalSeconds) {

    private static final double MIB = 1024.0 * 1024.0;

    public double totalSeconds() {
        return totalSeconds;
    }

    static Stats stats(final List<Measurement> measurements, final Variant variant) {
        return Stats.of(measurements.stream().filter(m -> m.variant() == variant)
                .map(Measurement::eventsPerSecond).toList());
    }

    static String counts(final BenchInput input) {
        return input.counts().entrySet().stream()
                .map(e -> String.format(Locale.ROOT, "%s %,d", e.getKey().name(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    /** The results tables and the notes needed to read them. */
    public String markdown() {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Input: profile `%s`, %d year(s), seed %d; the first %,d events in event-time order (%s).%n",
                options.profile().name().toLowerCase(Locale.ROOT), options.years(), options.seed(), input.total(), counts(input)));
        out.append(String.format(Locale.ROOT, "Event times from %s to %s, %,d distinct; %,d events share the last one.%n%n",
                input.firstEventTime(), input.lastEventTime(), input.distinctEventTimes(), input.eventsAtLastTime()));

        out.append(String.format(Locale.ROOT, "### Throughput (%d interleaved runs per variant)%n%n", options.runs()));
        out.append("| variant | events/s (median) | min | max | CPU ms per 1,000 events (median) | peak heap used (MiB) | peak RSS (MiB) | GCs per run (median) | Streams thread: process / poll / commit / punctuate ratio |\n");
        out.append("|---|---:|---:|---:|---:|---:|---:|---:|---|\n");
        for (final Variant variant : Variant.values()) {
            if (!options.includes(variant)) {
                continue;
            }
            final Stats s = stats(measurements, variant);
            final List<Measurement> runs = measurements.stream().filter(m -> m.variant() == variant).toList();
            final long peak = runs.stream().mapToLong(Measurement::peakHeapBytes).max().orElse(0);
            final long rss = runs.stream().mapToLong(Measurement::peakRssBytes).max().orElse(0);
            final double gcs = Stats.of(runs.stream().map(m -> (double) m.gcCount()).toList()).median();
            final double cpu = cpu(variant);
            out.append(String.format(Locale.ROOT, "| (%s) %s | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %,.0f | %.0f | %s |%n",
                    variant.letter, variant.description, s.median(), s.min(), s.max(), cpu, peak / MIB, rss / MIB, gcs,
                    variant.isStreams() ? ratios(runs) : "–"));
        }
        out.append('\n');
        out.append("| ratio | value | what it isolates |\n|---|---:|---|\n");
        ratio(out, "d / c", Variant.DETECT_AT_LEAST_ONCE, Variant.PASS_THROUGH, "detection compared with Streams doing nothing");
        ratio(out, "e / d", Variant.DETECT_EXACTLY_ONCE, Variant.DETECT_AT_LEAST_ONCE, "exactly-once compared with at-least-once");
        ratio(out, "c / b", Variant.PASS_THROUGH, Variant.CONSUME_PRODUCE, "Kafka Streams compared with a hand-written consume→produce loop");
        ratio(out, "f / e", Variant.DETECT_WITH_SHADOW, Variant.DETECT_EXACTLY_ONCE, "throughput of live detection with a shadow beside it");
        ratio(out, "e / g", Variant.DETECT_EXACTLY_ONCE, Variant.DETECT_UNBOUNDED_ROCKSDB, "throughput with RocksDB bounded to rocksdb.memory.total.bytes, compared with Kafka Streams' defaults");
        if (options.includes(Variant.DETECT_WITH_SHADOW)) {
            out.append(String.format(Locale.ROOT, "| f / e CPU | %.3f | CPU per event of live and shadow together, compared with live alone |%n",
                    cpu(Variant.DETECT_WITH_SHADOW) / cpu(Variant.DETECT_EXACTLY_ONCE)));
        }
        out.append('\n');

        out.append("### Latency (exactly_once_v2 detection under steady load)\n\n");
        final List<Double> ms = latency.latenciesMs();
        out.append("| measure | value |\n|---|---:|\n");
        out.append(String.format(Locale.ROOT, "| release of the %,d events the preloaded input left in the buffer (its last hold) | %.1f s (%,.0f events/s) |%n",
                latency.released(), latency.releaseSeconds(), latency.released() / latency.releaseSeconds()));
        out.append(String.format(Locale.ROOT, "| steady load | %,.0f events/s for %d s (%,d events) |%n",
                latency.rate(), LatencyPhase.STEADY.toSeconds(), latency.produced()));
        out.append(String.format(Locale.ROOT, "| planted I1 resales / signals seen | %d / %d |%n", latency.planted(), ms.size()));
        if (!ms.isEmpty()) {
            out.append(String.format(Locale.ROOT, "| input→signal p50 | %,.0f ms |%n", Stats.percentile(ms, 50)));
            out.append(String.format(Locale.ROOT, "| input→signal p99 | %,.0f ms |%n", Stats.percentile(ms, 99)));
            out.append(String.format(Locale.ROOT, "| input→signal max | %,.0f ms |%n", Stats.percentile(ms, 100)));
        }
        out.append(String.format(Locale.ROOT, "| peak heap used / GCs during the load | %,.0f MiB / %d |%n",
                latency.peakHeapBytes() / MIB, latency.gcCount()));
        out.append(String.format(Locale.ROOT, "| Streams thread: process / poll / commit / punctuate ratio | %s |%n",
                ratios(latency.threadRatios())));
        return out.toString();
    }

    private double cpu(final Variant variant) {
        return Stats.of(measurements.stream().filter(m -> m.variant() == variant)
                .map(Measurement::cpuMillisPerThousandEvents).toList()).median();
    }

    private void ratio(final StringBuilder out, final String name, final Variant top, final Variant bottom,
                       final String meaning) {
        if (!options.includes(top) || !options.includes(bottom)) {
            return;
        }
        out.append(String.format(Locale.ROOT, "| %s | %.3f | %s |%n", name,
                stats(measurements, top).median() / stats(measurements, bottom).median(), meaning));
    }

    private static String ratios(final List<Measurement> runs) {
        final List<Map<String, Double>> all = new ArrayList<>();
        runs.forEach(m -> all.add(m.threadRatios()));
        return ratios(Map.of(
                "process-ratio", mean(all, "process-ratio"), "poll-ratio", mean(all, "poll-ratio"),
                "commit-ratio", mean(all, "commit-ratio"), "punctuate-ratio", mean(all, "punctuate-ratio")));
    }

    private static double mean(final List<Map<String, Double>> runs, final String name) {
        return runs.stream().map(r -> r.get(name)).filter(v -> v != null && !v.isNaN())
                .mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static String ratios(final Map<String, Double> ratios) {
        return List.of("process-ratio", "poll-ratio", "commit-ratio", "punctuate-ratio").stream()
                .map(name -> {
                    final Double value = ratios.get(name);
                    return value == null || value.isNaN() ? "?" : String.format(Locale.ROOT, "%.2f", value);
                })
                .collect(Collectors.joining(" / "));
    }
}
