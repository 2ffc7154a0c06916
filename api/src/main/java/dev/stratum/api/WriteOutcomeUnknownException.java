package dev.stratum.api;

import org.jspecify.annotations.Nullable;

/**
 * A write was sent, but its acknowledgement was lost (the connection broke or timed out after the request
 * left): it may or may not have been applied. Unlike {@link StoreUnavailableException}, retrying blindly is
 * not safe for a write that is not idempotent; the caller reconciles by reading.
 *
 * <p>How to reconcile: a {@code save} of a whole entity is idempotent (retry it); a versioned {@code update}
 * is applied at most once (the version check refuses a second application), so re-read and compare the
 * stored entity with what was written; a counter or a ledger carries an id of each change (an idempotency
 * key) and the caller checks whether its id is there:
 *
 * <pre>{@code
 * try {
 *     ledgers.update(current.increment(opId));
 * } catch (WriteOutcomeUnknownException e) {
 *     Ledger now = ledgers.findById(id).orElseThrow();
 *     boolean applied = now.recentOps().contains(opId);   // else retry with the same opId
 * }
 * }</pre>
 *
 * <p>It is a {@link StoreTimeoutException} (code {@link ErrorCode#STORE_TIMEOUT}, "effect unknown"), so code
 * that handles timeouts handles it too.
 */
public class WriteOutcomeUnknownException extends StoreTimeoutException {
    private static final long serialVersionUID = 1L;

    public WriteOutcomeUnknownException(String message, @Nullable Throwable cause) {
        super(message, cause);
    }
}
