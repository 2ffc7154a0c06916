package dev.stratum.backup;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.ErrorCode;
import org.jspecify.annotations.Nullable;

/** A backup, restore, copy or verify that cannot proceed; the message names the archive part, type or id. */
public class BackupException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public BackupException(String message) {
        this(message, null);
    }

    public BackupException(String message, @Nullable Throwable cause) {
        super(ErrorCode.STORE_ERROR, message, cause);
    }
}
