package nl.barriere.web;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Failed logins slow the next ones down, per user name and per address: after {@link Limit#freeFailures} failures
 * in a row the name (or address) is locked for {@link Limit#firstLock}, and every further failure doubles the lock up
 * to {@link Limit#maxLock}. While locked, every attempt is refused before the password is checked, a correct one too,
 * so guessing gets nowhere and costs no hashing. Unknown names are counted and locked like known ones, so a lock
 * says nothing about whether a user exists. A successful login clears its name's count; a count is forgotten
 * {@link #FORGET_AFTER} after its last failure.
 *
 * <p>The address limit is higher: behind a reverse proxy every user comes from the proxy's address. Each table holds
 * at most {@link #MAX_ENTRIES} names or addresses; when full, the one quiet longest is dropped, so a flood of made-up
 * names costs bounded memory.
 */
final class LoginThrottle {

    /** When locking starts and how long a lock grows. */
    record Limit(int freeFailures, Duration firstLock, Duration maxLock) {
    }

    static final Limit PER_USER = new Limit(5, Duration.ofSeconds(30), Duration.ofMinutes(15));
    static final Limit PER_ADDRESS = new Limit(20, Duration.ofSeconds(30), Duration.ofMinutes(15));
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    static final int MAX_ENTRIES = 10_000;

    private record Failures(int count, Instant lockedUntil, Instant last) {
    }

    private final Clock clock;
    private final Map<String, Failures> byUser = new LinkedHashMap<>();
    private final Map<String, Failures> byAddress = new LinkedHashMap<>();

    LoginThrottle(final Clock clock) {
        this.clock = clock;
    }

    /** How long the name or the address is still locked, if either is. */
    synchronized Optional<Duration> locked(final String user, final String address) {
        final Instant now = clock.instant();
        final Instant until = max(lockedUntil(byUser, user, now), lockedUntil(byAddress, address, now));
        return until.isAfter(now) ? Optional.of(Duration.between(now, until)) : Optional.empty();
    }

    synchronized void failed(final String user, final String address) {
        final Instant now = clock.instant();
        count(byUser, user, PER_USER, now);
        count(byAddress, address, PER_ADDRESS, now);
    }

    synchronized void succeeded(final String user) {
        byUser.remove(user);
    }

    private static Instant lockedUntil(final Map<String, Failures> table, final String key, final Instant now) {
        final Failures failures = table.get(key);
        if (failures == null) {
            return Instant.MIN;
        }
        if (failures.last().plus(FORGET_AFTER).isBefore(now)) {
            table.remove(key);
            return Instant.MIN;
        }
        return failures.lockedUntil();
    }

    private static void count(final Map<String, Failures> table, final String key, final Limit limit,
                              final Instant now) {
        final Failures before = table.remove(key);
        final int count = before == null || before.last().plus(FORGET_AFTER).isBefore(now) ? 1 : before.count() + 1;
        Instant lockedUntil = Instant.MIN;
        if (count >= limit.freeFailures()) {
            final int doublings = Math.min(count - limit.freeFailures(), 20);
            final Duration lock = limit.firstLock().multipliedBy(1L << doublings);
            lockedUntil = now.plus(lock.compareTo(limit.maxLock()) > 0 ? limit.maxLock() : lock);
        }
        // Re-inserted at the end: the table's order is by last failure, the first entry the one quiet longest.
        table.put(key, new Failures(count, lockedUntil, now));
        final Iterator<Map.Entry<String, Failures>> oldest = table.entrySet().iterator();
        while (table.size() > MAX_ENTRIES && oldest.hasNext()) {
            oldest.next();
            oldest.remove();
        }
    }

    private static Instant max(final Instant a, final Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
