package nl.barriere.devtools;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import nl.barriere.contract.Topics;
import nl.barriere.devkit.generator.GeneratorTopics;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The developer's {@code barriere}: the production commands and the three that need the devkit. */
class BarriereDevTest {

    @Test
    void itOffersTheProductionCommandsAndDemoGenerateAndBench() {
        final CommandLine commandLine = BarriereDev.commandLine();

        assertThat(commandLine.getSubcommands()).containsKeys("demo", "generate", "bench", "detect", "review", "replay");
    }

    @Test
    void generateWritesTheFourSourcesOfTheGeneratedMunicipalityAndItsGroundTruth(@TempDir final Path dir) {
        final CommandLine commandLine = BarriereDev.commandLine();
        final StringWriter out = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));

        final int exit = commandLine.execute("generate", "--profile", "leiden", "--years", "1", "--seed", "7",
                "--out", dir.toString());

        assertThat(exit).isZero();
        for (final var topic : Topics.INPUTS) {
            assertThat(dir.resolve(GeneratorTopics.fileName(topic.name()))).as(topic.name()).isNotEmptyFile();
        }
        // And the planted cases' ground truth beside them, which the detection tests read
        assertThat(dir.resolve("ground-truth.json")).isNotEmptyFile();
    }
}
