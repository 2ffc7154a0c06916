package dev.stratum.testkit.memory;

import dev.stratum.api.Store;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationVersion;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Migration history and lease lock of the {@link InMemoryStore}; every primitive is atomic under one
 * monitor, which is what a real store achieves with a single-document or Lua operation.
 */
final class InMemoryMigrationTarget implements MigrationTarget {
    private final InMemoryStore store;
    private final Clock clock;
    private final TreeMap<MigrationVersion, MigrationRecord> history = new TreeMap<>();
    private @Nullable Lease lease;
    private long lastToken;

    InMemoryMigrationTarget(InMemoryStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public synchronized List<MigrationRecord> history() {
        return List.copyOf(history.values());
    }

    @Override
    public synchronized void writeRecord(Lease lease, MigrationRecord record) {
        checkCurrent(lease, "write the history of " + record.version());
        history.put(record.version(), record);
    }

    @Override
    public synchronized void deleteRecord(Lease lease, MigrationVersion version) {
        checkCurrent(lease, "delete the history of " + version);
        history.remove(version);
    }

    private void checkCurrent(Lease lease, String action) {
        if (this.lease == null || this.lease.token() != lease.token() || !this.lease.owner().equals(lease.owner())) {
            throw new LeaseLostException("owner '" + lease.owner() + "' (token " + lease.token() + ") cannot " + action
                    + ": the migration lock is now " + describe(this.lease));
        }
    }

    @Override
    public synchronized Optional<Lease> tryAcquire(String owner, Duration leaseTime) {
        Instant now = now();
        if (lease != null && lease.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        lease = new Lease(owner, ++lastToken, now.plus(leaseTime));
        return Optional.of(lease);
    }

    @Override
    public synchronized Optional<Lease> renew(Lease held, Duration leaseTime) {
        if (lease == null || lease.token() != held.token() || !lease.owner().equals(held.owner())) {
            return Optional.empty();
        }
        lease = new Lease(held.owner(), held.token(), now().plus(leaseTime));
        return Optional.of(lease);
    }

    @Override
    public synchronized void release(Lease held) {
        if (lease != null && lease.token() == held.token() && lease.owner().equals(held.owner())) {
            lease = null;
        }
    }

    @Override
    public synchronized Optional<Lease> currentLease() {
        return Optional.ofNullable(lease);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static String describe(@Nullable Lease l) {
        return l == null ? "free" : "held by '" + l.owner() + "' (token " + l.token() + ", expires " + l.expiresAt() + ")";
    }
}
