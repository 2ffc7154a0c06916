package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Thrown by {@link Repository#update(Object)} when no entity with that id exists.
 */
public class EntityNotFoundException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public EntityNotFoundException(String message) {
        super(ErrorCode.ENTITY_NOT_FOUND, message);
    }

    public EntityNotFoundException(String message, @Nullable Throwable cause) {
        super(ErrorCode.ENTITY_NOT_FOUND, message, cause);
    }
}
