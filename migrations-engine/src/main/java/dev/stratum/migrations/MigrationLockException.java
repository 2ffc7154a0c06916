package dev.stratum.migrations;

import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.MigrationException;
import org.jspecify.annotations.Nullable;

/**
 * The migration lock could not be had within {@code lockWaitTimeout}: another runner held it the
 * whole time. The message names the holder and its lease's expiry.
 */
public class MigrationLockException extends MigrationException {
    private static final long serialVersionUID = 1L;
    private final transient @Nullable Lease holder;

    /** Creates the exception; {@code holder} is the lease seen last, if any. */
    public MigrationLockException(String message, @Nullable Lease holder, @Nullable Throwable cause) {
        super(message, cause);
        this.holder = holder;
    }

    /** The lease that held the lock when waiting gave up, if it could be read. */
    public @Nullable Lease holder() {
        return holder;
    }
}
