package nl.barriere.platform.bench;

import java.util.Map;

/**
 * One timed run of one variant.
 *
 * @param cpuSeconds   CPU time the whole process (broker and registry included) used during the run: unlike the
 *                     wall time, it hardly changes when other programs compete for the cores
 * @param threadRatios mean of the Streams thread's process/poll/commit/punctuate ratios sampled while it ran;
 *                     empty for the plain-client variants
 */
record Measurement(Variant variant, int run, long events, double seconds, double cpuSeconds, long peakHeapBytes,
                   long gcCount, Map<String, Double> threadRatios) {

    double eventsPerSecond() {
        return events / seconds;
    }

    double cpuMillisPerThousandEvents() {
        return cpuSeconds * 1e6 / events;
    }
}
