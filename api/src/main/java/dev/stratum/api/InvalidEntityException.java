package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Thrown before any I/O when an entity cannot be written as it is: a missing or malformed id, a
 * map key that starts with {@code $} or contains a dot, or a document larger than the store accepts.
 * Nothing is written.
 */
public class InvalidEntityException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public InvalidEntityException(String message) {
        super(ErrorCode.INVALID_ENTITY, message);
    }

    public InvalidEntityException(String message, @Nullable Throwable cause) {
        super(ErrorCode.INVALID_ENTITY, message, cause);
    }
}
