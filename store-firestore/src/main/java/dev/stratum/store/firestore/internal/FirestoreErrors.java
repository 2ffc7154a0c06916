package dev.stratum.store.firestore.internal;

import com.google.api.gax.rpc.ApiException;
import com.google.cloud.firestore.FirestoreException;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import io.grpc.StatusRuntimeException;
import java.net.ConnectException;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Turns the Firestore client's exceptions into Stratum's: {@code ABORTED}, {@code UNAVAILABLE} and
 * {@code RESOURCE_EXHAUSTED} → {@link StoreUnavailableException} (transient), {@code DEADLINE_EXCEEDED}
 * → {@link StoreTimeoutException}, {@code ALREADY_EXISTS} → {@link DuplicateKeyException},
 * {@code INVALID_ARGUMENT} of a write → {@link InvalidEntityException}, {@code FAILED_PRECONDITION}
 * for a missing composite index → a message carrying the index-creation link Firestore returned.
 * The client's exception is always the cause. Messages name the server, never credentials.
 */
public final class FirestoreErrors {
    private static final Pattern INDEX_LINK = Pattern.compile("https://console\\.firebase\\.google\\.com\\S*|https://console\\.cloud\\.google\\.com\\S*");

    private final String server;

    public FirestoreErrors(String server) {
        this.server = server;
    }

    /** The server as messages name it ("Firestore project/database at host:port"). */
    public String server() {
        return server;
    }

    /** Runs a client call, translating what it throws. */
    public <V> V call(String what, Callable<V> call) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreUnavailableException("interrupted while trying to " + what + " on " + server, e);
        } catch (Exception e) {
            throw translate(e, what, false);
        }
    }

    /**
     * Runs a client write, translating what it throws ({@code INVALID_ARGUMENT} is the entity's fault). A
     * failure that may have come after the request left — the connection broke ({@code UNAVAILABLE}),
     * the deadline passed ({@code DEADLINE_EXCEEDED}), {@code CANCELLED}, {@code INTERNAL},
     * {@code UNKNOWN}, an interrupt while waiting — is a {@link WriteOutcomeUnknownException}: the commit
     * may have been applied. Only failures that prove nothing was sent (the connection was refused, the
     * call was still waiting for a connection) stay {@link StoreUnavailableException} /
     * {@link StoreTimeoutException}. Sound only for commits the client does not retry by itself
     * (otherwise the last attempt's error says nothing of the first): the store sends plain writes
     * through a client whose retries are off.
     */
    public <V> V write(String what, Callable<V> call) {
        try {
            return call.call();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WriteOutcomeUnknownException("interrupted while waiting to " + what + " on " + server
                    + ": the write may have been applied; read to reconcile", e);
        } catch (Exception e) {
            DataAccessException d = translate(e, what, true);
            if (d instanceof WriteOutcomeUnknownException || !ambiguous(e)) {
                throw d;
            }
            throw new WriteOutcomeUnknownException(d.getMessage() + "; the write may have been applied (its answer was lost): read to"
                    + " reconcile before retrying a write that is not idempotent", d.getCause());
        }
    }

    /**
     * Whether a failed write may have been applied: a status that can come after the request left,
     * unless the failure shows the request never did (connection refused, or the call timed out
     * waiting for a connection: gRPC notes {@code waiting_for_connection}).
     */
    static boolean ambiguous(Throwable e) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof CancellationException) {
            return true;
        }
        String code = code(t);
        if (code == null) {
            return false;
        }
        switch (code) {
            case "UNAVAILABLE":
            case "DEADLINE_EXCEEDED":
            case "CANCELLED":
            case "INTERNAL":
            case "UNKNOWN":
                return !neverSent(t);
            default:
                return false;
        }
    }

    private static boolean neverSent(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof ConnectException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("waiting_for_connection") || m.contains("Connection refused"))) {
                return true;
            }
        }
        return false;
    }

    /** The gRPC status code name of a client exception ({@code ALREADY_EXISTS}, ...), or null. */
    public static @Nullable String code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof DataAccessException d && d.getCause() != null && d.getCause() != t) {
                continue;
            }
            if (t instanceof ApiException a) {
                return a.getStatusCode().getCode().name();
            }
            if (t instanceof FirestoreException f && f.getStatus() != null) {
                return f.getStatus().getCode().name();
            }
            if (t instanceof StatusRuntimeException s) {
                return s.getStatus().getCode().name();
            }
        }
        return null;
    }

    public DataAccessException translate(Throwable e, String what, boolean write) {
        Throwable t = e;
        while ((t instanceof ExecutionException || t instanceof CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof DataAccessException d) {
            return d;
        }
        if (t instanceof CancellationException) {
            return new StoreUnavailableException("cannot " + what + " on " + server + ": the call was cancelled", t);
        }
        String code = code(t);
        String detail = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
        String message = "cannot " + what + " on " + server + ": " + (code == null ? "" : code + ": ") + detail;
        if (code == null) {
            if (t instanceof IllegalArgumentException && write) {
                return new InvalidEntityException("cannot " + what + ": " + detail + "; nothing was written", t);
            }
            return new DataAccessException(ErrorCode.STORE_ERROR, message, t);
        }
        switch (code) {
            case "ABORTED":
            case "UNAVAILABLE":
            case "RESOURCE_EXHAUSTED":
            case "CANCELLED":
                return new StoreUnavailableException(message, t);
            case "DEADLINE_EXCEEDED":
                return new StoreTimeoutException(message, t);
            case "ALREADY_EXISTS":
                return new DuplicateKeyException(message, t);
            case "INVALID_ARGUMENT":
                return write ? new InvalidEntityException(message + "; nothing was written", t)
                        : new InvalidQueryException(message, t);
            case "FAILED_PRECONDITION":
                Matcher m = INDEX_LINK.matcher(detail);
                if (detail.toLowerCase(Locale.ROOT).contains("index")) {
                    return new DataAccessException(ErrorCode.QUERY_NOT_SUPPORTED, "cannot " + what + " on " + server
                            + ": Firestore needs a composite index for this query" + (m.find() ? "; create it here: " + m.group() : "")
                            + " (" + detail + ")", t);
                }
                return new DataAccessException(ErrorCode.STORE_ERROR, message, t);
            default:
                return new DataAccessException(ErrorCode.STORE_ERROR, message, t);
        }
    }
}
