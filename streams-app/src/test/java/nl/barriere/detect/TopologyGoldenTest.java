package nl.barriere.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import nl.barriere.contract.Topics;
import nl.barriere.detect.bibob.BibobZoneTopology;
import org.apache.kafka.streams.Topology;
import org.junit.jupiter.api.Test;

/**
 * The shape of both detection topologies, as {@code topology.describe()} prints it, is kept in a golden file: a
 * change to a processor, store or topic name (which would orphan state and changelogs of a running installation)
 * shows up in review. After an intended change, run with {@code -Dgolden.update=true} and commit the new files.
 */
class TopologyGoldenTest {

    private static final Map<String, Object> SERDES = Map.of("schema.registry.url", "http://registry.invalid");

    @Test
    void theDetectionTopologyHasNotChangedShape() throws IOException {
        assertMatchesGolden(DetectionTopology.build(Ruleset.load("v1"), SERDES, Topics.SIGNALS.name()), "detection-topology.txt");
    }

    @Test
    void theBibobZoneTopologyHasNotChangedShape() throws IOException {
        assertMatchesGolden(BibobZoneTopology.build(Ruleset.load("v1"), SERDES), "bibob-zone-topology.txt");
    }

    private static void assertMatchesGolden(final Topology topology, final String name) throws IOException {
        final Path golden = Path.of("src", "test", "resources", "golden", name);
        final String actual = topology.describe().toString();
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(golden.getParent());
            Files.writeString(golden, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
