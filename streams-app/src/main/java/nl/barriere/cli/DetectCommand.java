package nl.barriere.cli;

import java.util.concurrent.Callable;
import nl.barriere.audit.RuleChanges;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.Logging;
import nl.barriere.platform.StreamsApp;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "detect", mixinStandardHelpOptions = true,
    description = {
        "Runs detection against a Kafka cluster: validates the input topics (bad records go to "
            + "ondermijning.dead-letters with the reason), keeps the entity state, evaluates the indicators of the "
            + "ruleset and writes explainable signals to ondermijning.signals. Exactly-once.",
        "Health: GET /health/live and /health/ready on --health-port, Prometheus metrics on /metrics there. "
            + "Ctrl-C stops it."})
public final class DetectCommand implements Callable<Integer> {

    public static final String APPLICATION_ID = "barriere-detect";

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    RulesetOption ruleset;

    @Option(names = "--health-port", defaultValue = "8071", paramLabel = "PORT",
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
        detection(config, rules).runUntilStopped(healthBind.on(healthPort), spec.commandLine().getOut(),
            "Detection (ruleset " + rules.version() + ", " + rules.digest() + ") runs against " + config.bootstrapServers());
        return 0;
    }

    public static StreamsApp detection(final AppConfig config, final Ruleset rules) {
        return new StreamsApp(APPLICATION_ID,
            DetectionTopology.build(rules, config.serdeConfig(), Topics.SIGNALS.name()), config);
    }
}
