package nl.barriere.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import nl.barriere.pseudonym.Pseudonyms;
import picocli.CommandLine.Option;

/**
 * The key material of the pseudonymising zone, for the commands that must find or erase a person: the same secrets
 * file the connectors read ({@code hmac.key=…}) and, with crypto-shredding, the same person key directory.
 */
final class PseudonymOptions {

    @Option(names = "--hmac-key-file", paramLabel = "FILE",
            description = "The connectors' secrets file with hmac.key=… (the analyst zone's: barriere.properties).")
    Path keyFile;

    @Option(names = "--person-keys", paramLabel = "DIR",
            description = "The connectors' person key directory (their person.keys.dir), when they use person keys.")
    Path personKeys;

    Pseudonyms pseudonyms() throws IOException {
        if (keyFile == null) {
            throw new IllegalArgumentException("--hmac-key-file is required to find or erase a person: the "
                    + "connectors' secrets file with hmac.key");
        }
        final Properties secrets = new Properties();
        try (Reader in = Files.newBufferedReader(keyFile)) {
            secrets.load(in);
        }
        final String key = secrets.getProperty("hmac.key");
        if (key == null || key.isBlank()) {
            throw new IllegalArgumentException(keyFile + " has no hmac.key");
        }
        final byte[] bytes = key.strip().getBytes(StandardCharsets.UTF_8);
        if (personKeys != null && !Files.isDirectory(personKeys)) {
            throw new IllegalArgumentException("no person key directory " + personKeys);
        }
        return personKeys == null ? Pseudonyms.withKey(bytes) : Pseudonyms.withPersonKeys(bytes, personKeys);
    }
}
