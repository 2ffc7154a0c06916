package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when an entity cannot be converted to the neutral document form or back (an unsupported
 * type, a stored value that does not fit the field).
 */
public class MappingException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public MappingException(String message) {
        super(ErrorCode.MAPPING, message);
    }

    public MappingException(String message, @Nullable Throwable cause) {
        super(ErrorCode.MAPPING, message, cause);
    }
}
