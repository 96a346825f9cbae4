package nl.barriere.devtools.bench;

import java.util.Map;

/**
 * One timed run of one variant.
 *
 * @param cpuSeconds   CPU time the whole process (broker and registry included) used during the run: unlike the
 *                     wall time, it hardly changes when other programs compete for the cores
 * @param peakRssBytes the process's peak resident memory during the run (heap, RocksDB and everything else of the
 *                     process, the broker's too); the JVM keeps heap it once took, so it never falls below that
 * @param threadRatios mean of the Streams thread's process/poll/commit/punctuate ratios sampled while it ran;
 *                     empty for the plain-client variants
 */
record Measurement(Variant variant, int run, long events, double seconds, double cpuSeconds, long peakHeapBytes,
                   long peakRssBytes, long gcCount, Map<String, Double> threadRatios) {

    double eventsPerSecond() {
        return events / seconds;
    }

    double cpuMillisPerThousandEvents() {
        return cpuSeconds * 1e6 / events;
    }
}
