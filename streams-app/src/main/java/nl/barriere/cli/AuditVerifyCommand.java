package nl.barriere.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import nl.barriere.audit.AuditVerify;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "audit-verify", mixinStandardHelpOptions = true,
        description = {
                "Checks that review.decisions, review.access-log and governance.rulesets are as they were written: "
                        + "recomputes the hash "
                        + "chain of every partition from its records, end to end, and compares it with the seals the "
                        + "review app wrote on audit.seals. Names the first record per partition that is not as "
                        + "sealed (deleted, inserted, altered, or the topic copied back without one).",
                "A rewrite of a log together with its seals is caught only by an anchor kept outside Kafka: "
                        + "--anchor-out writes this run's chain heads to a file (keep it with the audit report, in "
                        + "the case system); --anchor checks an earlier one. The review app also logs the heads "
                        + "every hour ('audit chain anchor').",
                "Exit code 0 when intact, 1 when anything is broken."})
final class AuditVerifyCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--anchor", paramLabel = "FILE", description = "Anchors of an earlier run to check.")
    Path anchor;

    @Option(names = "--anchor-out", paramLabel = "FILE", description = "Write this run's chain heads here.")
    Path anchorOut;

    @Override
    public Integer call() throws Exception {
        final List<AuditVerify.Anchor> anchors = anchor == null ? List.of() : AuditVerify.anchors(anchor);
        final AuditVerify.Report report = AuditVerify.verify(connection.config(), anchors, Instant.now());
        final PrintWriter out = spec.commandLine().getOut();
        out.print(report.text());
        if (anchorOut != null) {
            Files.writeString(anchorOut, report.anchorFile());
            out.println("anchors written to " + anchorOut + ": keep them outside Kafka");
        }
        out.flush();
        return report.intact() ? 0 : 1;
    }
}
