package dev.stratum.store.redis.internal;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.RedisException;
import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * Translates Lettuce's exceptions into Stratum's: connection problems and server states in which a
 * retry is safe become {@link StoreUnavailableException}, timeouts {@link StoreTimeoutException},
 * the rest a {@link DataAccessException} with {@link ErrorCode#STORE_ERROR}. The driver's exception is
 * always the cause; messages name the operation and the server, never credentials.
 */
public final class RedisErrors {
    private RedisErrors() {}

    public static DataAccessException translate(Throwable t, String operation, String server) {
        Throwable e = unwrap(t);
        if (e instanceof DataAccessException d) {
            return d;
        }
        if (e instanceof RedisCommandTimeoutException || e instanceof TimeoutException) {
            return new StoreTimeoutException("redis " + operation + " on " + server + " timed out: " + message(e), e);
        }
        if (e instanceof RedisConnectionException) {
            return new StoreUnavailableException("redis at " + server + " is unreachable (" + operation + "): " + message(e), e);
        }
        if (e instanceof RedisCommandInterruptedException || e instanceof InterruptedException) {
            Thread.currentThread().interrupt();
            return new StoreUnavailableException("redis " + operation + " on " + server + " was interrupted", e);
        }
        if (e instanceof RedisCommandExecutionException) {
            String m = message(e);
            if (m.startsWith("LOADING") || m.startsWith("BUSY") || m.startsWith("MASTERDOWN") || m.startsWith("CLUSTERDOWN")
                    || m.startsWith("TRYAGAIN") || m.startsWith("READONLY") || m.startsWith("NOREPLICAS")) {
                return new StoreUnavailableException("redis at " + server + " cannot serve " + operation + " right now: " + m, e);
            }
            if (m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") || m.startsWith("NOPERM")) {
                return new DataAccessException(ErrorCode.STORE_ERROR, "redis at " + server + " refused " + operation
                        + " (authentication or ACL): " + firstWord(m), e);
            }
            return new DataAccessException(ErrorCode.STORE_ERROR, "redis " + operation + " on " + server + " failed: " + m, e);
        }
        if (e instanceof ClassCastException) {
            // A reply of a shape no Stratum command returns. Seen once on a cluster under resets and a master failover
            // (RedisClusterFailoverTest); likely a command Lettuce re-sent after reconnecting (ACCEPT_COMMANDS) whose first
            // reply had been partly decoded into the same output. The connection failed under the command: transient,
            // and for a write of unknown outcome (translateWrite).
            return new StoreUnavailableException("redis " + operation + " on " + server + " got a malformed reply after its"
                    + " connection broke mid-reply: " + message(e), e);
        }
        if (e instanceof RedisException || e instanceof CancellationException || e instanceof IOException) {
            // "Connection closed", "Currently not connected", "Connection reset": the server went away
            return new StoreUnavailableException("redis at " + server + " is unavailable (" + operation + "): " + message(e), e);
        }
        return new DataAccessException(ErrorCode.STORE_ERROR, "redis " + operation + " on " + server + " failed: " + message(e), e);
    }

    /**
     * {@link #translate} for a write that may have reached the server: a timeout, or a connection that broke
     * after the command could have been sent, leaves its outcome unknown, so it becomes a
     * {@link WriteOutcomeUnknownException} (the caller reconciles) rather than a {@link StoreUnavailableException}
     * (which promises a retry is safe). Only failures that happen before anything is sent stay "unavailable":
     * the connection could not be opened, Lettuce refused the command because it was not connected, or the
     * server answered with an error reply (it refuses such commands before running them).
     */
    public static DataAccessException translateWrite(Throwable t, String operation, String server) {
        DataAccessException d = translate(t, operation, server);
        if (d instanceof WriteOutcomeUnknownException) {
            return d;
        }
        Throwable e = unwrap(t);
        if (d instanceof StoreTimeoutException
                || (d instanceof StoreUnavailableException && !(e instanceof RedisConnectionException) && !refusedBeforeSending(e)
                        // an error reply (TRYAGAIN, LOADING, READONLY, CLUSTERDOWN, ...): the server refused the command unrun
                        && !(e instanceof RedisCommandExecutionException)
                        && !(e instanceof RedisCommandInterruptedException) && !(e instanceof InterruptedException))) {
            return new WriteOutcomeUnknownException("redis " + operation + " on " + server
                    + ": the connection failed after the command was sent, so it may or may not have been applied: " + message(e), e);
        }
        return d;
    }

    /** Lettuce's rejection of a command while disconnected (REJECT_COMMANDS): it never left the client. */
    private static boolean refusedBeforeSending(Throwable e) {
        String m = e.getMessage();
        return m != null && m.startsWith("Currently not connected");
    }

    private static Throwable unwrap(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m;
    }

    private static String firstWord(String m) {
        int sp = m.indexOf(' ');
        return sp < 0 ? m : m.substring(0, sp);
    }
}
