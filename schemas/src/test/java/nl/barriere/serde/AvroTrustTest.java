package nl.barriere.serde;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import nl.barriere.schema.testing.Sighting;
import org.apache.avro.util.ClassSecurityValidator;
import org.junit.jupiter.api.Test;

/**
 * Avro 1.12 refuses to instantiate generated classes outside its trusted packages; the serde must
 * trust ours by itself, without a {@code -D} flag anywhere.
 */
class AvroTrustTest {

    @Test
    void theTestJvmItselfHasNoTrustFlag() {
        // If surefire passed the flag, every other test here would prove nothing about the serde.
        assertThat(ManagementFactory.getRuntimeMXBean().getInputArguments())
                .noneMatch(argument -> argument.contains(AvroTrust.PROPERTY));
    }

    @Test
    void plainAvroRefusesOurClassesButTheSerdeDecodesThemInTheSameJvm() throws Exception {
        // Given a fresh JVM in which plain Avro decodes first, so Avro has read its settings before the serde loads
        final List<String> lines = probe("avro-first");

        // Then Avro really refuses the generated class, and the serde still decodes into it afterwards
        assertThat(lines).containsExactly("property-at-start=null", "plain-avro=refused", "serde=decoded");
    }

    @Test
    void serdeDecodesWhenItIsTheFirstAvroUser() throws Exception {
        assertThat(probe("serde-first")).containsExactly("property-at-start=null", "serde=decoded");
    }

    @Test
    void trustIsWidenedOnlyToTheSchemaPackages() {
        AvroTrust.ensureInstalled();

        assertThat(ClassSecurityValidator.getGlobal().isTrusted(Sighting.class)).isTrue();
        assertThat(ClassSecurityValidator.getGlobal().isTrusted(AvroSerde.class)).isFalse();
        assertThat(System.getProperty(AvroTrust.PROPERTY)).contains(AvroTrust.TRUSTED_PACKAGE);
    }

    @Test
    void packageIsAppendedToAnExistingListOnce() {
        assertThat(AvroTrust.withPackage(null, "nl.barriere.schema")).isEqualTo("nl.barriere.schema");
        assertThat(AvroTrust.withPackage("com.acme", "nl.barriere.schema")).isEqualTo("com.acme,nl.barriere.schema");
        assertThat(AvroTrust.withPackage("com.acme, nl.barriere.schema", "nl.barriere.schema"))
                .isEqualTo("com.acme, nl.barriere.schema");
    }

    private static List<String> probe(final String mode) throws Exception {
        final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        final ProcessBuilder builder = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                TrustProbe.class.getName(), mode).redirectErrorStream(true);
        // The probe must see exactly what a user's JVM sees: no options injected from the environment.
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.environment().remove("JDK_JAVA_OPTIONS");
        final Process process = builder.start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("probe finished").isTrue();
        assertThat(process.exitValue()).as("probe exit code; output:%n%s", output).isZero();
        // logback may print to the same stream; only the probe's own lines matter
        return output.lines()
                .filter(line -> line.startsWith("property-at-start=") || line.startsWith("plain-avro=")
                        || line.startsWith("serde="))
                .toList();
    }
}
