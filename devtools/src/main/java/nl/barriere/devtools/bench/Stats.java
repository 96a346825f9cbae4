package nl.barriere.devtools.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** Median, min and max of a few runs; nearest-rank percentiles of latencies. */
record Stats(double median, double min, double max) {

    static Stats of(final List<Double> values) {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        final int n = sorted.size();
        final double median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return new Stats(median, sorted.get(0), sorted.get(n - 1));
    }

    /** The smallest value with at least {@code p} percent of the values at or below it. */
    static double percentile(final List<Double> values, final double p) {
        final List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        final int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }
}
