package nl.barriere.web;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import nl.barriere.contract.Role;
import nl.barriere.contract.User;

/**
 * Who may log in, read from a users file. Passwords are stored only as PBKDF2-HMAC-SHA256 hashes with their own
 * salt and iteration count, so a leaked file does not give the passwords away and the count can be raised for new
 * entries without invalidating old ones.
 *
 * <p>The file has one user a line, three fields separated by blanks; {@code #} starts a comment:
 * <pre>
 * # name      role           password hash (Users.hash)
 * analyst1    analyst        pbkdf2-sha256:600000:&lt;salt, base64&gt;:&lt;hash, base64&gt;
 * bibob1      bibob-officer  pbkdf2-sha256:600000:...:...
 * </pre>
 * Roles: {@code analyst}, {@code bibob-officer}, {@code operator}, {@code auditor}. A name is the id that goes into
 * decisions and the access log, so it must be unique and contain no blanks.
 */
public final class Users {

    /** OWASP's 2023 recommendation for PBKDF2-HMAC-SHA256. */
    static final int DEFAULT_ITERATIONS = 600_000;
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Checked when the name is unknown, so a wrong name takes as long as a wrong password. */
    private static final String DECOY = hash("decoy", DEFAULT_ITERATIONS);

    private record Entry(User user, String hash) {
    }

    private final Map<String, Entry> entries;

    private Users(final Map<String, Entry> entries) {
        this.entries = entries;
    }

    public static Users load(final Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the users file " + file, e);
        }
    }

    /** Parses the lines of a users file; {@code origin} names the file in error messages. */
    public static Users parse(final List<String> lines, final String origin) {
        final Map<String, Entry> entries = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            final String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            final String where = origin + " line " + (i + 1) + ": ";
            final String[] fields = line.split("\\s+");
            if (fields.length != 3) {
                throw new IllegalArgumentException(where + "expected 'name role hash', found " + fields.length + " fields");
            }
            final Role role = Role.byId(fields[1]).orElseThrow(() -> new IllegalArgumentException(
                    where + "unknown role '" + fields[1] + "' (analyst, bibob-officer, operator or auditor)"));
            checkHashFormat(fields[2], where);
            if (entries.containsKey(fields[0])) {
                throw new IllegalArgumentException(where + "user '" + fields[0] + "' appears twice");
            }
            entries.put(fields[0], new Entry(new User(fields[0], role), fields[2]));
        }
        return new Users(entries);
    }

    /** The user, when the name exists and the password matches; the same answer for either mistake. */
    public Optional<User> authenticate(final String name, final String password) {
        final Entry entry = entries.get(name);
        final boolean matches = verify(password, entry == null ? DECOY : entry.hash());
        return entry != null && matches ? Optional.of(entry.user()) : Optional.empty();
    }

    public int size() {
        return entries.size();
    }

    /** The role of a user, so a command can say who is who without knowing a password. */
    public Optional<Role> role(final String name) {
        return Optional.ofNullable(entries.get(name)).map(entry -> entry.user().role());
    }

    /** A users-file line's hash field for a new password, with a fresh salt and the default iteration count. */
    public static String hash(final String password) {
        return hash(password, DEFAULT_ITERATIONS);
    }

    static String hash(final String password, final int iterations) {
        final byte[] salt = new byte[SALT_BYTES];
        RANDOM.nextBytes(salt);
        final Base64.Encoder base64 = Base64.getEncoder();
        return SCHEME + ":" + iterations + ":" + base64.encodeToString(salt) + ":"
                + base64.encodeToString(pbkdf2(password, salt, iterations));
    }

    /** One users-file line. */
    public static String line(final String name, final Role role, final String password) {
        return line(name, role, password, DEFAULT_ITERATIONS);
    }

    static String line(final String name, final Role role, final String password, final int iterations) {
        if (name.isBlank() || name.chars().anyMatch(Character::isWhitespace)) {
            throw new IllegalArgumentException("a user name must be non-empty and without blanks: '" + name + "'");
        }
        return name + " " + role.id() + " " + hash(password, iterations);
    }

    /**
     * The demo's users: two analysts (four eyes needs two), a BIBOB officer, an operator and an auditor, each with
     * a random password that the demo prints once.
     */
    public record DemoUsers(Users users, Map<String, String> passwords, List<String> fileLines) {

        public void write(final Path file) {
            try {
                Files.write(file, fileLines, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the users file " + file, e);
            }
        }
    }

    public static DemoUsers demo() {
        return demo(DEFAULT_ITERATIONS);
    }

    static DemoUsers demo(final int iterations) {
        final Map<String, Role> roles = new LinkedHashMap<>();
        roles.put("analyst1", Role.ANALYST);
        roles.put("analyst2", Role.ANALYST);
        roles.put("bibob1", Role.BIBOB_OFFICER);
        roles.put("operator1", Role.OPERATOR);
        roles.put("auditor1", Role.AUDITOR);
        final Map<String, String> passwords = new LinkedHashMap<>();
        final List<String> lines = new ArrayList<>();
        lines.add("# Barrière demo users: name role pbkdf2-sha256:iterations:salt:hash");
        roles.forEach((name, role) -> {
            final String password = randomPassword();
            passwords.put(name, password);
            lines.add(line(name, role, password, iterations));
        });
        return new DemoUsers(parse(lines, "demo users"), passwords, List.copyOf(lines));
    }

    /** 16 characters from an alphabet without look-alikes (no 0/O, 1/l/I), so a printed password can be typed. */
    static String randomPassword() {
        final String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        final StringBuilder password = new StringBuilder();
        for (int i = 0; i < 16; i++) {
            password.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return password.toString();
    }

    private static boolean verify(final String password, final String stored) {
        final String[] parts = stored.split(":");
        final int iterations = Integer.parseInt(parts[1]);
        final Base64.Decoder base64 = Base64.getDecoder();
        final byte[] expected = base64.decode(parts[3]);
        return MessageDigest.isEqual(expected, pbkdf2(password, base64.decode(parts[2]), iterations));
    }

    private static void checkHashFormat(final String stored, final String where) {
        final String[] parts = stored.split(":");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException(where + "the hash must read " + SCHEME + ":ITERATIONS:SALT:HASH");
        }
        try {
            if (Integer.parseInt(parts[1]) < 1) {
                throw new IllegalArgumentException(where + "the iteration count must be positive");
            }
            Base64.getDecoder().decode(parts[2]);
            Base64.getDecoder().decode(parts[3]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + "the hash is malformed (" + e.getMessage() + ")", e);
        }
    }

    private static byte[] pbkdf2(final String password, final byte[] salt, final int iterations) {
        final PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }
}
