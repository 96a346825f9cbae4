package nl.barriere.cli;

import java.util.Map;
import nl.barriere.platform.HttpServers;
import nl.barriere.platform.Logging;
import nl.barriere.platform.StreamsApp;
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
                CreateTopicsCommand.class,
                SchemasCommand.class,
                ProduceCommand.class,
                ConsumeCommand.class,
        DetectCommand.class,
        BibobZoneCommand.class,
        ReviewCommand.class,
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
        // Before any HTTP server of the process is made: the JDK reads its time limits once.
        HttpServers.configureTimeouts();
        Logging.checkEnvironment();
        System.exit(commandLine().execute(args));
    }

    @Option(names = "--log-format", scope = ScopeType.INHERIT, paramLabel = "text|json",
            description = "Log as text (default) or as one JSON object per line, with the application and, where "
                    + "there is one, the signal id; also BARRIERE_LOG_FORMAT.")
    void logFormat(final Logging.Format format) {
        Logging.use(format);
    }

    public static CommandLine commandLine() {
        return commandLine(System.getenv());
    }

    /**
     * The command line with {@code env} as its environment: the {@code BARRIERE_*} variables that configure the
     * Kafka clients ({@link ConnectionOptions}) and the options that are settings ({@link ConfigDefaults}).
     */
    static CommandLine commandLine(final Map<String, String> env) {
        final CommandLine.IFactory defaults = CommandLine.defaultFactory();
        final CommandLine commandLine = new CommandLine(new Barriere(), new CommandLine.IFactory() {
            @Override
            @SuppressWarnings("unchecked")
            public <K> K create(final Class<K> type) throws Exception {
                return type == ConnectionOptions.class ? (K) new ConnectionOptions(env) : defaults.create(type);
            }
        });
        commandLine.setDefaultValueProvider(new ConfigDefaults(env));
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
            return new String[] {"barriere " + StreamsApp.build()};
        }
    }
}
