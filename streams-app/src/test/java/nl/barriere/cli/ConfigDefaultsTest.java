package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nl.barriere.platform.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The command options that are deployment settings come from the environment and the {@code --config} file as
 * the Kafka settings do: a container sets {@code BARRIERE_USERS} instead of composing a command line. Each case
 * points the option at a file that does not exist, so the command's own refusal shows which value it took,
 * before anything connects.
 */
@Timeout(20)
class ConfigDefaultsTest {

    @Test
    void anOptionTakesItsValueFromTheEnvironment(@TempDir final Path dir) {
        // Given BARRIERE_USERS names a users file, and no --users flag
        final Path fromEnv = dir.resolve("from-env.txt");

        // When review starts
        final Run run = run(Map.of("BARRIERE_USERS", fromEnv.toString()), "review");

        // Then it used that file
        assertThat(run.exit).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err).contains("--users: cannot read " + fromEnv);
    }

    @Test
    void theEnvironmentOverridesTheConfigFileAndAFlagOverridesBoth(@TempDir final Path dir) throws Exception {
        // Given a config file naming one users file
        final Path config = Files.writeString(dir.resolve("barriere.properties"), "users=" + dir.resolve("from-file.txt") + "\n");

        // Then the file's value is used when nothing else names one
        assertThat(run(Map.of(), "review", "--config", config.toString()).err)
                .contains("--users: cannot read " + dir.resolve("from-file.txt"));
        // And BARRIERE_USERS wins over the file
        assertThat(run(Map.of("BARRIERE_USERS", dir.resolve("from-env.txt").toString()), "review", "--config", config.toString()).err)
                .contains("--users: cannot read " + dir.resolve("from-env.txt"));
        // And the flag wins over both
        assertThat(run(Map.of("BARRIERE_USERS", dir.resolve("from-env.txt").toString()), "review", "--config", config.toString(),
                "--users", dir.resolve("from-flag.txt").toString()).err)
                .contains("--users: cannot read " + dir.resolve("from-flag.txt"));
    }

    @Test
    void anOptionOfAMixinReadsTheEnvironmentToo() {
        // When detect starts with BARRIERE_RULESET naming a ruleset that does not exist
        final Run run = run(Map.of("BARRIERE_RULESET", "v99", "BARRIERE_BOOTSTRAP_SERVERS", "localhost:1"), "detect");

        // Then it refused that ruleset by name
        assertThat(run.exit).isEqualTo(1);
        assertThat(run.err).contains("v99");
    }

    @Test
    void aKeyThatNothingReadsIsReportedAndKafkaKeysBehindAClientPrefixAreNot() {
        final AppConfig config = AppConfig.load(null, Map.of(
                "BARRIERE_BOOTSTRAP_SERVER", "kafka:9092",
                "BARRIERE_WEB_PROT", "8080",
                "BARRIERE_PRODUCER_LINGER_MS", "5",
                "BARRIERE_SASL_MECHANISM", "SCRAM-SHA-512",
                "BARRIERE_NUM_STANDBY_REPLICAS", "1",
                "BARRIERE_GROUP_INSTANCE_ID", "detect-0",
                "BARRIERE_WEB_PORT", "8080",
                "BARRIERE_TOPIC_MIN_INSYNC_REPLICAS", "2"));

        assertThat(config.unknownKeys()).containsExactly("bootstrap.server", "web.prot");
        // And the options that are settings never reach the Kafka clients
        assertThat(config.kafkaProperties()).doesNotContainKey("web.port").containsKey("producer.linger.ms");
    }

    private record Run(int exit, String err) {}

    private static Run run(final Map<String, String> env, final String... args) {
        final CommandLine commandLine = Barriere.commandLine(env);
        final StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(new StringWriter()));
        commandLine.setErr(new PrintWriter(err));
        return new Run(commandLine.execute(args), err.toString());
    }
}
