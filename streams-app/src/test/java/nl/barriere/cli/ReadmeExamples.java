package nl.barriere.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The README's example JSON lines, one or more per topic, so the documented format is the tested one. */
final class ReadmeExamples {

    private static final String MARKER = "<!-- json-examples";

    private ReadmeExamples() {}

    static Map<String, List<String>> byTopic() {
        final List<String> lines;
        try {
            lines = Files.readAllLines(Path.of("..", "README.md"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        final Map<String, List<String>> examples = new LinkedHashMap<>();
        boolean inBlock = false;
        boolean afterMarker = false;
        for (final String line : lines) {
            if (line.startsWith(MARKER)) {
                afterMarker = true;
            } else if (afterMarker && line.startsWith("```")) {
                if (inBlock) {
                    break;
                }
                inBlock = true;
            } else if (inBlock && !line.isBlank()) {
                final int space = line.indexOf(' ');
                examples.computeIfAbsent(line.substring(0, space), topic -> new ArrayList<>()).add(line.substring(space + 1));
            }
        }
        return examples;
    }
}
