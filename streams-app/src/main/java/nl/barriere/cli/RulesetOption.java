package nl.barriere.cli;

import nl.barriere.audit.RuleChanges;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import picocli.CommandLine.Option;

/** The ruleset a detecting command runs: a file, a built-in version, or an approved ruleset by its digest. */
final class RulesetOption {

    @Option(names = "--ruleset", defaultValue = "v1", paramLabel = "FILE|vN|sha256:…",
        description = "Ruleset file, a built-in version, or the digest of an approved ruleset (governance.rulesets). "
            + "Default: ${DEFAULT-VALUE}.")
    String ruleset;

    Ruleset load(final AppConfig config) {
        return ruleset.startsWith("sha256:") ? RuleChanges.approved(config, ruleset) : Ruleset.load(ruleset);
    }
}
