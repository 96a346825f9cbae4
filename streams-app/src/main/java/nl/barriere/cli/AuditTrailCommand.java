package nl.barriere.cli;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.concurrent.Callable;
import nl.barriere.audit.AuditTrail;
import nl.barriere.platform.AppConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "audit-trail", mixinStandardHelpOptions = true,
        description = {
                "Shows one signal's audit trail: the signal, its evidence events (fetched by topic, partition and "
                        + "offset), every view and decision with who and when in time order, and whether a flagged "
                        + "permit was emitted.",
                "Producing a trail is itself an access: it is logged on review.access-log (AUDIT_TRAIL) first.",
                "The flagged permit is RESTRICTED (art. 28 Wet Bibob): it is shown only with --include-restricted, "
                        + "for BIBOB officers and auditors with clearance (--role bibob-officer or auditor).",
                "You are the user your ID token names (--token-file), or else the operating-system user; the access "
                        + "event says which."})
final class AuditTrailCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Parameters(index = "0", paramLabel = "SIGNAL_ID")
    String signalId;

    @Mixin
    AccessOptions access;

    @Option(names = "--include-restricted",
            description = "Also print the flagged permit (may carry Bibob context). For BIBOB officers and auditors "
                    + "with clearance only.")
    boolean includeRestricted;

    @Option(names = "--format", defaultValue = "md", paramLabel = "md|json", description = "Default: ${DEFAULT-VALUE}.")
    String format;

    @Override
    public Integer call() throws Exception {
        if (!"md".equals(format) && !"json".equals(format)) {
            throw new IllegalArgumentException("--format is md or json, not " + format);
        }
        final AppConfig config = connection.config();
        final AuditTrail.Trail trail = AuditTrail.build(config, Clock.systemUTC(), signalId,
                access.accessor(config, Clock.systemUTC()), includeRestricted);
        final PrintWriter out = spec.commandLine().getOut();
        out.print("json".equals(format) ? AuditTrail.json(trail) + "\n" : AuditTrail.markdown(trail));
        out.flush();
        return 0;
    }
}
