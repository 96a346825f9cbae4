package nl.barriere.review;

/**
 * The review stores cannot be read at this moment: the application starts, or its instances rebalance and a store
 * moves between them. It passes in seconds; the web UI answers 503 with a page that says so and reloads itself,
 * never an empty queue that would read as "nothing to review".
 */
public final class ReviewUnavailableException extends IllegalStateException {

    public ReviewUnavailableException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
