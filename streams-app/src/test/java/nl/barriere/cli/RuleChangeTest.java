package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import nl.barriere.audit.RuleChanges;
import nl.barriere.audit.ShadowRun;
import nl.barriere.contract.Role;
import nl.barriere.contract.Topic;
import nl.barriere.contract.Topics;
import nl.barriere.detect.DetectionTopology;
import nl.barriere.detect.Ruleset;
import nl.barriere.json.AvroJson;
import nl.barriere.platform.AppConfig;
import nl.barriere.platform.EmbeddedPlatform;
import nl.barriere.platform.Lag;
import nl.barriere.platform.StreamsApp;
import nl.barriere.platform.TopicReader;
import nl.barriere.schema.MortgageRegistered;
import nl.barriere.schema.PropertyTransfer;
import nl.barriere.schema.Source;
import nl.barriere.web.Users;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A rule change from proposal to start, on a real broker and registry: a ruleset that switches I1 off is proposed,
 * its shadow runs beside live detection on the same input, the report shows the resale live flags and the proposal
 * would not, and detection refuses it until two people other than the proposer approved it.
 */
class RuleChangeTest {

    private static final String PASSWORD = "a-long-enough-password";
    private static final List<String> INPUTS = DetectionTopology.INPUTS.stream().map(Topic::name).toList();

    @TempDir
    static Path dir;
    private static EmbeddedPlatform platform;
    private static AppConfig config;
    private static Path users;
    private static Path proposal;

    @BeforeAll
    static void givenAResaleThatI1FlagsLive() throws Exception {
        platform = EmbeddedPlatform.start("rule-change");
        config = platform.config();
        users = Files.write(dir.resolve("users.txt"), List.of(Users.line("analyst-a", Role.ANALYST, PASSWORD),
                Users.line("analyst-b", Role.ANALYST, PASSWORD), Users.line("auditor-1", Role.AUDITOR, PASSWORD),
                Users.line("officer-1", Role.BIBOB_OFFICER, PASSWORD)));
        final List<PropertyTransfer> transfers = List.of(
                transfer("kad-1", "2024-01-10", "0546010000000001", 300_000, "11111111", "22222222"),
                transfer("kad-2", "2024-03-11", "0546010000000001", 400_000, "33333333", "11111111"),
                // a later sale elsewhere moves event time past the hold, so the resale is judged
                transfer("kad-3", "2024-06-01", "0546010000000009", 250_000, "44444444", "55555555"));
        for (final PropertyTransfer transfer : transfers) {
            platform.write(Topics.KADASTER_PROPERTY_TRANSFERS, transfer);
            platform.write(Topics.KADASTER_MORTGAGES, mortgage(transfer));
        }
        final String v1 = new String(Ruleset.class.getResourceAsStream("/rules/ruleset-v1.yaml").readAllBytes(),
                StandardCharsets.UTF_8);
        final int i1 = v1.indexOf("  - id: I1");
        final int enabled = v1.indexOf("    enabled: true", i1);
        proposal = Files.writeString(dir.resolve("ruleset-v2.yaml"), v1.substring(0, enabled).replace("version: v1", "version: v2")
                + "    enabled: false" + v1.substring(enabled + "    enabled: true".length()));
    }

    @AfterAll
    static void stop() {
        platform.close();
    }

    @Test
    void aRuleChangeRunsInTheShadowIsReportedAndStartsOnlyAfterTwoOthersApprovedIt() throws Exception {
        // Given live detection on v1, which flags the resale with I1
        try (StreamsApp live = DetectCommand.detection(config, Ruleset.load("v1")).start();
             Admin admin = Admin.create(config.kafkaProperties())) {
            assertThat(Lag.awaitCaughtUp(admin, DetectCommand.APPLICATION_ID, INPUTS, Duration.ofSeconds(60))).isTrue();
            assertThat(citingI1(Topics.SIGNALS.name())).isEqualTo(1);

            // When a file ruleset that was never proposed is started, then it is refused
            final Cli.Run unproposed = run(null, "detect", "--ruleset", proposal.toString());
            assertThat(unproposed.exit()).isEqualTo(1);
            assertThat(unproposed.err()).contains("detection starts only an approved ruleset").contains("never proposed");

            // When a BIBOB officer proposes it, or an analyst without a real rationale, then it is refused
            assertThat(run(PASSWORD, "ruleset", "propose", proposal.toString(), "--user", "officer-1", "--users",
                    users.toString(), "--rationale", rationale()).err())
                    .contains("officer-1 is bibob-officer; rule changes are proposed and approved by analysts and auditors");
            assertThat(run(PASSWORD, "ruleset", "propose", proposal.toString(), "--user", "analyst-a", "--users",
                    users.toString(), "--rationale", "I1 is too noisy").err()).contains("at least 50 characters");
            assertThat(run("wrong-password-here", "ruleset", "propose", proposal.toString(), "--user", "analyst-a",
                    "--users", users.toString(), "--rationale", rationale()).err()).contains("unknown user or wrong password");

            // When analyst A proposes it properly
            final Cli.Run proposed = run(PASSWORD, "ruleset", "propose", proposal.toString(), "--user", "analyst-a",
                    "--users", users.toString(), "--rationale", rationale());
            assertThat(proposed.exit()).as(proposed.err()).isZero();
            final Matcher found = Pattern.compile("as (sha256:[0-9a-f]{64}) by analyst-a").matcher(proposed.out());
            assertThat(found.find()).as(proposed.out()).isTrue();
            final String digest = found.group(1);
            assertThat(digest).isEqualTo(Ruleset.load(proposal.toString()).digest());

            // And its shadow runs beside live on the same input
            try (StreamsApp shadow = ShadowRun.start(config, digest)) {
                assertThat(Lag.awaitCaughtUp(admin, ShadowRun.applicationId(digest), INPUTS, Duration.ofSeconds(60)))
                        .isTrue();
                // Then the shadow writes to its own topic only, and does not flag the resale with I1
                assertThat(citingI1(ShadowRun.signalsTopic(digest))).isZero();
                assertThat(citingI1(Topics.SIGNALS.name())).isEqualTo(1);

                // And the report says so, per subject and per indicator
                final Cli.Run report = run(null, "ruleset", "report", digest);
                assertThat(report.exit()).as(report.err()).isZero();
                System.out.println(report.out());
                assertThat(report.out()).contains("# Rule change v2")
                        .contains("- Input not yet read: live 0 records, shadow 0 records (both have read all of it)")
                        .containsPattern("\\| I1 \\| 1 \\| 0 \\| 0 \\| [01] \\| [01] \\|")
                        .contains("PROPERTY 0546010000000001: live score ");
            }

            // When the proposer approves it, then it is refused; one other approval is not enough
            assertThat(run(PASSWORD, "ruleset", "approve", digest, "--user", "analyst-a", "--users", users.toString(),
                    "--rationale", checked()).err()).contains("analyst-a proposed this ruleset and cannot approve it");
            assertThat(run(PASSWORD, "ruleset", "approve", digest, "--user", "analyst-b", "--users", users.toString(),
                    "--rationale", checked()).out()).contains("1 of 2 approvals").contains("not approved");
            assertThat(run(PASSWORD, "ruleset", "approve", digest, "--user", "analyst-b", "--users", users.toString(),
                    "--rationale", checked()).err()).contains("analyst-b approved this ruleset already");
            assertThat(run(null, "detect", "--ruleset", digest).err()).contains("1 of 2 approvals (analyst-b at ")
                    .contains("; not approved");
            assertThatThrownBy(() -> RuleChanges.requireStartable(config, Ruleset.load(proposal.toString())))
                    .hasMessageContaining("not approved");

            // When an auditor approves it too
            final Cli.Run second = run(PASSWORD, "ruleset", "approve", digest, "--user", "auditor-1", "--users",
                    users.toString(), "--rationale", checked());

            // Then it is approved and startable, by file or by digest, and the register entry follows it
            assertThat(second.out()).contains("2 of 2 approvals").contains("; approved");
            assertThat(run(null, "ruleset", "status", digest).exit()).isZero();
            RuleChanges.requireStartable(config, Ruleset.load(proposal.toString()));
            assertThat(RuleChanges.approved(config, digest).digest()).isEqualTo(digest);
            final Cli.Run entry = run(null, "register-entry", "--ruleset", digest);
            assertThat(entry.exit()).as(entry.err()).isZero();
            assertThat(entry.out()).contains("Uitgezet in regelset v2: I1.").contains(digest);
        }
    }

    // ------------------------------------------------------------------ helpers

    private static Cli.Run run(final String password, final String... args) {
        return Cli.run(config, password, args);
    }

    private static long citingI1(final String topic) {
        final List<String> ids = new ArrayList<>();
        TopicReader.readAll(Topics.SIGNALS.named(topic), config, (raw, signal) -> {
            if (signal.getIndicators().stream().anyMatch(i -> i.getRuleId().equals("I1"))) {
                ids.add(signal.getSignalId());
            }
        });
        return ids.size();
    }

    private static PropertyTransfer transfer(final String id, final String date, final String bag, final long price,
                                             final String buyer, final String seller) {
        return AvroJson.fromJsonLine(("{\"eventId\":\"%s\",\"occurredAt\":\"%sT00:00:00Z\",\"source\":{\"system\":"
                + "\"kadaster-brk\",\"reference\":\"D-%s\"},\"bagVboId\":\"%s\",\"cadastralParcel\":\"LDN00-K-%s\","
                + "\"deedDate\":\"%s\",\"price\":%d,\"multipleObjects\":false,"
                + "\"buyer\":{\"kvkNumber\":\"%s\"},\"seller\":{\"kvkNumber\":\"%s\"}}")
                .formatted(id, date, id, bag, id, date, price, buyer, seller), PropertyTransfer.class);
    }

    /** The buyer's mortgage on the object, registered the day of the transfer: a financed purchase (no I3). */
    private static MortgageRegistered mortgage(final PropertyTransfer transfer) {
        return MortgageRegistered.newBuilder().setEventId("mtg-" + transfer.getEventId())
                .setOccurredAt(transfer.getOccurredAt().plusSeconds(3600))
                .setSource(new Source("kadaster-brk", "H-" + transfer.getEventId())).setBagVboId(transfer.getBagVboId())
                .setCadastralParcel(transfer.getCadastralParcel()).setDeedDate(transfer.getDeedDate()).build();
    }

    private static String rationale() {
        return "I1 flags too many ordinary resales by developers; switch it off while its threshold is reviewed.";
    }

    private static String checked() {
        return "Read the shadow report: only resales are lost, no other indicator changes; agreed with the team.";
    }
}
