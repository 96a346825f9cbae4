package nl.barriere.devkit.generator;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * Realistic-looking, never real identifiers. Background and planted cases draw from disjoint ranges, so a
 * planted case never shares a KvK number, establishment, BAG object or person with the background:
 *
 * <ul>
 *   <li>KvK number, 8 digits: background {@code 10000000 + n}, planted {@code 90000000 + n};
 *   <li>establishment number, 12 digits: background {@code 000020000000 + n}, planted {@code 000090000000 + n};
 *   <li>BAG verblijfsobject id, 16 digits: municipality code + {@code 01} + a 10-digit sequence, background
 *       sequences from {@code 0000010000}, planted from {@code 9000000000};
 *   <li>person pseudonym: {@code p-} + SHA-256 (hex) of the seed, a namespace and an index.
 * </ul>
 */
final class Identifiers {

    static final long BACKGROUND_KVK = 10_000_000L;
    static final long PLANTED_KVK = 90_000_000L;
    static final long BACKGROUND_ESTABLISHMENT = 20_000_000L;
    static final long PLANTED_ESTABLISHMENT = 90_000_000L;
    static final long BACKGROUND_BAG_SEQUENCE = 10_000L;
    static final long PLANTED_BAG_SEQUENCE = 9_000_000_000L;

    private static final char[] HEX = "0123456789abcdef".toCharArray();
    private static final String LETTERS = "ABCDEGHJKLMNPRSTVWXZ";

    private final long seed;
    private final List<String> municipalityCodes;
    private final MessageDigest sha256;

    Identifiers(final long seed, final List<String> municipalityCodes) {
        this.seed = seed;
        this.municipalityCodes = municipalityCodes;
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every JDK", e);
        }
    }

    static String kvk(final long base, final long n) {
        return zeroPadded(base + n, 8);
    }

    static String establishment(final long base, final long n) {
        return zeroPadded(base + n, 12);
    }

    /** Background BAG object {@code index}, spread round-robin over the profile's municipalities. */
    String backgroundBag(final int index) {
        final int municipalities = municipalityCodes.size();
        return bag(municipalityCodes.get(index % municipalities), BACKGROUND_BAG_SEQUENCE + index / municipalities);
    }

    String plantedBag(final int n) {
        return bag(municipalityCodes.get(n % municipalityCodes.size()), PLANTED_BAG_SEQUENCE + n);
    }

    static String bag(final String municipalityCode, final long sequence) {
        return municipalityCode + "01" + zeroPadded(sequence, 10);
    }

    String backgroundPerson(final long index) {
        return pseudonym("person", index);
    }

    String plantedPerson(final long index) {
        return pseudonym("planted", index);
    }

    /** Display-only postcode, four digits and two letters, derived from the object. */
    static String postcode(final String bagVboId) {
        final long sequence = Long.parseLong(bagVboId.substring(6));
        final int digits = 2311 + (int) (sequence * 7 % 25);
        final int letters = (int) (sequence * 13 % (LETTERS.length() * LETTERS.length()));
        return digits + "" + LETTERS.charAt(letters / LETTERS.length()) + LETTERS.charAt(letters % LETTERS.length());
    }

    static String houseNumber(final String bagVboId) {
        final long sequence = Long.parseLong(bagVboId.substring(6));
        return Long.toString(1 + sequence % 180);
    }

    /** Cadastral designation: cadastral municipality, section and parcel, e.g. {@code LDN01 K 4521}. */
    static String cadastralParcel(final String bagVboId) {
        final long sequence = Long.parseLong(bagVboId.substring(6));
        final char section = (char) ('A' + sequence % 20);
        return "C" + bagVboId.substring(0, 4) + " " + section + " " + (1000 + sequence % 9000);
    }

    private String pseudonym(final String namespace, final long index) {
        sha256.reset();
        sha256.update((seed + ":" + namespace + ":" + index).getBytes(StandardCharsets.US_ASCII));
        final byte[] digest = sha256.digest();
        final char[] text = new char[2 + digest.length * 2];
        text[0] = 'p';
        text[1] = '-';
        for (int i = 0; i < digest.length; i++) {
            text[2 + 2 * i] = HEX[(digest[i] >> 4) & 0xf];
            text[3 + 2 * i] = HEX[digest[i] & 0xf];
        }
        return new String(text);
    }

    static String zeroPadded(final long value, final int width) {
        final String digits = Long.toString(value);
        if (digits.length() > width) {
            throw new IllegalStateException(value + " does not fit in " + width + " digits");
        }
        return "0".repeat(width - digits.length()) + digits;
    }
}
