package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The options the audit commands share ({@link PeriodOption}, {@link AccessOptions}) reach each command the same way:
 * parsed only, nothing connects.
 */
class AuditOptionsTest {

    private static final Instant APRIL = Instant.parse("2025-04-01T00:00:00Z");
    private static final Instant OCTOBER = Instant.parse("2025-10-01T00:00:00Z");

    @Test
    void replayAndAuditDiffReadTheSamePeriodAndReplayNamesItForTheDiff() {
        // When replay and audit-diff are given the same period, as a date and as an instant
        final ReplayCommand replay = parse(new ReplayCommand(), "--into", "audit-2025", "--from", "2025-04-01",
                "--to", "2025-10-01T00:00:00Z");
        final AuditDiffCommand diff = parse(new AuditDiffCommand(), "ondermijning.signals", "audit-2025.signals",
                "--from", "2025-04-01", "--to", "2025-10-01");

        // Then both hold [April, October), and replay prints the flags that give audit-diff that period
        assertThat(replay.period.from).isEqualTo(APRIL);
        assertThat(replay.period.to).isEqualTo(OCTOBER);
        assertThat(diff.period.from).isEqualTo(APRIL);
        assertThat(diff.period.to).isEqualTo(OCTOBER);
        assertThat(replay.period.asFlags()).isEqualTo(" --from 2025-04-01T00:00:00Z --to 2025-10-01T00:00:00Z");
    }

    @Test
    void withoutAPeriodEverythingIsKeptAndNoFlagsArePrinted() {
        final ReplayCommand replay = parse(new ReplayCommand(), "--into", "all");

        assertThat(replay.period.from).isEqualTo(Instant.EPOCH);
        assertThat(replay.period.to).isEqualTo(InstantConverter.END_OF_TIME);
        assertThat(replay.period.asFlags()).isEmpty();
    }

    @Test
    void auditTrailAndSubjectExportNameTheUserAndTheRoleTheyActIn() {
        // When the trail is asked for without a role, and the export in the operator role
        final AuditTrailCommand trail = parse(new AuditTrailCommand(), "sig-1", "--user", "auditor-1");
        final SubjectExportCommand export = parse(new SubjectExportCommand(), "--kvk", "90000089", "--user", "privacy-1",
                "--role", "operator");

        // Then the trail is logged for auditor-1 as auditor, the export for privacy-1 as operator
        assertThat(trail.access.user).isEqualTo("auditor-1");
        assertThat(trail.access.role).isEqualTo("auditor");
        assertThat(export.access.user).isEqualTo("privacy-1");
        assertThat(export.access.role).isEqualTo("operator");
    }

    @Test
    void withoutAUserNothingIsReadBecauseNothingCouldBeLogged() {
        assertThatThrownBy(() -> parse(new SubjectExportCommand(), "--kvk", "90000089"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--user");
        assertThatThrownBy(() -> parse(new AuditTrailCommand(), "sig-1"))
                .isInstanceOf(CommandLine.MissingParameterException.class)
                .hasMessageContaining("--user");
    }

    private static <T> T parse(final T command, final String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
