package nl.barriere.devkit.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorDeterminismTest {

    private static List<String> outputFiles() {
        final List<String> files = new ArrayList<>();
        GeneratorTopics.ALL.forEach(topic -> files.add(GeneratorTopics.fileName(topic)));
        files.add(GroundTruth.FILE_NAME);
        return files;
    }

    @Test
    void sameSeedGivesByteIdenticalFiles(@TempDir final Path first, @TempDir final Path second) throws IOException {
        // Given one Leiden year and a seed
        final GeneratorOptions options = GeneratorOptions.defaults(Profile.LEIDEN, 1, 7L);

        // When it is generated twice
        Generator.generate(options, first);
        Generator.generate(options, second);

        // Then every file is byte for byte the same
        for (final String file : outputFiles()) {
            assertThat(Files.readAllBytes(second.resolve(file)))
                    .as(file)
                    .isNotEmpty()
                    .isEqualTo(Files.readAllBytes(first.resolve(file)));
        }
    }

    @Test
    void differentSeedGivesDifferentFiles(@TempDir final Path first, @TempDir final Path second) throws IOException {
        // Given two seeds
        // When the same Leiden year is generated with each
        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 1, 7L), first);
        Generator.generate(GeneratorOptions.defaults(Profile.LEIDEN, 1, 8L), second);

        // Then every topic file differs
        for (final String topic : GeneratorTopics.ALL) {
            final String file = GeneratorTopics.fileName(topic);
            assertThat(Files.readAllBytes(second.resolve(file))).as(file).isNotEqualTo(Files.readAllBytes(first.resolve(file)));
        }
    }

    @Test
    void defaultStartEndsThePeriodOnFirstJanuary2026() {
        // Given / When
        final GeneratorOptions options = GeneratorOptions.defaults(Profile.LEIDEN, 3, 1L);

        // Then
        assertThat(options.start()).hasToString("2023-01-01");
        assertThat(options.end()).hasToString("2026-01-01");
    }
}
