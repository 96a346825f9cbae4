package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import nl.barriere.platform.AppConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code barriere strimzi-resources} writes the two files that are committed under {@code deploy/kubernetes}. */
class StrimziResourcesCommandTest {

    @Test
    void theCommandWritesTheCommittedKafkaTopicAndKafkaUserFiles(@TempDir final Path out) throws IOException {
        // Given the shipped ACL plan and an empty directory
        final Path committed = Path.of("..", "deploy", "kubernetes", "base", "strimzi");

        // When the command is run as an operator types it
        final Cli.Run run = Cli.run(AppConfig.defaults(), null, "strimzi-resources",
                "--acls", Path.of("..", "deploy", "kafka", "acls.txt").toString(), "--out", out.toString());

        // Then it says what it wrote, and that is what the repository holds
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("wrote " + out.resolve("kafka-topics.yaml"), "wrote " + out.resolve("kafka-users.yaml"));
        for (final String file : new String[] {"kafka-topics.yaml", "kafka-users.yaml"}) {
            assertThat(Files.readString(out.resolve(file))).as(file).isEqualTo(Files.readString(committed.resolve(file)));
        }
    }
}
