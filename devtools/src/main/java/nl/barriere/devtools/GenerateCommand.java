package nl.barriere.devtools;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import nl.barriere.devkit.generator.GenerationReport;
import nl.barriere.devkit.generator.Generator;
import nl.barriere.devkit.generator.GeneratorOptions;
import nl.barriere.devkit.generator.Profile;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "generate", mixinStandardHelpOptions = true,
        description = {
                "Writes a synthetic municipality as JSON lines, one file per input topic sorted by event time, with planted "
                        + "cases for every indicator (and near-misses just below each threshold) listed in ground-truth.json.",
                "The same seed gives byte-identical files. Load them with `produce`."})
final class GenerateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--profile", defaultValue = "leiden", paramLabel = "leiden|national",
            description = "Volumes: leiden (a city of 130k inhabitants) or national (≈3M events a year). Default: ${DEFAULT-VALUE}.")
    String profile;

    @Option(names = "--years", defaultValue = "3", paramLabel = "N", description = "Years of history. Default: ${DEFAULT-VALUE}.")
    int years;

    @Option(names = "--seed", defaultValue = "42", paramLabel = "S", description = "Random seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output directory (created if needed).")
    Path out;

    @Override
    public Integer call() throws Exception {
        final GenerationReport report = Generator.generate(
                GeneratorOptions.defaults(Profile.valueOf(profile.toUpperCase(java.util.Locale.ROOT)), years, seed), out);
        spec.commandLine().getOut().println(report.describe());
        return 0;
    }
}
