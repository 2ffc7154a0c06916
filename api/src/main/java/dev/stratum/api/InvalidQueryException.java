package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Thrown before any I/O when a query names an unknown or illegal field ({@code $}-prefixed, empty
 * segment), carries a value of the wrong kind, or a page cursor that does not belong to the query.
 */
public class InvalidQueryException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public InvalidQueryException(String message) {
        super(ErrorCode.INVALID_QUERY, message);
    }

    public InvalidQueryException(String message, @Nullable Throwable cause) {
        super(ErrorCode.INVALID_QUERY, message, cause);
    }
}
