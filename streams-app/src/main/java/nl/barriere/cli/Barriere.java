package nl.barriere.cli;

import nl.barriere.platform.Logging;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

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
                CommandLine.HelpCommand.class})
public final class Barriere {

    public static void main(final String[] args) {
        Logging.checkEnvironment();
        System.exit(commandLine().execute(args));
    }

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Log as text (default) or as one JSON object per line, with the application and, where "
                    + "there is one, the signal id; also BARRIERE_LOG_FORMAT.")
    void logFormat(final Logging.Format format) {
        Logging.use(format);
    }

    static CommandLine commandLine() {
        final CommandLine commandLine = new CommandLine(new Barriere());
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
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
