package dev.stratum.testkit.migration;

import dev.stratum.api.Store;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationVersion;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A {@link MigrationTarget} that forwards every call to another one: extend it and override only the calls a
 * test wants to observe or break (a refused renewal, a recorded lease, a killed heartbeat).
 *
 * <pre>{@code
 * class RefusingTarget extends ForwardingMigrationTarget {
 *     volatile boolean refuse;
 *     RefusingTarget(MigrationTarget delegate) { super(delegate); }
 *     @Override public Optional<Lease> renew(Lease lease, Duration leaseTime) {
 *         return refuse ? Optional.empty() : super.renew(lease, leaseTime);
 *     }
 * }
 * }</pre>
 */
public abstract class ForwardingMigrationTarget implements MigrationTarget {
    private final MigrationTarget delegate;

    /** @param delegate the target every call goes to unless a subclass overrides it */
    protected ForwardingMigrationTarget(MigrationTarget delegate) {
        this.delegate = delegate;
    }

    /** The target calls are forwarded to. */
    protected final MigrationTarget delegate() {
        return delegate;
    }

    @Override
    public Store store() {
        return delegate.store();
    }

    @Override
    public List<MigrationRecord> history() {
        return delegate.history();
    }

    @Override
    public void writeRecord(Lease lease, MigrationRecord record) {
        delegate.writeRecord(lease, record);
    }

    @Override
    public void deleteRecord(Lease lease, MigrationVersion version) {
        delegate.deleteRecord(lease, version);
    }

    @Override
    public Optional<Lease> tryAcquire(String owner, Duration leaseTime) {
        return delegate.tryAcquire(owner, leaseTime);
    }

    @Override
    public Optional<Lease> renew(Lease lease, Duration leaseTime) {
        return delegate.renew(lease, leaseTime);
    }

    @Override
    public void release(Lease lease) {
        delegate.release(lease);
    }

    @Override
    public Optional<Lease> currentLease() {
        return delegate.currentLease();
    }
}
