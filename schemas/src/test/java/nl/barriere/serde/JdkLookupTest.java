package nl.barriere.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@link ApicurioRegistry} recognises a JDK new enough to run Apicurio 3. */
class JdkLookupTest {

    @Test
    void readsTheMajorVersionFromTheReleaseFile(@TempDir final Path dir) throws Exception {
        assertThat(ApicurioRegistry.javaVersion(jdk(dir, "temurin-25", "JAVA_VERSION=\"25.0.3\""))).isEqualTo(25);
        assertThat(ApicurioRegistry.javaVersion(jdk(dir, "openjdk-21", "JAVA_VERSION=\"21\""))).isEqualTo(21);
        assertThat(ApicurioRegistry.javaVersion(jdk(dir, "jdk8", "JAVA_VERSION=\"1.8.0_402\""))).isEqualTo(8);
        assertThat(ApicurioRegistry.javaVersion(jdk(dir, "odd", "JAVA_VERSION=\"unknown\""))).isEqualTo(-1);
        assertThat(ApicurioRegistry.javaVersion(dir.resolve("no-such-jdk"))).isEqualTo(-1);
    }

    @Test
    void findsAJdkOfAtLeast21OnThisMachine() throws Exception {
        // The build machines carry one beside the default JDK, or name one in BARRIERE_JDK21_HOME
        assertThat(ApicurioRegistry.javaVersion(ApicurioRegistry.findJdk())).isGreaterThanOrEqualTo(21);
    }

    private static Path jdk(final Path dir, final String name, final String versionLine) throws Exception {
        final Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), "IMPLEMENTOR=\"Test\"\n" + versionLine + "\n");
        return home;
    }
}
