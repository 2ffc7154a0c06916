package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.migrations.MigrationLockException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one lock protocol of every store, built on {@link MigrationTarget}'s atomic primitives:
 * poll {@code tryAcquire} (which also takes over an expired lease) until it succeeds or the wait
 * times out, then keep the lease alive with a {@link LeaseKeeper} heartbeat and release it at the
 * end. Fencing is the store's part: it refuses history writes carrying a stale token.
 */
public final class LockProtocol {
    private static final Logger log = LoggerFactory.getLogger(LockProtocol.class);

    private LockProtocol() {}

    /**
     * Acquires the lock and starts its heartbeat.
     *
     * @throws MigrationLockException if the lock was held by others for the whole {@code lockWaitTimeout},
     *     naming the holder and its expiry, or if the thread was interrupted
     */
    public static LeaseKeeper acquire(EngineSettings settings) {
        MigrationTarget target = settings.target();
        long start = System.nanoTime();
        long deadline = start + settings.lockWaitTimeout().toNanos();
        int attempts = 0;
        while (true) {
            attempts++;
            Optional<Lease> lease = target.tryAcquire(settings.owner(), settings.leaseTime());
            if (lease.isPresent()) {
                log.debug("{}: migration lock acquired by {} (token {}, expires {}) after {} attempt(s)", settings.storeName(),
                        lease.get().owner(), lease.get().token(), lease.get().expiresAt(), attempts);
                return LeaseKeeper.start(settings, lease.get());
            }
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                throw timeout(settings, null);
            }
            if (attempts == 1 && log.isDebugEnabled()) {
                log.debug("{}: waiting for the migration lock held by {}", settings.storeName(), describe(target.currentLease().orElse(null)));
            }
            // jitter keeps several waiting runners from polling in lockstep
            long poll = settings.pollInterval().toNanos();
            long sleep = Math.min(remaining, poll + ThreadLocalRandom.current().nextLong(Math.max(1, poll / 5)));
            try {
                TimeUnit.NANOSECONDS.sleep(sleep);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw timeout(settings, e);
            }
        }
    }

    private static MigrationLockException timeout(EngineSettings settings, @Nullable InterruptedException interrupted) {
        Lease holder;
        try {
            holder = settings.target().currentLease().orElse(null);
        } catch (RuntimeException e) {
            holder = null;
        }
        String what = interrupted != null ? "interrupted while waiting for the migration lock of store '" + settings.storeName() + "'"
                : "could not acquire the migration lock of store '" + settings.storeName() + "' within " + format(settings.lockWaitTimeout());
        String message = what + ": held by " + describe(holder)
                + ". A lease that is not renewed (its runner died) is taken over once it expires; if the holder is still migrating,"
                + " wait longer with lockWaitTimeout(...)";
        return new MigrationLockException(message, holder, interrupted);
    }

    /** The holder as named in messages. */
    static String describe(@Nullable Lease lease) {
        return lease == null ? "nobody (it was just released)"
                : "'" + lease.owner() + "' (fencing token " + lease.token() + ") until " + lease.expiresAt();
    }

    static String format(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }
}
