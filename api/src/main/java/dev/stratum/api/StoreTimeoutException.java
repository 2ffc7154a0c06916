package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * An operation ran out of time. Transient, but the effect of a write is unknown: it may or may not
 * have been applied.
 */
public class StoreTimeoutException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public StoreTimeoutException(String message) {
        super(ErrorCode.STORE_TIMEOUT, message);
    }

    public StoreTimeoutException(String message, @Nullable Throwable cause) {
        super(ErrorCode.STORE_TIMEOUT, message, cause);
    }
}
