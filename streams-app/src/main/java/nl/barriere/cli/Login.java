package nl.barriere.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import nl.barriere.contract.User;
import nl.barriere.web.Users;
import picocli.CommandLine.Option;

/**
 * Who runs a command that records a person's act (a rule change): a user of the users file, authenticated by their
 * password, read without echo from the terminal or as one line from standard input.
 */
final class Login {

    @Option(names = "--users", required = true, paramLabel = "FILE", description = "The users file (as for review).")
    Path usersFile;

    @Option(names = "--user", required = true, paramLabel = "NAME", description = "Your user name; you are asked "
            + "for your password.")
    String name;

    User authenticate() throws IOException {
        final Users users = Users.load(usersFile);
        final String password;
        final Console console = System.console();
        if (console != null) {
            final char[] typed = console.readPassword("Password for %s: ", name);
            password = typed == null ? "" : new String(typed);
        } else {
            final String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            password = line == null ? "" : line;
        }
        return users.authenticate(name, password)
                .orElseThrow(() -> new IllegalArgumentException("unknown user or wrong password"));
    }
}
