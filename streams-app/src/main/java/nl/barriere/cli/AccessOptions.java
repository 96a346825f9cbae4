package nl.barriere.cli;

import picocli.CommandLine.Option;

/** Who is reading, for a command whose every read is written to the access log (DESIGN.md rule 8). */
final class AccessOptions {

    @Option(names = "--user", required = true, paramLabel = "USER", description = "Your user id; goes into the access log.")
    String user;

    @Option(names = "--role", defaultValue = "auditor", paramLabel = "ROLE",
            description = "The role you act in: auditor, operator, analyst or bibob-officer. Default: ${DEFAULT-VALUE}.")
    String role;
}
