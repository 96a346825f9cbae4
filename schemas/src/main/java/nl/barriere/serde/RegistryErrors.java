package nl.barriere.serde;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many requests to a schema registry failed in this JVM, by kind, for the metrics endpoint. Kept here as plain
 * counters, not as meters, so that the serde module stays free of any metrics library: the application reads them
 * when it is scraped. Every failed request counts once, the health probe's too, also one that a retry then
 * answered; a kind that keeps rising while nothing is dead-lettered is a registry outage being waited out.
 */
public final class RegistryErrors {

    /** No answer at all: unreachable, connection dropped, timed out, interrupted. */
    public static final String UNREACHABLE = "unreachable";
    /** An answer that says "not now": HTTP 429 or 5xx; retried like no answer. */
    public static final String UNAVAILABLE = "unavailable";
    /** A definite refusal (HTTP 4xx, e.g. 40403 schema not found): not retried. */
    public static final String REFUSED = "refused";
    /** A 2xx answer Barrière cannot read (not JSON, or not the shape asked for). */
    public static final String BAD_ANSWER = "bad-answer";

    /** Every kind, so each can be shown at zero before its first failure. */
    public static final List<String> KINDS = List.of(UNREACHABLE, UNAVAILABLE, REFUSED, BAD_ANSWER);

    private static final Map<String, AtomicLong> COUNTS = new ConcurrentHashMap<>();

    private RegistryErrors() {
    }

    /** Failed requests of {@code kind} so far (one of {@link #KINDS}). */
    public static long count(final String kind) {
        final AtomicLong count = COUNTS.get(kind);
        return count == null ? 0 : count.get();
    }

    static void failed(final RegistryException failure) {
        COUNTS.computeIfAbsent(kindOf(failure), k -> new AtomicLong()).incrementAndGet();
    }

    static String kindOf(final RegistryException failure) {
        final int status = failure.status();
        if (status == RegistryException.NO_RESPONSE) {
            return UNREACHABLE;
        }
        if (status == 429 || status >= 500) {
            return UNAVAILABLE;
        }
        return status >= 200 && status < 300 ? BAD_ANSWER : REFUSED;
    }
}
