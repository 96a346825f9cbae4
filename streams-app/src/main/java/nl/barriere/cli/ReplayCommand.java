package nl.barriere.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import nl.barriere.audit.Replay;
import nl.barriere.detect.Ruleset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "replay", mixinStandardHelpOptions = true,
        description = {
                "Replays retained input through detection under a fresh application id and writes the signals detected "
                        + "in [--from, --to) to replay.NAME.signals (dead letters to replay.NAME.dead-letters). Reads the input topics "
                        + "from the beginning, so windows reaching back before --from are right, up to their end offsets "
                        + "at the start, then stops by itself. The live run is not touched; replays can run side by side.",
                "Then: barriere audit-diff ondermijning.signals replay.NAME.signals --from T1 --to T2"})
final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RulesetOption ruleset;

    @Mixin
    PeriodOption period;

    @Option(names = "--into", required = true, paramLabel = "NAME",
            description = "Name of this replay: output goes to replay.NAME.signals, which must not exist yet.")
    String name;

    @Override
    public Integer call() throws Exception {
        final PrintWriter out = spec.commandLine().getOut();
        final Ruleset rules = ruleset.load(connection.config());
        final Replay.Summary summary = new Replay(connection.config(), Clock.systemUTC())
                .run(name, period.from, period.to, rules, out);
        out.printf("Replay %s done in %.1f s: %,d input records (%,.0f records/s), %,d signals on %s, %,d dead letters "
                        + "on %s.%n", summary.name(), summary.seconds(), summary.inputRecords(),
                summary.recordsPerSecond(), summary.signals(), summary.signalsTopic(), summary.deadLetters(),
                Replay.deadLettersTopic(summary.name()));
        out.printf("Compare: barriere audit-diff ondermijning.signals %s%s%n", summary.signalsTopic(), period.asFlags());
        out.flush();
        return 0;
    }
}
