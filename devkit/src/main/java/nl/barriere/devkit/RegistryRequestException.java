package nl.barriere.devkit;

/**
 * A request the schema registry refuses, carried to the HTTP layer with the status and the
 * Confluent {@code error_code} that clients switch on (e.g. 40401 subject not found, 409 incompatible).
 */
final class RegistryRequestException extends RuntimeException {

    static final int SUBJECT_NOT_FOUND = 40401;
    static final int VERSION_NOT_FOUND = 40402;
    static final int SCHEMA_NOT_FOUND = 40403;
    static final int INCOMPATIBLE_SCHEMA = 409;
    static final int INVALID_SCHEMA = 42201;
    static final int INVALID_VERSION = 42202;
    static final int INVALID_COMPATIBILITY_LEVEL = 42203;
    static final int SUBJECT_COMPATIBILITY_NOT_CONFIGURED = 40408;

    private final int httpStatus;
    private final int errorCode;

    RegistryRequestException(final int httpStatus, final int errorCode, final String message) {
        super(message);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    static RegistryRequestException subjectNotFound(final String subject) {
        return new RegistryRequestException(404, SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
    }

    static RegistryRequestException invalidSchema(final String why) {
        return new RegistryRequestException(422, INVALID_SCHEMA, "Invalid schema: " + why);
    }

    int httpStatus() {
        return httpStatus;
    }

    int errorCode() {
        return errorCode;
    }
}
