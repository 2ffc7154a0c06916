package dev.stratum.store.mongo.internal;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoClientException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketClosedException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.WriteError;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bson.BsonMaximumSizeExceededException;
import org.jspecify.annotations.Nullable;

/**
 * Turns driver exceptions into Stratum's, always keeping the driver's exception as the cause:
 *
 * <ul>
 *   <li>no reachable server (server selection or wait-queue timeout, socket errors, a paused pool,
 *       not primary, recovering, authentication refused) → {@link StoreUnavailableException} (transient);
 *   <li>an operation that ran out of time (socket read timeout, {@code maxTimeMS}, client-side
 *       operation timeout) → {@link StoreTimeoutException}, effect unknown;
 *   <li>duplicate key (11000) → {@link DuplicateKeyException} naming the index;
 *   <li>a document over the BSON limit → {@link InvalidEntityException};
 *   <li>anything else → {@link DataAccessException} with {@link ErrorCode#STORE_ERROR}.
 * </ul>
 *
 * <p>Messages say what was being done (operation and collection) and the driver's reason; driver
 * messages name hosts but never credentials.
 */
public final class MongoErrors {
    /** MongoDB's duplicate key error code. */
    public static final int DUPLICATE_KEY = 11000;
    private static final Pattern INDEX = Pattern.compile("index: (\\S+)");

    private MongoErrors() {}

    /** The Stratum exception for a driver exception raised while doing {@code what} (e.g. "insert into tasks"). */
    public static DataAccessException translate(RuntimeException e, String what) {
        if (e instanceof DataAccessException d) {
            return d;
        }
        if (e instanceof BsonMaximumSizeExceededException) {
            return new InvalidEntityException(what + ": the document exceeds MongoDB's maximum BSON size; nothing was written", e);
        }
        if (!(e instanceof MongoException m)) {
            return new DataAccessException(ErrorCode.STORE_ERROR, what + " failed: " + e, e);
        }
        if (isDuplicateKey(m)) {
            return duplicateKey(m, what);
        }
        if (m instanceof MongoOperationTimeoutException && noServer(m)) {
            return new StoreUnavailableException(what + " failed, MongoDB is unavailable: " + brief(m), m);
        }
        if (m instanceof MongoSocketReadTimeoutException || m instanceof MongoExecutionTimeoutException
                || m instanceof MongoOperationTimeoutException) {
            return new StoreTimeoutException(what + " timed out: " + brief(m), m);
        }
        if (m instanceof MongoTimeoutException && String.valueOf(m.getMessage()).contains("MongoSocketReadTimeoutException")) {
            // no server selected because the one there stopped answering in time (slow or black-holed, not refused)
            return new StoreTimeoutException(what + " timed out: MongoDB did not answer in time: " + brief(m), m);
        }
        if (m instanceof MongoTimeoutException || m instanceof MongoSocketException
                || m instanceof MongoNotPrimaryException || m instanceof MongoNodeIsRecoveringException
                || m instanceof MongoConnectionPoolClearedException) {
            return new StoreUnavailableException(what + " failed, MongoDB is unavailable: " + brief(m), m);
        }
        if (m instanceof MongoSecurityException) {
            return new StoreUnavailableException(what + " failed: MongoDB refused authentication (check the credentials)", m);
        }
        if (m instanceof MongoInterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException(what + " was interrupted", m);
        }
        if (m instanceof MongoClientException && m.getCause() instanceof MongoTimeoutException) {
            return new StoreUnavailableException(what + " failed, MongoDB is unavailable: " + brief(m), m);
        }
        if (m.hasErrorLabel(MongoException.TRANSIENT_TRANSACTION_ERROR_LABEL)) {
            return new StoreUnavailableException(what + " failed with a transient error: " + brief(m), m);
        }
        return new DataAccessException(ErrorCode.STORE_ERROR, what + " failed: " + brief(m), m);
    }

    /**
     * {@link #translate} for a write: when the request may have reached the server before the connection failed
     * or timed out (a socket read, write or close error, a read timeout, an operation timeout), its outcome is
     * unknown, so it becomes a {@link WriteOutcomeUnknownException} instead of a {@link StoreUnavailableException}
     * (which promises that a retry is safe). Failures before anything was sent (no server selected, connection
     * not opened, pool cleared) stay "unavailable".
     */
    public static DataAccessException translateWrite(RuntimeException e, String what) {
        DataAccessException d = translate(e, what);
        if (d instanceof WriteOutcomeUnknownException) {
            return d;
        }
        boolean afterSending = e instanceof MongoSocketReadException || e instanceof MongoSocketWriteException
                || e instanceof MongoSocketClosedException || e instanceof MongoSocketReadTimeoutException;
        boolean selectionOnly = e instanceof MongoException m && (e instanceof MongoTimeoutException
                || (e instanceof MongoOperationTimeoutException && noServer(m)));
        if ((d instanceof StoreTimeoutException && !selectionOnly) || (d instanceof StoreUnavailableException && afterSending)) {
            String reason = e instanceof MongoException m ? brief(m) : String.valueOf(e.getMessage());
            return new WriteOutcomeUnknownException(what + ": the connection failed after the request was sent, so it may or may not have"
                    + " been applied: " + reason, e instanceof DataAccessException && e.getCause() != null ? e.getCause() : e);
        }
        return d;
    }

    /** Whether a client-side operation timeout expired before any server could be reached. */
    private static boolean noServer(MongoException m) {
        String msg = m.getMessage();
        if (msg != null && msg.startsWith("Timed out while waiting for a server")) {
            return true;
        }
        for (Throwable t = m.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
            if (t instanceof MongoTimeoutException || t instanceof MongoSocketException) {
                return true;
            }
        }
        return false;
    }

    /** Whether the exception is a duplicate key error (any form: write, bulk, command, write concern). */
    public static boolean isDuplicateKey(MongoException m) {
        if (m instanceof MongoWriteException w) {
            return w.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (m instanceof MongoBulkWriteException b) {
            return !b.getWriteErrors().isEmpty() && b.getWriteErrors().stream().allMatch(x -> x.getCode() == DUPLICATE_KEY);
        }
        if (m instanceof MongoWriteConcernException) {
            return false;
        }
        // MongoCommandException (findAndModify, createIndexes) is a MongoServerException carrying the code
        return m instanceof MongoServerException && m.getCode() == DUPLICATE_KEY;
    }

    /** Whether a duplicate key error is on the {@code _id} index (the entity exists). */
    public static boolean isIdIndex(@Nullable String message) {
        return "_id_".equals(indexName(message));
    }

    /** The index named by a duplicate key message ({@code "… index: email_1 dup key: …"}), or null. */
    public static @Nullable String indexName(@Nullable String message) {
        if (message == null) {
            return null;
        }
        Matcher m = INDEX.matcher(message);
        return m.find() ? m.group(1) : null;
    }

    /** A {@link DuplicateKeyException} naming the index (never the duplicated values, which may be personal data). */
    public static DuplicateKeyException duplicateKey(MongoException e, String what) {
        String message = e instanceof MongoWriteException w ? w.getError().getMessage()
                : e instanceof MongoBulkWriteException b ? b.getWriteErrors().get(0).getMessage() : e.getMessage();
        return duplicateKey(indexName(message), what, e);
    }

    /** A {@link DuplicateKeyException} naming {@code index}. */
    public static DuplicateKeyException duplicateKey(@Nullable String index, String what, @Nullable Throwable cause) {
        return new DuplicateKeyException(what + " violates unique index '" + (index == null ? "?" : index)
                + "': another document has the same value; nothing was written", cause);
    }

    /** The exception of one failed write of a bulk request. */
    public static DataAccessException bulkWriteError(WriteError error, MongoBulkWriteException cause, String what) {
        if (error.getCategory() == ErrorCategory.DUPLICATE_KEY) {
            return duplicateKey(indexName(error.getMessage()), what, cause);
        }
        if (error.getCategory() == ErrorCategory.EXECUTION_TIMEOUT) {
            return new StoreTimeoutException(what + " timed out: " + error.getMessage(), cause);
        }
        return new DataAccessException(ErrorCode.STORE_ERROR, what + " failed: " + error.getCode() + " " + error.getMessage(), cause);
    }

    /** The driver's reason, on one line. */
    static String brief(MongoException m) {
        String msg = m.getMessage();
        if (msg == null) {
            return m.getClass().getSimpleName();
        }
        int nl = msg.indexOf('\n');
        return m.getClass().getSimpleName() + ": " + (nl < 0 ? msg : msg.substring(0, nl));
    }
}
