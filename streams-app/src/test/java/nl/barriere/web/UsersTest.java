package nl.barriere.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import nl.barriere.contract.Role;
import nl.barriere.contract.User;
import org.junit.jupiter.api.Test;

class UsersTest {

    @Test
    void aHashedPasswordLogsInAndNothingElseDoes() {
        // Given a users file with one analyst
        final Users users = Users.parse(List.of("# comment", "", Users.line("analyst1", Role.ANALYST, "correct horse", 1_000)), "test");

        // Then the right password gives the user and role; a wrong password or name gives nothing
        assertThat(users.authenticate("analyst1", "correct horse")).contains(new User("analyst1", Role.ANALYST));
        assertThat(users.authenticate("analyst1", "correct horsE")).isEmpty();
        assertThat(users.authenticate("analyst2", "correct horse")).isEmpty();
    }

    @Test
    void theFileKeepsSaltAndIterationsButNotThePassword() {
        final String line = Users.line("bibob1", Role.BIBOB_OFFICER, "s3cret-pass");
        final String[] hash = line.split(" ")[2].split(":");

        assertThat(line).startsWith("bibob1 bibob-officer pbkdf2-sha256:600000:").doesNotContain("s3cret-pass");
        assertThat(hash).hasSize(4);
        assertThat(Users.hash("same")).isNotEqualTo(Users.hash("same"));
    }

    @Test
    void demoUsersAreTheFiveRolesWithPrintablePasswords() {
        final Users.DemoUsers demo = Users.demo(1_000);

        assertThat(demo.passwords()).containsOnlyKeys("analyst1", "analyst2", "bibob1", "operator1", "auditor1");
        assertThat(demo.passwords().values()).allMatch(p -> p.matches("[a-zA-Z2-9]{16}"));
        assertThat(demo.users().authenticate("bibob1", demo.passwords().get("bibob1")))
                .contains(new User("bibob1", Role.BIBOB_OFFICER));
        assertThat(Users.parse(demo.fileLines(), "written").size()).isEqualTo(5);
    }

    @Test
    void aBadLineIsNamedWithItsNumberAndReason() {
        final String hash = Users.hash("x", 1_000);

        assertThatThrownBy(() -> Users.parse(List.of("a analyst " + hash, "b admin " + hash), "users.txt"))
                .hasMessage("users.txt line 2: unknown role 'admin' (analyst, bibob-officer, operator or auditor)");
        assertThatThrownBy(() -> Users.parse(List.of("a analyst plaintext"), "users.txt"))
                .hasMessage("users.txt line 1: the hash must read pbkdf2-sha256:ITERATIONS:SALT:HASH");
        assertThatThrownBy(() -> Users.parse(List.of("a analyst " + hash, "a auditor " + hash), "users.txt"))
                .hasMessage("users.txt line 2: user 'a' appears twice");
        assertThatThrownBy(() -> Users.parse(List.of("a analyst"), "users.txt"))
                .hasMessage("users.txt line 1: expected 'name role hash', found 2 fields");
    }
}
