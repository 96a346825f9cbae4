package nl.barriere.contract;

/** A logged-in person: the id that goes into decisions and the access log, and the role they act in. */
public record User(String name, Role role) {
}
