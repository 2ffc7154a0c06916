package dev.stratum.testkit.migration;

import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.MigrationTarget;
import java.time.Duration;
import java.util.Optional;

/**
 * A {@link MigrationTarget} that forwards to a real one until {@link #killHeartbeat()}: from then on
 * its lease renewals fail as if the runner's process had died (no heartbeat reaches the store), while
 * the runner's thread may still wake up later and try to write. Used to simulate a killed runner.
 */
public final class KillableTarget extends ForwardingMigrationTarget {
    private volatile boolean heartbeatKilled;
    private volatile Runnable onRefused = () -> {};

    public KillableTarget(MigrationTarget delegate) {
        super(delegate);
    }

    /** Makes every later {@link #renew} fail. */
    public void killHeartbeat() {
        heartbeatKilled = true;
    }

    /** Runs {@code hook} each time {@link #tryAcquire} is refused (the lock is held by another runner). */
    public KillableTarget whenRefused(Runnable hook) {
        this.onRefused = hook;
        return this;
    }

    @Override
    public Optional<Lease> tryAcquire(String owner, Duration leaseTime) {
        Optional<Lease> lease = super.tryAcquire(owner, leaseTime);
        if (lease.isEmpty()) {
            onRefused.run();
        }
        return lease;
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration leaseTime) {
        if (heartbeatKilled) {
            throw new StoreUnavailableException("simulated: the runner was killed, its heartbeat does not reach the store");
        }
        return super.renew(lease, leaseTime);
    }
}
