package nl.barriere.devkit.generator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Prints how fast the national profile is generated and written, one simulated year:
 * {@code java ... nl.barriere.devkit.generator.GeneratorSpeed [outDir]}. A program, not a timed test.
 */
final class GeneratorSpeed {

    private GeneratorSpeed() {}

    public static void main(final String[] args) throws IOException {
        final Path outDir = args.length > 0 ? Path.of(args[0]) : Files.createTempDirectory("generator-national");
        final GenerationReport report = Generator.generate(GeneratorOptions.defaults(Profile.NATIONAL, 1, 1L), outDir);
        System.out.print(report.describe());
        System.out.println("written to " + outDir);
    }
}
