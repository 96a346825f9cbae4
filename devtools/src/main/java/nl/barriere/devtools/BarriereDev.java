package nl.barriere.devtools;

import nl.barriere.cli.Barriere;
import picocli.CommandLine;

/**
 * The {@code barriere} command of a developer's machine ({@code ./barriere}): every production command, and
 * {@code demo}, {@code generate} and {@code bench}, which run an embedded broker and registry or the generated
 * municipality. The production image runs {@link Barriere} itself, without these and without a broker in its jar.
 */
public final class BarriereDev {

    private BarriereDev() {}

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        final CommandLine commandLine = Barriere.commandLine();
        commandLine.addSubcommand(new DemoCommand());
        commandLine.addSubcommand(new GenerateCommand());
        commandLine.addSubcommand(new BenchCommand());
        return commandLine;
    }
}
