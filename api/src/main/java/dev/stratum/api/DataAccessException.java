package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * The root of every exception Stratum throws. Unchecked, with an {@link ErrorCode}; the driver's
 * exception, when there is one, is always the {@linkplain #getCause() cause}.
 *
 * <pre>{@code
 * try {
 *     tasks.update(task);
 * } catch (OptimisticLockException e) {
 *     // reload and retry
 * } catch (DataAccessException e) {
 *     if (e.errorCode().isTransient()) retryLater();
 *     else throw e;
 * }
 * }</pre>
 */
public class DataAccessException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final ErrorCode errorCode;

    public DataAccessException(ErrorCode errorCode, String message) {
        this(errorCode, message, null);
    }

    public DataAccessException(ErrorCode errorCode, String message, @Nullable Throwable cause) {
        super(message, cause);
        this.errorCode = errorCode;
    }

    /** The stable classification of this failure. */
    public ErrorCode errorCode() {
        return errorCode;
    }
}
