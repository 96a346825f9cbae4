package nl.barriere.pseudonym;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pseudonym schemes: one key, and person keys with erasure by deleting one key (crypto-shredding). */
class PseudonymsTest {

    private static final byte[] KEY = "unit-test-key-0123456789abcdef0123456789".getBytes(StandardCharsets.UTF_8);

    @Test
    void withOneKeyThePseudonymIsTheKeyedHmacOfTheIdentifierAndCannotBeErased() throws Exception {
        final Pseudonyms pseudonyms = Pseudonyms.withKey(KEY);

        assertThat(pseudonyms.of(" 123456782 ")).isEqualTo(hmac("123456782")).matches(Pseudonyms.PSEUDONYM);
        assertThat(pseudonyms.existing("123456782")).contains(hmac("123456782"));
        assertThatThrownBy(() -> pseudonyms.erase("123456782")).hasMessageContaining("cannot be erased");
        assertThatThrownBy(() -> Pseudonyms.withKey("short".getBytes(StandardCharsets.UTF_8)))
                .hasMessage("the HMAC key must be at least 32 bytes, was 5 (the key itself is not shown)");
    }

    @Test
    void withPersonKeysAnErasedPersonsPseudonymCanNeverBeComputedAgain(@TempDir final Path keys) throws Exception {
        // Given the person-key scheme in one process, and a second one on the same directory (another worker)
        final Pseudonyms worker = Pseudonyms.withPersonKeys(KEY, keys);
        final Pseudonyms other = Pseudonyms.withPersonKeys(KEY, keys);

        // When a person is looked for before they were ever seen, then seen twice
        assertThat(worker.existing("123456782")).isEmpty();
        assertThat(keys).isEmptyDirectory();
        final String first = worker.of("123456782");

        // Then one key file is made, both workers give the same pseudonym, and it is not the one-key pseudonym
        assertThat(Files.list(keys)).hasSize(1);
        assertThat(other.of("123456782")).isEqualTo(first).matches(Pseudonyms.PSEUDONYM).isNotEqualTo(hmac("123456782"));
        assertThat(worker.of("999999990")).isNotEqualTo(first);

        // When the person is erased
        assertThat(other.erase("123456782")).isTrue();

        // Then nobody finds them, a second erasure has nothing to do, and their next record gets a new pseudonym
        assertThat(worker.existing("123456782")).isEmpty();
        assertThat(worker.erase("123456782")).isFalse();
        final String after = worker.of("123456782");
        assertThat(after).isNotEqualTo(first);
        assertThat(other.existing("123456782")).contains(after);
        // And the other person is untouched
        assertThat(other.existing("999999990")).contains(worker.of("999999990"));
    }

    @Test
    void writersRacingForANewPersonAgreeOnOneKey(@TempDir final Path keys) throws Exception {
        final ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            final List<Callable<String>> calls = IntStream.range(0, 8)
                    .<Callable<String>>mapToObj(i -> () -> Pseudonyms.withPersonKeys(KEY, keys).of("123456782")).toList();
            final List<String> made = pool.invokeAll(calls).stream().map(PseudonymsTest::get).toList();
            assertThat(made).containsOnly(made.get(0));
            assertThat(Files.list(keys)).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String get(final Future<String> future) {
        try {
            return future.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static String hmac(final String raw) throws Exception {
        final Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY, "HmacSHA256"));
        return "p-" + HexFormat.of().formatHex(mac.doFinal(raw.getBytes(StandardCharsets.UTF_8)));
    }
}
