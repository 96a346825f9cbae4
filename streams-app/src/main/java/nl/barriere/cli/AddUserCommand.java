package nl.barriere.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import nl.barriere.contract.Role;
import nl.barriere.web.Users;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "add-user", mixinStandardHelpOptions = true,
        description = {"Adds a user of the review web UI to a users file (created if missing), with the password "
                + "stored only as a salted PBKDF2-HMAC-SHA256 hash. The password is read without echo from the "
                + "terminal, or as one line from standard input when there is no terminal."})
final class AddUserCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--users", required = true, paramLabel = "FILE", description = "The users file.")
    Path file;

    @Parameters(index = "0", paramLabel = "NAME", description = "User id as it appears in decisions and the access log.")
    String name;

    @Parameters(index = "1", paramLabel = "ROLE", description = "analyst, bibob-officer, operator or auditor.")
    String roleId;

    @Override
    public Integer call() throws Exception {
        final Role role = Role.byId(roleId).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "ROLE: '" + roleId + "' is not one of " + Arrays.stream(Role.values()).map(Role::id)
                        .collect(Collectors.joining(", "))));
        final List<String> lines = Files.exists(file) ? new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8))
                : new ArrayList<>(List.of("# Barrière users: name role pbkdf2-sha256:iterations:salt:hash"));
        if (Users.parse(lines, file.toString()).role(name).isPresent()) {
            throw new ParameterException(spec.commandLine(), "NAME: user '" + name + "' is already in " + file);
        }
        final String password = readPassword();
        if (password.length() < 12) {
            throw new ParameterException(spec.commandLine(), "the password needs at least 12 characters");
        }
        lines.add(Users.line(name, role, password));
        Files.write(file, lines, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        spec.commandLine().getOut().printf("%s added to %s as %s%n", name, file, role.id());
        return 0;
    }

    private static String readPassword() throws java.io.IOException {
        final Console console = System.console();
        if (console != null) {
            final char[] first = console.readPassword("Password: ");
            final char[] again = console.readPassword("Again: ");
            if (first == null || !Arrays.equals(first, again)) {
                throw new IllegalArgumentException("the two passwords differ");
            }
            return new String(first);
        }
        final String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (line == null) {
            throw new IllegalArgumentException("no password on standard input");
        }
        return line;
    }
}
