package nl.barriere.cli;

import java.time.Instant;
import picocli.CommandLine.Option;

/** The period [--from, --to) of detection times an audit command keeps or compares; open at both ends by default. */
final class PeriodOption {

    @Option(names = "--from", paramLabel = "T1", converter = InstantConverter.class,
            description = "Only signals detected at or after T1 (a date, midnight UTC, or an instant). Default: all.")
    Instant from = Instant.EPOCH;

    @Option(names = "--to", paramLabel = "T2", converter = InstantConverter.class,
            description = "Only signals detected before T2. Default: all.")
    Instant to = InstantConverter.END_OF_TIME;

    /** The flags that give this period to another command ({@code " --from T1 --to T2"}), empty for an open end. */
    String asFlags() {
        return (from.equals(Instant.EPOCH) ? "" : " --from " + from)
                + (to.equals(InstantConverter.END_OF_TIME) ? "" : " --to " + to);
    }
}
