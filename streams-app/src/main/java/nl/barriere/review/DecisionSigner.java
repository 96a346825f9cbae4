package nl.barriere.review;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import nl.barriere.contract.Role;
import nl.barriere.platform.AppConfig;
import nl.barriere.schema.BibobCaseStep;
import nl.barriere.schema.ReviewDecision;

/**
 * Who decided, provable in the stream (DESIGN.md rule 1): the review app signs every decision it writes with a key
 * only it holds, over the user it authenticated, the roles that user held and every field of the decision; the gate
 * accepts only decisions whose signature checks out. A record someone else put on {@code review.decisions} (a
 * reviewer typed as free text, another user's name, an altered rationale) carries no valid signature.
 *
 * <p>The signature is {@code hmac-sha256:} and the hex HMAC-SHA256 of {@link #canonical(ReviewDecision)}: every
 * string length-prefixed, so that no two different decisions have the same bytes (the encoding is spelled out in
 * the doc of {@code ReviewDecision.avsc}).
 *
 * <p>The key comes from the file named by {@value AppConfig#REVIEW_SIGNING_KEY_FILE}, a properties file with
 * {@value #KEY_PROPERTY} (base64, at least {@value #MIN_KEY_BYTES} bytes), which {@code deploy/generate-secrets.sh}
 * writes. Every review instance of one installation needs the same key; without one the review app does not start.
 */
public final class DecisionSigner {

    /** The property of the key file that holds the key, base64. */
    public static final String KEY_PROPERTY = "review.signing.key";
    /** Fewest bytes of key: as long as the HMAC's output. */
    static final int MIN_KEY_BYTES = 32;
    static final String PREFIX = "hmac-sha256:";
    private static final String ALGORITHM = "HmacSHA256";
    /** Names the encoding, so a signature over some other structure can never pass for a decision's. */
    private static final String TAG = "barriere.review-decision.v1";
    /** The same for a BIBOB officer's case step: a decision's signature never passes for a step's, nor back. */
    private static final String STEP_TAG = "barriere.bibob-case-step.v1";

    private final SecretKeySpec key;

    DecisionSigner(final byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("the review signing key has " + key.length + " bytes; it needs at least "
                    + MIN_KEY_BYTES);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /**
     * The signer of the key file {@code config} names. No file configured, or one without a usable key, is refused:
     * a review app that cannot sign would have every decision refused by its own gate.
     */
    public static DecisionSigner fromConfig(final AppConfig config) {
        final String file = config.get(AppConfig.REVIEW_SIGNING_KEY_FILE);
        if (file == null || file.isBlank()) {
            throw new IllegalArgumentException(AppConfig.REVIEW_SIGNING_KEY_FILE + " (or BARRIERE_REVIEW_SIGNING_KEY_FILE)"
                    + " is not set: the review app signs every decision with the key in that file (" + KEY_PROPERTY
                    + "=base64 of at least " + MIN_KEY_BYTES + " random bytes; deploy/generate-secrets.sh writes one)");
        }
        return fromFile(Path.of(file));
    }

    static DecisionSigner fromFile(final Path file) {
        final Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the review signing key file " + file, e);
        }
        final String encoded = properties.getProperty(KEY_PROPERTY);
        if (encoded == null || encoded.isBlank()) {
            throw new IllegalArgumentException("the review signing key file " + file + " has no " + KEY_PROPERTY);
        }
        try {
            return new DecisionSigner(Base64.getDecoder().decode(encoded.strip()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the review signing key file " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a key file with a fresh random key, readable by its owner only. For the demo, which starts with
     * nothing configured; an installation gets its key from {@code deploy/generate-secrets.sh}.
     */
    public static Path writeNewKeyFile(final Path file) {
        final byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            Files.writeString(file, KEY_PROPERTY + "=" + Base64.getEncoder().encodeToString(key) + "\n",
                    StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException notPosix) {
                // a file system without POSIX permissions keeps its own defaults
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the review signing key file " + file, e);
        }
        return file;
    }

    /**
     * A signer with a throwaway random key, for building the review topology only to describe it (the data
     * inventory, the golden file): what it signs or verifies is never used.
     */
    public static DecisionSigner forDescription() {
        final byte[] key = new byte[MIN_KEY_BYTES];
        new SecureRandom().nextBytes(key);
        return new DecisionSigner(key);
    }

    /** Role ids as a decision carries them: sorted, so one set of roles has one encoding. */
    static List<String> roleIds(final Collection<Role> roles) {
        return roles.stream().map(Role::id).sorted().distinct().toList();
    }

    /** {@code decision} with its signature set, over the fields as they are (roles included). */
    ReviewDecision sign(final ReviewDecision decision) {
        return ReviewDecision.newBuilder(decision).setSignature(signatureOf(decision)).build();
    }

    /** Whether {@code decision} carries the signature this key gives its fields; compared in constant time. */
    boolean verifies(final ReviewDecision decision) {
        final String signature = decision.getSignature();
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(signatureOf(decision).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.UTF_8));
    }

    /** {@code step} with its signature set, over the fields as they are (roles included). */
    BibobCaseStep sign(final BibobCaseStep step) {
        return BibobCaseStep.newBuilder(step).setSignature(hmac(canonical(step))).build();
    }

    /** Whether {@code step} carries the signature this key gives its fields; compared in constant time. */
    boolean verifies(final BibobCaseStep step) {
        final String signature = step.getSignature();
        if (signature == null) {
            return false;
        }
        return MessageDigest.isEqual(hmac(canonical(step)).getBytes(StandardCharsets.US_ASCII),
                signature.getBytes(StandardCharsets.UTF_8));
    }

    private String signatureOf(final ReviewDecision decision) {
        return hmac(canonical(decision));
    }

    private String hmac(final byte[] canonical) {
        try {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return PREFIX + HexFormat.of().formatHex(mac.doFinal(canonical));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available in this JVM", e);
        }
    }

    /**
     * The bytes of a case step that are signed, as {@link #canonical(ReviewDecision)} encodes a decision: the step
     * tag, stepId, applicationId, signalId, bibobOfficer, the roles (count, then each), the step's symbol, the note, the
     * outcome's symbol (empty when there is none) and {@code at} (spelled out in the doc of
     * {@code BibobCaseStep.avsc}).
     */
    static byte[] canonical(final BibobCaseStep step) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        string(out, STEP_TAG);
        string(out, step.getStepId());
        string(out, step.getApplicationId());
        string(out, step.getSignalId());
        string(out, step.getBibobOfficer());
        final List<String> roles = step.getRoles() == null ? List.of() : step.getRoles();
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(roles.size()).array());
        roles.forEach(role -> string(out, role));
        string(out, step.getStep() == null ? "" : step.getStep().name());
        string(out, step.getNote());
        string(out, step.getOutcome() == null ? "" : step.getOutcome().name());
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(step.getAt().toEpochMilli()).array());
        return out.toByteArray();
    }

    /**
     * The bytes that are signed: the tag, decisionId, signalId, reviewer, the number of roles and each role, the
     * action's symbol, the rationale (each string as a 4-byte big-endian length and its UTF-8 bytes) and decidedAt
     * as 8-byte big-endian epoch milliseconds.
     */
    static byte[] canonical(final ReviewDecision decision) {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        string(out, TAG);
        string(out, decision.getDecisionId());
        string(out, decision.getSignalId());
        string(out, decision.getReviewer());
        final List<String> roles = decision.getRoles() == null ? List.of() : decision.getRoles();
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(roles.size()).array());
        roles.forEach(role -> string(out, role));
        string(out, decision.getAction() == null ? "" : decision.getAction().name());
        string(out, decision.getRationale());
        out.writeBytes(ByteBuffer.allocate(Long.BYTES).putLong(decision.getDecidedAt().toEpochMilli()).array());
        return out.toByteArray();
    }

    private static void string(final ByteArrayOutputStream out, final String value) {
        final byte[] bytes = (value == null ? "" : value).getBytes(StandardCharsets.UTF_8);
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        out.writeBytes(bytes);
    }
}
