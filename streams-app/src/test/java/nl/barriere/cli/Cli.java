package nl.barriere.cli;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import nl.barriere.platform.AppConfig;
import picocli.CommandLine;

/** Runs the {@code barriere} command in the test's JVM against a test platform, as an operator types it. */
final class Cli {

    /** What a command did: its exit code and what it printed. */
    record Run(int exit, String out, String err) {}

    private Cli() {}

    /**
     * {@code args}, with the platform's broker and registry when the command takes them, and {@code stdin} (a
     * password) as standard input.
     */
    static Run run(final AppConfig config, final String stdin, final String... args) {
        final CommandLine commandLine = Barriere.commandLine();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        final List<String> all = new ArrayList<>(List.of(args));
        CommandLine command = commandLine;
        for (final String arg : args) {
            if (command.getSubcommands().containsKey(arg)) {
                command = command.getSubcommands().get(arg);
            }
        }
        if (command.getCommandSpec().findOption("--bootstrap") != null) {
            all.addAll(List.of("--bootstrap", config.bootstrapServers(), "--registry", config.registryUrl()));
        }
        final InputStream before = System.in;
        System.setIn(new ByteArrayInputStream(((stdin == null ? "" : stdin) + "\n").getBytes(StandardCharsets.UTF_8)));
        try {
            return new Run(commandLine.execute(all.toArray(String[]::new)), out.toString(), err.toString());
        } finally {
            System.setIn(before);
        }
    }
}
