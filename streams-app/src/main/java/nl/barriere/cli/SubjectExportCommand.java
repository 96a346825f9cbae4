package nl.barriere.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import nl.barriere.audit.Accessor;
import nl.barriere.audit.SubjectExport;
import nl.barriere.platform.AppConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "subject-export", mixinStandardHelpOptions = true,
        description = {
                "Exports everything Barrière holds about one company or one natural person (GDPR art. 15) as one JSON "
                        + "document: every signal whose subject is the business or whose evidence names it (as "
                        + "business, officer, predecessor, buyer, seller, applicant or manager), with the evidence "
                        + "events that name it, the decisions and the access events. Evidence about other parties is "
                        + "withheld; restricted Bibob data is not exported.",
                "A person (--person, the identifier the source registers use) is found by their pseudonym, computed "
                        + "here with the connectors' key (--hmac-key-file, --person-keys): run it in the zone that "
                        + "holds the key. The identifier is written nowhere; the access log names the pseudonym.",
                "Every exported signal gets an EXPORT access event on review.access-log, written first.",
                "You are the user your ID token names (--token-file), or else the operating-system user; the access "
                        + "event says which."})
final class SubjectExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @ArgGroup(multiplicity = "1")
    Who who;

    static final class Who {
        @Option(names = "--kvk", required = true, paramLabel = "NUMBER", description = "The company's KvK number (8 digits).")
        String kvk;

        @Option(names = "--person", required = true, paramLabel = "ID",
                description = "A person's identifier as the sources deliver it (e.g. a BSN); needs --hmac-key-file.")
        String person;
    }

    @Mixin
    PseudonymOptions keys;

    @Mixin
    AccessOptions access;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the document here instead of to the terminal.")
    Path file;

    @Override
    public Integer call() throws Exception {
        final AppConfig config = connection.config();
        final Accessor accessor = access.accessor(config, Clock.systemUTC());
        final SubjectExport.Subject subject;
        if (who.kvk != null) {
            subject = SubjectExport.Subject.company(who.kvk);
        } else {
            final Optional<String> pseudonym = keys.pseudonyms().existing(who.person);
            if (pseudonym.isEmpty()) {
                spec.commandLine().getErr().println("This person has no pseudonym: never seen by the connectors, "
                        + "or erased. Barrière holds nothing it can link to them.");
                return 0;
            }
            subject = SubjectExport.Subject.person(pseudonym.get());
        }
        final String document = SubjectExport.export(config, Clock.systemUTC(), subject, accessor);
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
