package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an insert (or a write touching a unique index) meets an existing id or unique key.
 * Nothing is written.
 */
public class DuplicateKeyException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public DuplicateKeyException(String message) {
        super(ErrorCode.DUPLICATE_KEY, message);
    }

    public DuplicateKeyException(String message, @Nullable Throwable cause) {
        super(ErrorCode.DUPLICATE_KEY, message, cause);
    }
}
