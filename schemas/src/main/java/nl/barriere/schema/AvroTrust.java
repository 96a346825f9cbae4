package nl.barriere.schema;

import org.apache.avro.util.ClassSecurityValidator;

/**
 * Avro 1.12 refuses to instantiate generated classes outside the packages it trusts (a guard against
 * deserialization gadgets). Barrière trusts exactly its own contract package, in code, so that no operator has
 * to remember a {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES} flag and no wider trust is granted.
 */
public final class AvroTrust {

  private static final String CONTRACT_PACKAGE = AvroTrust.class.getPackageName() + ".";
  private static boolean done;

  private AvroTrust() {}

  /** Adds the contract package to Avro's trusted classes; safe to call any number of times. */
  public static synchronized void trustContract() {
    if (!done) {
      final ClassSecurityValidator.ClassSecurityPredicate before = ClassSecurityValidator.getGlobal();
      ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
          before, type -> type.getName().startsWith(CONTRACT_PACKAGE)));
      done = true;
    }
  }
}
