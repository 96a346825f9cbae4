package nl.barriere.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import nl.barriere.audit.RuleChangeReport;
import nl.barriere.audit.RuleChanges;
import nl.barriere.audit.ShadowRun;
import nl.barriere.schema.RulesetEvent;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "ruleset", mixinStandardHelpOptions = true,
        description = {
                "Changes the rules with four eyes: propose a ruleset file, run its shadow beside live detection on the "
                        + "same input, read the report of what it would change, and have two other people approve it. "
                        + "Detection starts a ruleset that is not one of Barrière's own only once it is approved "
                        + "(`detect --ruleset sha256:…`). Every step is an event on governance.rulesets, sealed like "
                        + "the decisions."},
        subcommands = {RulesetCommand.Propose.class, RulesetCommand.Status.class, RulesetCommand.Shadow.class,
                RulesetCommand.Report.class, RulesetCommand.Approve.class})
final class RulesetCommand {

    @Command(name = "propose", mixinStandardHelpOptions = true,
            description = "Proposes a ruleset file (an analyst or auditor, with a rationale of at least 50 characters); "
                    + "prints its digest.")
    static final class Propose implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConnectionOptions connection;
        @Mixin
        Login login;
        @Parameters(index = "0", paramLabel = "FILE", description = "The ruleset file.")
        Path file;
        @Option(names = "--rationale", required = true, paramLabel = "TEXT", description = "What the change is for.")
        String rationale;

        @Override
        public Integer call() throws Exception {
            final RulesetEvent proposal = RuleChanges.propose(connection.config(), Clock.systemUTC(),
                    Files.readString(file), file.toString(), login.authenticate(), rationale);
            final PrintWriter out = spec.commandLine().getOut();
            out.printf("Proposed ruleset %s as %s by %s.%nNext: `barriere ruleset shadow %s` beside live detection, "
                    + "`barriere ruleset report %s`, and two approvals by others (`barriere ruleset approve %s`).%n",
                    proposal.getVersion(), proposal.getDigest(), proposal.getBy(), proposal.getDigest(),
                    proposal.getDigest(), proposal.getDigest());
            out.flush();
            return 0;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Who proposed and approved a ruleset.")
    static final class Status implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConnectionOptions connection;
        @Parameters(index = "0", paramLabel = "DIGEST")
        String digest;

        @Override
        public Integer call() {
            final RuleChanges.Status status = RuleChanges.status(connection.config(), digest);
            spec.commandLine().getOut().println(status.text());
            return status.approved() ? 0 : 1;
        }
    }

    @Command(name = "shadow", mixinStandardHelpOptions = true,
            description = {"Runs the proposed ruleset's shadow: detection under its own application id on the same "
                    + "input as live, from the first retained record and then continuously, into "
                    + "shadow-<id>.signals. Ctrl-C stops it; started again it goes on where it was."})
    static final class Shadow implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConnectionOptions connection;
        @Parameters(index = "0", paramLabel = "DIGEST")
        String digest;
        @Option(names = "--health-port", defaultValue = "8074", paramLabel = "PORT",
                description = "Port of the health endpoints (0: any free port). Default: ${DEFAULT-VALUE}.")
        int healthPort;
        @Mixin
        HealthBindOption healthBind;

        @Override
        public Integer call() throws Exception {
            ShadowRun.start(connection.config(), digest).runUntilStopped(healthBind.on(healthPort), spec.commandLine().getOut(),
                    "Shadow of " + digest + " runs into " + ShadowRun.signalsTopic(digest));
            return 0;
        }
    }

    @Command(name = "report", mixinStandardHelpOptions = true,
            description = "What the proposal would change against live detection, as Markdown: subjects gained, "
                    + "lost and changed, per indicator, with examples.")
    static final class Report implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConnectionOptions connection;
        @Parameters(index = "0", paramLabel = "DIGEST")
        String digest;

        @Override
        public Integer call() throws Exception {
            spec.commandLine().getOut().print(RuleChangeReport.markdown(connection.config(), digest));
            spec.commandLine().getOut().flush();
            return 0;
        }
    }

    @Command(name = "approve", mixinStandardHelpOptions = true,
            description = "Approves a proposed ruleset (an analyst or auditor who did not propose it, with what they "
                    + "checked); the second approval makes it startable.")
    static final class Approve implements Callable<Integer> {
        @Spec
        CommandSpec spec;
        @Mixin
        ConnectionOptions connection;
        @Mixin
        Login login;
        @Parameters(index = "0", paramLabel = "DIGEST")
        String digest;
        @Option(names = "--rationale", required = true, paramLabel = "TEXT", description = "What you checked.")
        String rationale;

        @Override
        public Integer call() throws Exception {
            RuleChanges.approve(connection.config(), Clock.systemUTC(), digest, login.authenticate(), rationale);
            spec.commandLine().getOut().println(RuleChanges.status(connection.config(), digest).text());
            return 0;
        }
    }
}
