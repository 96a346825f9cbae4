package nl.barriere.connect.kvk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The last profile of each registration that reached Kafka: one file per KvK number, AES-GCM encrypted, because it
 * holds officer identifiers. A file is written only once every record of its signal was acknowledged by Kafka, so
 * what the store says and what the topic holds agree after a crash; it is replaced atomically (write, then move).
 */
final class ProfileStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final SecretKeySpec key;

    ProfileStore(final Path dir, final String secret) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
            final byte[] digest = MessageDigest.getInstance("SHA-256").digest(
                    ("kvk-profile-state:" + secret).getBytes(StandardCharsets.UTF_8));
            this.key = new SecretKeySpec(digest, "AES");
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    Optional<Profile> read(final String kvkNumber) {
        final Path file = dir.resolve(kvkNumber);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        try {
            final ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file));
            final byte[] iv = new byte[12];
            in.get(iv);
            final byte[] sealed = new byte[in.remaining()];
            in.get(sealed);
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(kvkNumber.getBytes(StandardCharsets.UTF_8));
            return Optional.of(Profile.fromJson(new String(cipher.doFinal(sealed), StandardCharsets.UTF_8)));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException("the state of " + kvkNumber + " cannot be decrypted with "
                    + KvkMutationConfig.STATE_KEY, e);
        }
    }

    void write(final Profile profile) {
        try {
            final byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            final Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, iv));
            cipher.updateAAD(profile.kvkNumber().getBytes(StandardCharsets.UTF_8));
            final byte[] sealed = cipher.doFinal(profile.toJson().getBytes(StandardCharsets.UTF_8));
            final Path temporary = Files.createTempFile(dir, profile.kvkNumber(), ".tmp");
            Files.write(temporary, ByteBuffer.allocate(iv.length + sealed.length).put(iv).put(sealed).array());
            Files.move(temporary, dir.resolve(profile.kvkNumber()), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        } catch (final GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
