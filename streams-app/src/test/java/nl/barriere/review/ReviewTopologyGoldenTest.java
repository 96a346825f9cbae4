package nl.barriere.review;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The shape of the review topology, as {@code topology.describe()} prints it, is kept in a golden file: renaming a
 * processor or store would orphan the review stores' changelogs of a running installation, so it shows up in
 * review. After an intended change, run with {@code -Dgolden.update=true} and commit the new file.
 */
class ReviewTopologyGoldenTest {

    @Test
    void theReviewTopologyHasNotChangedShape() throws IOException {
        final Path golden = Path.of("src", "test", "resources", "golden", "review-topology.txt");
        final String actual = ReviewTopology.build(Map.of("schema.registry.url", "http://registry.invalid"),
                ReviewTopology.DEFAULT_DISMISSED_RETENTION, DecisionSigner.forDescription()).describe().toString();
        if (Boolean.getBoolean("golden.update")) {
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
