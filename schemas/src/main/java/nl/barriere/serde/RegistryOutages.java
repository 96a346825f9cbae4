package nl.barriere.serde;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What this JVM knows about each registry's outage: since when it gives no answer, and since when a caller has
 * been waiting for it. An application has one registry client per serde, all against the same URL, so the state
 * is kept per URL and not per client: the log then says "unreachable" once per interval for the whole process,
 * not once per attempt of every serde, and the health endpoint can ask whether anything is stalled.
 */
public final class RegistryOutages {

    /** How often an ongoing outage is logged again. */
    static final Duration LOG_INTERVAL = Duration.ofSeconds(10);

    private static final Logger LOG = LoggerFactory.getLogger(RegistryOutages.class);
    private static final Map<String, Outage> OUTAGES = new ConcurrentHashMap<>();

    private RegistryOutages() {
    }

    /**
     * Since when a record has been waiting for the registry at {@code urls} (as configured, e.g.
     * {@code schema.registry.url}); empty when nothing waits.
     */
    public static Optional<Instant> stalledSince(final String urls) {
        final Outage outage = OUTAGES.get(SchemaRegistryClient.normalized(urls));
        return outage == null ? Optional.empty() : outage.stalledSince();
    }

    /** Notes a failed attempt; returns since when the registry has been failing. */
    static Instant failed(final String url, final String reason, final Instant now) {
        final Outage outage = OUTAGES.computeIfAbsent(url, u -> new Outage(now));
        return outage.failed(url, reason, now);
    }

    static void recovered(final String url, final Instant now) {
        final Outage outage = OUTAGES.remove(url);
        if (outage != null) {
            LOG.info("schema registry at {} answers again, after {} s without an answer; {} attempts failed",
                    url, Duration.between(outage.since, now).toSeconds(), outage.attempts);
        }
    }

    static void waiting(final String url, final Instant now) {
        OUTAGES.computeIfAbsent(url, u -> new Outage(now)).waiting(now);
    }

    static void doneWaiting(final String url) {
        final Outage outage = OUTAGES.get(url);
        if (outage != null) {
            outage.doneWaiting();
        }
    }

    /** Forgets everything; for tests that start registries on ports an earlier test used. */
    static void clear() {
        OUTAGES.clear();
    }

    private static final class Outage {
        private final Instant since;
        private long attempts;
        private Instant lastLogged;
        private int waiters;
        private Instant waitingSince;

        Outage(final Instant since) {
            this.since = since;
        }

        synchronized Instant failed(final String url, final String reason, final Instant now) {
            attempts++;
            if (lastLogged == null) {
                LOG.warn("schema registry at {} gives no answer ({}); a record whose schema is not cached waits for "
                        + "it and is not dead-lettered", url, reason);
                lastLogged = now;
            } else if (!now.isBefore(lastLogged.plus(LOG_INTERVAL))) {
                LOG.warn("schema registry at {} has given no answer since {} ({} attempts so far): {}",
                        url, since, attempts, reason);
                lastLogged = now;
            }
            return since;
        }

        synchronized void waiting(final Instant now) {
            if (waiters++ == 0) {
                waitingSince = now;
            }
        }

        synchronized void doneWaiting() {
            if (waiters > 0 && --waiters == 0) {
                waitingSince = null;
            }
        }

        synchronized Optional<Instant> stalledSince() {
            return Optional.ofNullable(waitingSince);
        }
    }
}
