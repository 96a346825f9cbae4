package nl.barriere.connect.http;

import org.apache.kafka.connect.errors.DataException;

/**
 * The register answered, but not with what its interface promises: a body that is not JSON, a field missing or of
 * the wrong kind, a 4xx other than 404. The connector refuses that one item (a refused record with this message)
 * and goes on with the next; asking again would give the same answer.
 */
public final class MalformedResponseException extends DataException {

    public MalformedResponseException(final String message) {
        super(message);
    }
}
