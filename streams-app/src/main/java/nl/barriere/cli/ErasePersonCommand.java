package nl.barriere.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import nl.barriere.pseudonym.Pseudonyms;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "erase-person", mixinStandardHelpOptions = true,
        description = {
                "Erases a natural person by crypto-shredding (GDPR art. 17): deletes their key from the connectors' "
                        + "person key directory. Their pseudonym can then no longer be computed, not even with the main "
                        + "key and the identifier, so the records that carry it (kept for years, never rewritten) can "
                        + "no longer be linked to them; the next record about them gets a new key and a new pseudonym, "
                        + "not linked to the old ones.",
                "Run it in the zone that holds the keys. Only with person keys (the connectors' person.keys.dir): "
                        + "with one key for everyone a person cannot be erased. Copies of the directory (backups) must "
                        + "follow the same erasure."})
final class ErasePersonCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--person", required = true, paramLabel = "ID",
            description = "The person's identifier as the sources deliver it (e.g. a BSN).")
    String identifier;

    @Mixin
    PseudonymOptions keys;

    @Override
    public Integer call() throws Exception {
        final Pseudonyms pseudonyms = keys.pseudonyms();
        if (!pseudonyms.erasable()) {
            throw new IllegalArgumentException("--person-keys is required: with one key for everyone a person cannot "
                    + "be erased");
        }
        final PrintWriter out = spec.commandLine().getOut();
        out.println(pseudonyms.erase(identifier) ? "Erased: the person's key is deleted; their pseudonym can no "
                + "longer be computed." : "Nothing to erase: this person has no key (never seen, or erased before).");
        out.flush();
        return 0;
    }
}
