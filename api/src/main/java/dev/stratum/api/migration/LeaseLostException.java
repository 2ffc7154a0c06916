package dev.stratum.api.migration;

import org.jspecify.annotations.Nullable;

/**
 * This runner's lease was taken over (its fencing token is stale) or released; it must stop and
 * write nothing more.
 */
public class LeaseLostException extends MigrationException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(String message) {
        super(message);
    }

    public LeaseLostException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
