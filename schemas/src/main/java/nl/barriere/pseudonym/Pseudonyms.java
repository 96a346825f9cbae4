package nl.barriere.pseudonym;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The pseudonym of a natural person, as the contract carries it: {@code p-} and 64 lowercase hex digits of a keyed
 * HMAC-SHA256 over the identifier (DESIGN.md §2 rule 5). Made in exactly one zone, the one that holds the key: the
 * connectors' pseudonymisation transform, and the commands that must find a person ({@code subject-export
 * --person}) or erase one ({@code erase-person}).
 *
 * <p>Two schemes:
 * <ul>
 *   <li><b>One key</b>: HMAC(key, identifier). Whoever holds the key and an identifier finds every record of that
 *       person for as long as the topics keep them; a person cannot be erased without rewriting the topics.
 *   <li><b>Person keys</b> (crypto-shredding): every person gets a random key of their own, kept in a key directory
 *       under a name derived from the identifier with the main key; the pseudonym is HMAC(person key, identifier).
 *       Erasing a person deletes that one file: nobody can compute the old pseudonym again, not even with the main
 *       key and the identifier, so the records in seven-year topics can no longer be linked to the person; and the
 *       person's next record gets a new key, so it is not linked to the old ones either.
 * </ul>
 * The two schemes give different pseudonyms for the same person: a municipality chooses one before go-live.
 */
public final class Pseudonyms {

    /** What a pseudonym looks like; a value of this shape is never pseudonymised again. */
    public static final Pattern PSEUDONYM = Pattern.compile("p-[0-9a-f]{64}");
    /** 256 bits: HMAC-SHA256's own block of security; a shorter key would be the weak link. */
    public static final int MIN_KEY_BYTES = 32;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int PERSON_KEY_BYTES = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;
    private final Path personKeys;

    private Pseudonyms(final byte[] key, final Path personKeys) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the HMAC key must be at least " + MIN_KEY_BYTES + " bytes, was "
                    + key.length + " (the key itself is not shown)");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
        this.personKeys = personKeys;
    }

    /** The one-key scheme. */
    public static Pseudonyms withKey(final byte[] key) {
        return new Pseudonyms(key, null);
    }

    /** The person-key scheme, with the person keys in {@code directory} (created when missing). */
    public static Pseudonyms withPersonKeys(final byte[] key, final Path directory) {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the person key directory " + directory, e);
        }
        return new Pseudonyms(key, directory);
    }

    /** Whether a person can be erased: only with person keys. */
    public boolean erasable() {
        return personKeys != null;
    }

    /** The pseudonym of {@code identifier} (stripped of surrounding white space); with person keys, one is made if none. */
    public String of(final String identifier) {
        final String id = identifier.strip();
        if (personKeys == null) {
            return pseudonym(key, id);
        }
        return pseudonym(personKey(id).orElseGet(() -> newPersonKey(id)), id);
    }

    /**
     * The pseudonym {@code identifier} has now, without making a person key: empty for a person never seen, or
     * erased. This is what finding a person uses, so that looking for someone never creates them.
     */
    public Optional<String> existing(final String identifier) {
        final String id = identifier.strip();
        return personKeys == null ? Optional.of(pseudonym(key, id)) : personKey(id).map(k -> pseudonym(k, id));
    }

    /**
     * Erases the person: deletes their key, so their pseudonym can no longer be computed.
     *
     * @return false when there was no key (never seen, or erased before)
     */
    public boolean erase(final String identifier) {
        if (personKeys == null) {
            throw new IllegalStateException("with one key for everyone a person cannot be erased; use person keys");
        }
        try {
            return Files.deleteIfExists(keyFile(identifier.strip()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete the person key", e);
        }
    }

    private Optional<SecretKeySpec> personKey(final String id) {
        try {
            return Optional.of(new SecretKeySpec(Base64.getDecoder().decode(Files.readString(keyFile(id)).strip()),
                    ALGORITHM));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a person key in " + personKeys, e);
        }
    }

    /** Writes a new key atomically; when another writer was first, its key wins. */
    private SecretKeySpec newPersonKey(final String id) {
        final byte[] bytes = new byte[PERSON_KEY_BYTES];
        RANDOM.nextBytes(bytes);
        final Path file = keyFile(id);
        try {
            final Path temporary = Files.createTempFile(personKeys, ".new-", ".key");
            Files.writeString(temporary, Base64.getEncoder().encodeToString(bytes));
            try {
                // A hard link appears whole or not at all, and never replaces a key another writer made first
                Files.createLink(file, temporary);
            } catch (FileAlreadyExistsException e) {
                // the other writer's key is the person's key
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a person key in " + personKeys, e);
        }
        return personKey(id).orElseThrow(() -> new IllegalStateException("the person key was erased while made"));
    }

    /** The key file's name is derived from the identifier with the main key, apart from any pseudonym. */
    private Path keyFile(final String id) {
        return personKeys.resolve(HexFormat.of().formatHex(mac(key).doFinal(("person-key:" + id)
                .getBytes(StandardCharsets.UTF_8))) + ".key");
    }

    private static String pseudonym(final SecretKeySpec key, final String id) {
        return "p-" + HexFormat.of().formatHex(mac(key).doFinal(id.getBytes(StandardCharsets.UTF_8)));
    }

    private static Mac mac(final SecretKeySpec key) {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot compute " + ALGORITHM, e);
        }
    }
}
