package nl.barriere.cli;

import java.util.concurrent.Callable;
import nl.barriere.audit.RuleChanges;
import nl.barriere.detect.Ruleset;
import nl.barriere.detect.bibob.BibobZoneTopology;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.DeadLetterProductionHandler;
import nl.barriere.platform.Logging;
import nl.barriere.platform.StreamsApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "bibob-zone", mixinStandardHelpOptions = true,
    description = {
        "Runs the restricted Bibob zone (art. 28 Wet Bibob): matches permit applications against earlier danger "
            + "conclusions (indicator I12) and writes the result to bibob.restricted-context, for BIBOB officers only. "
            + "Run it with credentials that may read bibob.case-events; analysts' credentials may not.",
        "Health: GET /health/live and /health/ready on --health-port, Prometheus metrics on /metrics there. "
            + "Ctrl-C stops it."})
public final class BibobZoneCommand implements Callable<Integer> {

    public static final String APPLICATION_ID = "barriere-bibob-zone";

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RulesetOption ruleset;

    @Option(names = "--health-port", defaultValue = "8072", paramLabel = "PORT",
        description = "Port of the health endpoints (0: any free port). Default: ${DEFAULT-VALUE}.")
    int healthPort;

    @Mixin
    HealthBindOption healthBind;

    @Override
    public Integer call() throws Exception {
        Logging.app(APPLICATION_ID);
        final AppConfig config = connection.config();
        final Ruleset rules = ruleset.load(config);
        RuleChanges.requireStartable(config, rules);
        bibobZone(config, rules).runUntilStopped(healthBind.on(healthPort), spec.commandLine().getOut(),
            "Bibob zone (ruleset " + rules.version() + ") runs against " + config.bootstrapServers());
        return 0;
    }

    public static StreamsApp bibobZone(final AppConfig config, final Ruleset rules) {
        return new StreamsApp(APPLICATION_ID, BibobZoneTopology.build(rules, config.serdeConfig()),
                config.with(DeadLetterProductionHandler.DEAD_LETTERS_TOPIC_CONFIG, BibobZoneTopology.DEAD_LETTERS_TOPIC));
    }
}
