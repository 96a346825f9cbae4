package nl.barriere.cli;

import nl.barriere.detect.Ruleset;
import picocli.CommandLine.Option;

/** The ruleset a detecting command runs: a file, or a built-in version. */
final class RulesetOption {

    @Option(names = "--ruleset", defaultValue = "v1", paramLabel = "FILE|vN",
        description = "Ruleset file, or a built-in version. Default: ${DEFAULT-VALUE}.")
    String ruleset;

    Ruleset load() {
        return Ruleset.load(ruleset);
    }
}
