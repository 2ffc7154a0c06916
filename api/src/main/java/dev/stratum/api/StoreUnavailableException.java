package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * The store could not be reached or refused service (connection refused, server gone, not
 * primary). Transient: a retry is safe.
 */
public class StoreUnavailableException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public StoreUnavailableException(String message) {
        super(ErrorCode.STORE_UNAVAILABLE, message);
    }

    public StoreUnavailableException(String message, @Nullable Throwable cause) {
        super(ErrorCode.STORE_UNAVAILABLE, message, cause);
    }
}
