package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationTarget;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds an acquired lease for the length of one run: renews it from a daemon heartbeat thread every
 * {@code heartbeatInterval}, notices when it is lost, and releases it on {@link #close()}.
 *
 * <p>The lease is lost when a renewal is refused (another runner took it over, or it was released)
 * or when renewals keep failing until the lease's expiry. From then on {@link #lease()} and
 * {@link #checkLease()} throw {@link LeaseLostException}; the store's fencing refuses this runner's
 * writes in any case.
 */
public final class LeaseKeeper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LeaseKeeper.class);

    private final MigrationTarget target;
    private final EngineSettings settings;
    private final Clock clock;
    private final AtomicReference<Lease> lease;
    private final ScheduledExecutorService heartbeat;
    private volatile @Nullable String lostReason;

    private LeaseKeeper(EngineSettings settings, Lease lease) {
        this.target = settings.target();
        this.settings = settings;
        this.clock = settings.clock();
        this.lease = new AtomicReference<>(lease);
        this.heartbeat = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stratum-migrations-heartbeat-" + settings.owner());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the heartbeat of a freshly acquired lease. */
    static LeaseKeeper start(EngineSettings settings, Lease lease) {
        LeaseKeeper keeper = new LeaseKeeper(settings, lease);
        long every = settings.heartbeatInterval().toMillis();
        // renew() catches what it can throw; the future is cancelled by shutting the executor down
        ScheduledFuture<?> unused = keeper.heartbeat.scheduleWithFixedDelay(keeper::renew, every, every, TimeUnit.MILLISECONDS);
        return keeper;
    }

    /** The current lease, to fence history writes with. */
    public Lease lease() {
        checkLost();
        return held();
    }

    /**
     * Throws {@link LeaseLostException} if the lease is known to be lost, or if it is past its expiry
     * and the store no longer shows it as current.
     */
    public void checkLease() {
        checkLost();
        Lease current = held();
        if (clock.instant().isAfter(current.expiresAt())) {
            // the heartbeat may be late; only the store knows whether someone else took over
            Optional<Lease> onStore = target.currentLease();
            if (onStore.isEmpty() || !sameLease(onStore.get(), current)) {
                markLost("the lease expired at " + current.expiresAt() + " and is now held by " + LockProtocol.describe(onStore.orElse(null)));
                checkLost();
            }
        }
    }

    /** Whether the lease was lost. */
    public boolean isLost() {
        return lostReason != null;
    }

    private void checkLost() {
        String reason = lostReason;
        if (reason != null) {
            throw new LeaseLostException("migration lock of store '" + settings.storeName() + "' lost by '" + settings.owner() + "': " + reason);
        }
    }

    private void renew() {
        Lease current = held();
        try {
            Optional<Lease> renewed = target.renew(current, settings.leaseTime());
            if (renewed.isPresent()) {
                lease.set(renewed.get());
                log.trace("{}: lease {} renewed until {}", settings.storeName(), current.token(), renewed.get().expiresAt());
            } else {
                markLost("renewal refused: the lease was taken over or released");
            }
        } catch (RuntimeException e) {
            if (clock.instant().isAfter(current.expiresAt())) {
                markLost("could not renew it before it expired at " + current.expiresAt() + ": " + e);
            } else {
                log.warn("{}: could not renew the migration lease (token {}), will retry before it expires at {}: {}",
                        settings.storeName(), current.token(), current.expiresAt(), e.toString());
            }
        }
    }

    private void markLost(String reason) {
        if (lostReason == null) {
            lostReason = reason;
            log.warn("{}: migration lock lost by '{}': {}", settings.storeName(), settings.owner(), reason);
            try {
                MigrationTracing.leaseLost(settings.openTelemetry(), settings.storeName());
            } catch (RuntimeException e) {
                log.debug("could not record the lost lease as a metric", e);
            }
        }
        heartbeat.shutdown();
    }

    /** The lease: the reference is set at construction and only ever replaced by a renewed lease, never cleared. */
    private Lease held() {
        return Objects.requireNonNull(lease.get(), "lease");
    }

    private static boolean sameLease(Lease a, Lease b) {
        return a.owner().equals(b.owner()) && a.token() == b.token();
    }

    /** Stops the heartbeat and releases the lease if it is still held. Never throws. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            // a renewal in flight must not race the release
            heartbeat.awaitTermination(settings.leaseTime().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        // also after a loss: release is a no-op for a stale lease, and frees one that merely expired
        try {
            target.release(held());
            log.debug("{}: migration lock released by {}", settings.storeName(), settings.owner());
        } catch (RuntimeException e) {
            log.warn("{}: could not release the migration lock (it expires by itself at {}): {}", settings.storeName(),
                    held().expiresAt(), e.toString());
        }
    }
}
