package nl.barriere.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import nl.barriere.audit.Accessor;
import nl.barriere.contract.Role;
import nl.barriere.platform.AppConfig;
import nl.barriere.web.oidc.AuthenticatedUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
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
    void auditTrailAndSubjectExportTakeNoUserNameOnTheCommandLine() {
        assertThatThrownBy(() -> parse(new AuditTrailCommand(), "sig-1", "--user", "auditor-1"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class).hasMessageContaining("--user");
        assertThatThrownBy(() -> parse(new SubjectExportCommand(), "--kvk", "90000089", "--user", "privacy-1"))
                .isInstanceOf(CommandLine.UnmatchedArgumentException.class).hasMessageContaining("--user");
    }

    @Test
    void withoutATokenTheUserIsTheOperatingSystemUserAndTheEventSaysSo() throws Exception {
        // When the trail is asked for without a token or a role, and the export in the operator role
        final AuditTrailCommand trail = parse(new AuditTrailCommand(), "sig-1");
        final SubjectExportCommand export = parse(new SubjectExportCommand(), "--kvk", "90000089", "--role", "operator");

        // Then both are logged for the account running this JVM, identified by the operating system
        final String me = System.getProperty("user.name");
        assertThat(trail.access.accessor(AppConfig.defaults(), Clock.systemUTC()))
                .isEqualTo(new Accessor(me, "auditor", Accessor.OS));
        assertThat(export.access.accessor(AppConfig.defaults(), Clock.systemUTC()))
                .isEqualTo(new Accessor(me, "operator", Accessor.OS));
        assertThatThrownBy(() -> AccessOptions.osUser("jdoe", "boss")).hasMessageContaining("not boss");
    }

    @Test
    void withATokenTheRoleIsOneItsGroupsGive() {
        // Given a token's user whose groups give two roles, and one whose groups give one
        final AuthenticatedUser both = new AuthenticatedUser("analyst1", "sub-1", Set.of(Role.ANALYST, Role.AUDITOR),
                Instant.now().plusSeconds(60), "token");
        final AuthenticatedUser auditor = new AuthenticatedUser("audit1", "sub-2", Set.of(Role.AUDITOR),
                Instant.now().plusSeconds(60), "token");

        // Then the only role is taken by default, a choice is needed between two, and no other role is given
        assertThat(AccessOptions.fromToken(auditor, null)).isEqualTo(new Accessor("audit1", "auditor", Accessor.OIDC));
        assertThat(AccessOptions.fromToken(both, "auditor")).isEqualTo(new Accessor("analyst1", "auditor", Accessor.OIDC));
        assertThatThrownBy(() -> AccessOptions.fromToken(both, null)).hasMessageContaining("choose one with --role");
        assertThatThrownBy(() -> AccessOptions.fromToken(auditor, "bibob-officer"))
                .hasMessageContaining("may not act as bibob-officer");
    }

    @Test
    void aTokenFileWithoutAnIdentityProviderIsRefused(@TempDir final Path dir) throws Exception {
        final Path token = Files.writeString(dir.resolve("token"), "eyJ...");
        final AuditTrailCommand trail = parse(new AuditTrailCommand(), "sig-1", "--token-file", token.toString());

        assertThatThrownBy(() -> trail.access.accessor(AppConfig.defaults(), Clock.systemUTC()))
                .hasMessageContaining("oidc.issuer is not set");
    }

    private static <T> T parse(final T command, final String... args) {
        new CommandLine(command).parseArgs(args);
        return command;
    }
}
