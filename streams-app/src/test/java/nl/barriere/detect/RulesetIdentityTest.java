package nl.barriere.detect;

import static nl.barriere.detect.Events.at;
import static nl.barriere.detect.Events.transfer;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import nl.barriere.schema.RiskSignal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A ruleset version names one content (issue 12, item 3): every signal carries the digest of the rules that made
 * it, and a file that claims a built-in version but differs from it is refused before anything runs.
 */
class RulesetIdentityTest {

    @TempDir
    Path dir;

    @Test
    void theDigestIsTheSameForTheSameContentWhateverTheFilesLayoutAndComments() throws IOException {
        final String v1 = builtInV1();
        final String relaidOut = "# a copy kept by the municipality, with its own comments\n"
                + v1.replace("threshold: 2", "threshold:    2   # unchanged");

        final Ruleset builtIn = Ruleset.load("v1");
        assertThat(builtIn.digest()).matches("sha256:[0-9a-f]{64}").isEqualTo(Ruleset.load("v1").digest());
        assertThat(Ruleset.load(write("copy.yaml", v1).toString()).digest()).isEqualTo(builtIn.digest());
        assertThat(Ruleset.load(write("relaid-out.yaml", relaidOut).toString()).digest()).isEqualTo(builtIn.digest());
    }

    @Test
    void aFileThatSaysV1ButHasOtherWeightsIsRefusedNamingBothDigests() throws IOException {
        final String otherWeights = builtInV1().replaceFirst("weight: (\\d+)", "weight: 9");
        final Path file = write("tampered.yaml", otherWeights);

        assertThatThrownBy(() -> Ruleset.load(file.toString()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("says it is version v1, but its content differs from Barrière's v1")
                .hasMessageContaining(Ruleset.load("v1").digest())
                .hasMessageContaining("a changed ruleset needs a version of its own");
    }

    @Test
    void theSameChangeUnderAVersionOfItsOwnLoadsWithADigestOfItsOwn() throws IOException {
        final String local = builtInV1().replaceFirst("weight: (\\d+)", "weight: 9")
                .replace("version: v1", "version: leiden-2026-01");

        final Ruleset ruleset = Ruleset.load(write("local.yaml", local).toString());

        assertThat(ruleset.version()).isEqualTo("leiden-2026-01");
        assertThat(ruleset.digest()).isNotEqualTo(Ruleset.load("v1").digest());
    }

    @Test
    void everySignalCarriesTheDigestOfTheRulesThatMadeIt() {
        final Ruleset v1 = Ruleset.load("v1");
        final Ruleset withoutI2 = v1.withDisabled("I2");
        assertThat(withoutI2.digest()).isNotEqualTo(v1.digest());

        for (final Ruleset ruleset : new Ruleset[] {v1, withoutI2}) {
            try (DetectionDriver driver = new DetectionDriver(ruleset)) {
                // A company buying without a mortgage (I3) at a tenth of the WOZ value (I2): with I2 a signal at the
                // transfer and one superseding it when the mortgage window closes, without I2 only the second
                driver.pipe(transfer("0546010000000221", "2024-01-10", 20_000, 200_000L, false, "20000001"))
                        .advanceStreamTimeTo(at("2026-01-01"));
                final List<RiskSignal> signals = driver.signals();
                assertThat(signals).hasSize(ruleset == v1 ? 2 : 1).allSatisfy(signal -> {
                    assertThat(signal.getRulesetVersion()).isEqualTo("v1");
                    assertThat(signal.getRulesetDigest()).isEqualTo(ruleset.digest());
                });
            }
        }
    }

    private static String builtInV1() throws IOException {
        try (InputStream in = Ruleset.class.getResourceAsStream("/rules/ruleset-v1.yaml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private Path write(final String name, final String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }
}
