package dev.stratum.api.migration;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.ErrorCode;
import org.jspecify.annotations.Nullable;

/** A migration failed, could not be validated, or the lock could not be had. */
public class MigrationException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(ErrorCode.MIGRATION, message);
    }

    public MigrationException(String message, @Nullable Throwable cause) {
        super(ErrorCode.MIGRATION, message, cause);
    }
}
