package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at {@code build()} (or {@link Stores#open(String)}) when configuration is invalid. The
 * message names the bad part; it never contains a credential.
 */
public class ConfigurationException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    public ConfigurationException(String message) {
        super(ErrorCode.CONFIGURATION, message);
    }

    public ConfigurationException(String message, @Nullable Throwable cause) {
        super(ErrorCode.CONFIGURATION, message, cause);
    }
}
