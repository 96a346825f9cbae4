package nl.barriere.serde;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Lets Avro instantiate our generated classes without a {@code -D} flag on every command line.
 *
 * <p>Since 1.12 Avro resolves the class of every record, enum and fixed through
 * {@link ClassSecurityValidator}, which only trusts the packages named in the system property
 * {@value #PROPERTY}. Avro reads that property once, when the validator class initialises, so
 * setting it is only effective if it happens before any Avro code runs; in a long-lived JVM (a test
 * run, an application that touched Avro first) that moment has usually passed. Hence both: the
 * property is extended for the early case and for Avro's other readers of it
 * ({@code SpecificDatumReader}'s {@code java-class} check), and the global validator is widened
 * through Avro's public API, which works at any time. Trust is only ever added, never replaced.
 */
public final class AvroTrust {

    static final String PROPERTY = "org.apache.avro.SERIALIZABLE_PACKAGES";
    /** The namespace of the contract schemas; sub-packages are included. */
    static final String TRUSTED_PACKAGE = "nl.barriere.schema";

    private static boolean installed;

    private AvroTrust() {
    }

    /** Idempotent and cheap after the first call. */
    public static synchronized void ensureInstalled() {
        if (installed) {
            return;
        }
        System.setProperty(PROPERTY, withPackage(System.getProperty(PROPERTY), TRUSTED_PACKAGE));
        final ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
        ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(current, AvroTrust::isOurs));
        installed = true;
    }

    static boolean isOurs(final Class<?> type) {
        return type.getName().startsWith(TRUSTED_PACKAGE + ".");
    }

    /** Appends {@code pkg} to a comma-separated package list unless it is already there. */
    static String withPackage(final String existing, final String pkg) {
        if (existing == null || existing.isBlank()) {
            return pkg;
        }
        for (final String entry : existing.split(",")) {
            if (entry.trim().equals(pkg)) {
                return existing;
            }
        }
        return existing + "," + pkg;
    }
}
