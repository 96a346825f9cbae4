package nl.barriere.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one executable of Barrière: every command an operator runs. */
@Command(name = "barriere",
        mixinStandardHelpOptions = true,
        versionProvider = Barriere.Version.class,
        description = {
                "Barrière: explainable ondermijning risk signals from KvK, Kadaster, horeca-permit and Bibob events.",
                "A signal is a reason to look, never a decision: analysts review every signal."},
        subcommands = {
                DemoCommand.class,
                GenerateCommand.class,
                CreateTopicsCommand.class,
                SchemasCommand.class,
                ProduceCommand.class,
                ConsumeCommand.class,
        DetectCommand.class,
        BibobZoneCommand.class,
        ReviewCommand.class,
        BenchCommand.class,
        AddUserCommand.class,
        ReplayCommand.class,
        AuditDiffCommand.class,
        AuditTrailCommand.class,
        AuditVerifyCommand.class,
        DataInventoryCommand.class,
        ErasePersonCommand.class,
        RulesetCommand.class,
        RegisterEntryCommand.class,
        SubjectExportCommand.class,
        StrimziResourcesCommand.class,
                CommandLine.HelpCommand.class})
public final class Barriere {

    public static void main(final String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        final CommandLine commandLine = new CommandLine(new Barriere());
        commandLine.setExecutionExceptionHandler((exception, cmd, parseResult) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + exception.getMessage()));
            return 1;
        });
        return commandLine;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            final String version = Barriere.class.getPackage().getImplementationVersion();
            return new String[] {"barriere " + (version == null ? "development build" : version)};
        }
    }
}
