package nl.barriere.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import nl.barriere.audit.RegisterEntry;
import nl.barriere.detect.Ruleset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "register-entry", mixinStandardHelpOptions = true,
        description = {
                "Prints the Algoritmeregister entry generated from the ruleset: as JSON with exactly the keys of "
                        + "publication standard 1.0 (what the register takes), or as Markdown for people with the "
                        + "register's labels and every indicator explained. Either is checked against the standard "
                        + "first; an entry the register would refuse is not printed.",
                "Organisation, contact, dates and links come from a built-in config file; --register-config replaces it "
                        + "(copy the built-in one from register/algoritmeregister.yaml in the jar). What it still "
                        + "leaves to fill in is listed on stderr."})
final class RegisterEntryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    RulesetOption ruleset;

    /** Only for an approved ruleset given by its digest, read from governance.rulesets. */
    @Mixin
    ConnectionOptions connection;

    @Option(names = "--register-config", paramLabel = "FILE", description = "YAML with the organisation's fields.")
    Path registerConfig;

    @Option(names = "--format", defaultValue = "md", paramLabel = "md|json", description = "Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() {
        final Ruleset rules = ruleset.load(connection.config());
        final RegisterEntry.Config config = RegisterEntry.Config.load(registerConfig);
        final PrintWriter out = spec.commandLine().getOut();
        if ("md".equals(format)) {
            out.print(RegisterEntry.markdown(rules, config));
        } else if ("json".equals(format)) {
            out.print(RegisterEntry.json(rules, config));
        } else {
            throw new IllegalArgumentException("--format is md or json, not " + format);
        }
        out.flush();
        final List<String> open = RegisterEntry.toFillIn(config);
        if (!open.isEmpty()) {
            spec.commandLine().getErr().println("Still to fill in before publishing (register config): "
                    + String.join(", ", open));
        }
        return 0;
    }
}
