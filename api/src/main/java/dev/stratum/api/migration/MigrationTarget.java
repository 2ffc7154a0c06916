package dev.stratum.api.migration;

import dev.stratum.api.Store;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * What a store provides to the migration engine: a history and the atomic primitives of one lease
 * lock. The lock protocol itself (heartbeat, waiting, takeover) is defined once, in the engine; each
 * primitive here must be a single atomic operation on the store.
 *
 * <p>The compatibility kit {@code MigrationTargetCompatibilityKit} (testkit) checks every rule below.
 */
public interface MigrationTarget {

    /** The store this target belongs to. */
    Store store();

    /** The whole history, ordered by version. */
    List<MigrationRecord> history();

    /**
     * Inserts or replaces the record of {@code record.version()}, only while {@code lease} is still the
     * current lease (same owner and token, not taken over).
     *
     * @throws LeaseLostException if another runner acquired the lock since
     */
    void writeRecord(Lease lease, MigrationRecord record);

    /** Removes the record of {@code version} (undo, repair), under the same fencing rule as {@link #writeRecord}. */
    void deleteRecord(Lease lease, MigrationVersion version);

    /**
     * Acquires the lock if it is free or its lease has expired, atomically. The new lease's token is
     * greater than any token issued before on this store.
     *
     * @return the lease, or empty if another owner holds an unexpired lease
     */
    Optional<Lease> tryAcquire(String owner, Duration leaseTime);

    /**
     * Extends {@code lease} by {@code leaseTime} from now if it is still the current lease (same owner
     * and token), atomically.
     *
     * @return the extended lease, or empty if it was lost (expired and taken over, or released)
     */
    Optional<Lease> renew(Lease lease, Duration leaseTime);

    /** Releases {@code lease} if it is still current; a no-op otherwise. */
    void release(Lease lease);

    /** The current lease, expired or not, if any. */
    Optional<Lease> currentLease();
}
