package nl.barriere.serde;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.Schema;
import org.apache.avro.SchemaParseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's answers kept on disk, so that a client started while the registry is down still knows the ids it
 * (or an earlier run, or another serde of the same application) already learned.
 *
 * <p>The cache is only read when the registry gives no answer: while it answers, it stays the truth. That matters
 * because an id means something only in the registry that issued it; a registry rebuilt from nothing reissues
 * ids, and a cache that was read first would then decode with the wrong schema. One directory per registry URL
 * keeps two registries apart. Each answer is one small file, written to a temporary name and moved into place, so
 * several processes can share the directory and a crash never leaves half a file. A cache that cannot be written
 * is logged once and otherwise ignored: it is an aid, never a reason to fail a record.
 *
 * <pre>
 * DIR/&lt;sha-256 of the URL, 16 hex&gt;/url                       the registry URL, for a reader
 * DIR/&lt;...&gt;/ids/&lt;id&gt;.avsc                                     the schema with that id
 * DIR/&lt;...&gt;/subjects/&lt;sha-256 of subject and schema&gt;.id        the id of that schema in that subject
 * </pre>
 */
final class SchemaCache {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaCache.class);

    private final Path dir;
    private final AtomicBoolean writeFailureLogged = new AtomicBoolean();

    SchemaCache(final Path root, final String url) {
        this.dir = root.resolve(sha256(url).substring(0, 16));
        if (!Files.exists(dir.resolve("url"))) {
            write(dir.resolve("url"), url);
        }
    }

    Optional<Schema> schema(final int id) {
        return read(dir.resolve("ids").resolve(id + ".avsc")).flatMap(text -> {
            try {
                return Optional.of(new Schema.Parser().parse(text));
            } catch (final SchemaParseException e) {
                LOG.warn("ignoring the cached schema with id {} in {}: {}", id, dir, e.getMessage());
                return Optional.empty();
            }
        });
    }

    void putSchema(final int id, final Schema schema) {
        final Path file = dir.resolve("ids").resolve(id + ".avsc");
        if (!Files.exists(file)) {
            write(file, schema.toString());
        }
    }

    Optional<Integer> id(final String subject, final Schema schema) {
        return read(subjectFile(subject, schema)).flatMap(text -> {
            try {
                return Optional.of(Integer.parseInt(text.strip()));
            } catch (final NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    void putId(final String subject, final Schema schema, final int id) {
        final Path file = subjectFile(subject, schema);
        if (!Files.exists(file)) {
            write(file, Integer.toString(id));
        }
        putSchema(id, schema);
    }

    private Path subjectFile(final String subject, final Schema schema) {
        return dir.resolve("subjects").resolve(sha256(subject + "\n" + schema) + ".id");
    }

    private Optional<String> read(final Path file) {
        try {
            return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
        } catch (final NoSuchFileException e) {
            return Optional.empty();
        } catch (final IOException e) {
            LOG.warn("cannot read the schema cache file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    private void write(final Path file, final String text) {
        try {
            Files.createDirectories(file.getParent());
            final Path temporary = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            Files.writeString(temporary, text, StandardCharsets.UTF_8);
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (final AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (final IOException e) {
            if (writeFailureLogged.compareAndSet(false, true)) {
                LOG.warn("cannot write the schema cache under {} ({}); the registry's answers are kept in memory only",
                        dir, e.toString());
            }
        }
    }

    private static String sha256(final String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (final NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }
}
