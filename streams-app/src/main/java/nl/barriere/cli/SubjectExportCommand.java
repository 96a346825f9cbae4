package nl.barriere.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import nl.barriere.audit.SubjectExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "subject-export", mixinStandardHelpOptions = true,
        description = {
                "Exports everything Barrière holds about one company (GDPR art. 15) as one JSON document: every signal "
                        + "whose subject is the business or whose evidence names it (as business, officer, predecessor, "
                        + "buyer, seller or applicant), with the evidence events that name it, the decisions and the "
                        + "access events. Evidence about other parties is withheld; restricted Bibob data is not exported.",
                "Every exported signal gets an EXPORT access event on review.access-log, written first."})
final class SubjectExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--kvk", required = true, paramLabel = "NUMBER", description = "The company's KvK number (8 digits).")
    String kvk;

    @Mixin
    AccessOptions access;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the document here instead of to the terminal.")
    Path file;

    @Override
    public Integer call() throws Exception {
        final String document = SubjectExport.export(connection.config(), Clock.systemUTC(), kvk, access.user, access.role);
        if (file == null) {
            final PrintWriter out = spec.commandLine().getOut();
            out.println(document);
            out.flush();
        } else {
            Files.writeString(file, document + "\n");
        }
        return 0;
    }
}
