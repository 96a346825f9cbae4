package nl.barriere.platform.bench;

import java.util.Map;

/**
 * One timed run of one variant.
 *
 * @param threadRatios mean of the Streams thread's process/poll/commit/punctuate ratios sampled while it ran;
 *                     empty for the plain-client variants
 */
record Measurement(Variant variant, int run, long events, double seconds, long peakHeapBytes, long gcCount,
                   Map<String, Double> threadRatios) {

    double eventsPerSecond() {
        return events / seconds;
    }
}
