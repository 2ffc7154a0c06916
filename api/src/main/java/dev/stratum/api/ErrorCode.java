package dev.stratum.api;

/**
 * A stable, machine-readable classification of a {@link DataAccessException}.
 *
 * <p>Codes never change meaning between releases, so they are safe to use in metrics, alerts and
 * retry policies. {@link #isTransient()} tells whether repeating the same call may succeed.
 */
public enum ErrorCode {
    /** An entity with the same id or unique key already exists. */
    DUPLICATE_KEY(false),
    /** The stored version differs from the one the caller read. */
    OPTIMISTIC_LOCK(false),
    /** The entity to update does not exist. */
    ENTITY_NOT_FOUND(false),
    /** The store cannot execute this query construct. */
    QUERY_NOT_SUPPORTED(false),
    /** The query is malformed: unknown field, illegal name, bad cursor, bad value. */
    INVALID_QUERY(false),
    /** The entity is not acceptable: missing or invalid id, illegal key, value too large. */
    INVALID_ENTITY(false),
    /** The entity could not be converted to or from the store's document form. */
    MAPPING(false),
    /** The store could not be reached or refused service; retrying is safe. */
    STORE_UNAVAILABLE(true),
    /** The operation did not complete in time; its effect is unknown. */
    STORE_TIMEOUT(true),
    /** Configuration (URI, builder) is invalid. */
    CONFIGURATION(false),
    /** A migration or migration lock problem. */
    MIGRATION(false),
    /** Anything the store reported that fits no other code. */
    STORE_ERROR(false);

    private final boolean transientError;

    ErrorCode(boolean transientError) {
        this.transientError = transientError;
    }

    /** Whether the same call may succeed if repeated. */
    public boolean isTransient() {
        return transientError;
    }
}
