package nl.barriere.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the production jar runs with (its runtime classpath, which the build writes to
 * {@code target/runtime-classpath.txt} and copies to {@code target/lib} for the image): Kafka's clients and Streams,
 * never a broker, Scala, log4j's implementation or the devkit. The embedded broker and registry, the generator and
 * the bench live in {@code devkit} and {@code devtools}, which only the tests and the developer's {@code ./barriere} use.
 */
class ProductionClasspathTest {

    @Test
    void theProductionClasspathHasNoBrokerScalaOrDevkit() throws IOException {
        final List<String> jars = Arrays.stream(Files.readString(Path.of("target", "runtime-classpath.txt")).trim()
                .split(java.io.File.pathSeparator)).map(path -> Path.of(path).getFileName().toString()).toList();

        assertThat(jars).as("the runtime classpath").isNotEmpty()
                .anyMatch(jar -> jar.startsWith("kafka-streams-"))
                .noneMatch(jar -> jar.startsWith("kafka_2.13") || jar.startsWith("kafka-server")
                        || jar.startsWith("kafka-raft") || jar.startsWith("scala-") || jar.startsWith("log4j-core")
                        || jar.startsWith("devkit") || jar.startsWith("devtools"));
    }
}
