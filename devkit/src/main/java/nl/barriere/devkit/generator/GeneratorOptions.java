package nl.barriere.devkit.generator;

import java.time.LocalDate;
import java.util.Objects;

/**
 * What to generate: a profile, a number of simulated years from {@code start}, and the seed that makes the
 * output reproducible (same options, byte-identical files).
 */
public record GeneratorOptions(Profile profile, int years, long seed, LocalDate start) {

    /** The simulated period ends on 1 January 2026 unless a start is given. */
    public static final LocalDate DEFAULT_END = LocalDate.of(2026, 1, 1);

    public GeneratorOptions {
        Objects.requireNonNull(profile, "profile");
        Objects.requireNonNull(start, "start");
        if (years < 1) {
            throw new IllegalArgumentException("years must be at least 1, got " + years);
        }
    }

    /** Start on 1 January {@code years} before 2026, so the period ends on 1 January 2026. */
    public static GeneratorOptions defaults(final Profile profile, final int years, final long seed) {
        return new GeneratorOptions(profile, years, seed, DEFAULT_END.minusYears(years));
    }

    /** First day after the simulated period. */
    public LocalDate end() {
        return start.plusYears(years);
    }
}
