package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a write carries a {@link Version} that is no longer the stored one (another writer
 * got there first), or when {@code save} of a new versioned entity meets an existing one. Nothing is
 * written; reload the entity and apply the change again.
 */
public class OptimisticLockException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public OptimisticLockException(String message) {
        super(ErrorCode.OPTIMISTIC_LOCK, message);
    }

    public OptimisticLockException(String message, @Nullable Throwable cause) {
        super(ErrorCode.OPTIMISTIC_LOCK, message, cause);
    }
}
