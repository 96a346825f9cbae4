package nl.barriere.devtools.bench;

import nl.barriere.devkit.generator.Profile;

/**
 * What one benchmark run measures.
 *
 * @param profile the generator profile
 * @param years   years of generated history
 * @param events  how many events of the generated input are loaded, the first in event-time order
 * @param runs    how many times each variant is timed; the median is reported
 * @param seed    generator seed, so two machines time the same input
 * @param variants the letters of the variants to time ({@code abcdefg}); (e) always, the latency phase needs it
 */
public record BenchOptions(Profile profile, int years, int events, int runs, long seed, String variants) {

    public BenchOptions {
        if (events < 1) {
            throw new IllegalArgumentException("events must be at least 1, was " + events);
        }
        if (runs < 1) {
            throw new IllegalArgumentException("runs must be at least 1, was " + runs);
        }
        if (!variants.matches("[a-g]+") || !variants.contains("e")) {
            throw new IllegalArgumentException("variants are letters a to g and include e, not '" + variants + "'");
        }
    }

    boolean includes(final Variant variant) {
        return variants.contains(variant.letter);
    }
}
