package nl.barriere.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import nl.barriere.audit.DataInventory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "data-inventory", mixinStandardHelpOptions = true,
        description = {
                "Prints every topic and every state store as Markdown: what it holds, its fields, which of them are "
                        + "personal data, who reads it and how long it is kept under the current settings "
                        + "(--config, BARRIERE_* variables). Needs neither Kafka nor a registry."})
final class DataInventoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    ConnectionOptions connection;

    @Override
    public Integer call() {
        final PrintWriter out = spec.commandLine().getOut();
        out.print(DataInventory.markdown(connection.config()));
        out.flush();
        return 0;
    }
}
