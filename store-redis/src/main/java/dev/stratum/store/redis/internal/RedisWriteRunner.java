package dev.stratum.store.redis.internal;

import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandInterruptedException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisException;
import io.lettuce.core.ScriptOutputType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * Runs the write-side scripts (write, delete, purge, repair) with every key they touch declared in
 * {@code KEYS}, so that on Redis Cluster a slot being migrated answers {@code ASK} (Lettuce follows
 * it) or {@code TRYAGAIN} before the script runs, instead of the script running on half a slot.
 *
 * <ul>
 *   <li>A script that needs keys the caller could not know (old index entries, the owner of a unique
 *       value) answers {@code {'KEYS', key...}} having written nothing; the call is sent again with
 *       them declared (a few rounds at most: each round only adds keys).
 *   <li>{@code TRYAGAIN} (a multi-key call during a migration; nothing ran) is retried with a short
 *       back-off until the command timeout has passed, then surfaces (as
 *       {@link dev.stratum.api.StoreUnavailableException} through {@link RedisErrors}).
 *   <li>A synchronous call whose connection was lost while it was in flight (it may have run) is sent
 *       again, the same call with the same write key, until the command timeout has passed: the write
 *       scripts are idempotent per write key (declared.lua), so the retry either runs the write or
 *       answers the reply of the run whose reply was lost — the caller gets one definite outcome. A call
 *       rejected because the connection is down (never sent) fails at once, as before.
 * </ul>
 */
public final class RedisWriteRunner {
    private static final int MAX_ROUNDS = 8;
    private static final long BACKOFF_MILLIS = 20;
    private static final byte[] KEYS = "KEYS".getBytes(StandardCharsets.US_ASCII);

    private final RedisScripts scripts;
    private final long timeoutNanos;

    public RedisWriteRunner(RedisScripts scripts, long timeoutMillis) {
        this.scripts = scripts;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    }

    /** The keys still needed when the reply is a {@code KEYS} request, else null. */
    static List<String> keysRequested(List<Object> reply, int from) {
        List<String> out = new ArrayList<>(reply.size() - from);
        for (int i = from; i < reply.size(); i++) {
            out.add(new String((byte[]) reply.get(i), StandardCharsets.UTF_8));
        }
        return out;
    }

    private static boolean isKeysRequest(List<Object> reply) {
        return !reply.isEmpty() && reply.get(0) instanceof byte[] b && Arrays.equals(b, KEYS);
    }

    static boolean isTryAgain(Throwable t) {
        Throwable e = t;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof RedisCommandExecutionException && e.getMessage() != null && e.getMessage().startsWith("TRYAGAIN");
    }

    /** Runs a script synchronously until it answers something other than a keys request. */
    public List<Object> run(RedisScripts.Script script, Collection<String> keys, byte[]... args) {
        LinkedHashSet<String> declared = new LinkedHashSet<>(keys);
        long deadline = System.nanoTime() + timeoutNanos;
        for (int round = 0; ; round++) {
            List<Object> reply;
            try {
                reply = scripts.run(script, ScriptOutputType.MULTI, declared.toArray(String[]::new), args);
            } catch (RedisCommandExecutionException e) {
                if (isTryAgain(e) && System.nanoTime() < deadline) {
                    pause();
                    round--;
                    continue;
                }
                throw e;
            } catch (RedisException e) {
                if (e instanceof RedisCommandTimeoutException || !lostInFlight(e)) {
                    throw e;
                }
                reply = resend(script, declared, args, deadline, e);
            }
            if (!isKeysRequest(reply)) {
                return reply;
            }
            if (round >= MAX_ROUNDS || !declared.addAll(keysRequested(reply, 1))) {
                throw new IllegalStateException("script " + script + " keeps asking for keys " + keysRequested(reply, 1));
            }
        }
    }

    /** Whether the connection broke while the command was in flight (it may have run), as opposed to a rejection. */
    private static boolean lostInFlight(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return true;
            }
            String m = t.getMessage();
            if (m != null && (m.contains("Connection closed") || m.contains("Connection disconnected"))) {
                return true;
            }
        }
        return false;
    }

    /** Sends a call whose first send was lost in flight again until it gets a reply or the deadline passes. */
    private List<Object> resend(RedisScripts.Script script, Set<String> declared, byte[][] args, long deadline,
            RuntimeException first) {
        RuntimeException last = first;
        while (System.nanoTime() < deadline) {
            pause();
            try {
                return scripts.run(script, ScriptOutputType.MULTI, declared.toArray(String[]::new), args);
            } catch (RedisCommandTimeoutException e) {
                throw e;
            } catch (RedisCommandExecutionException e) {
                if (!isTryAgain(e)) {
                    throw e;
                }
                last = e;
            } catch (RedisException e) {
                last = e; // still reconnecting
            }
        }
        // No definite reply before the deadline. The first send may have run, so the failure reported is the
        // in-flight loss (a write of unknown outcome), never the last resend's "Currently not connected", which
        // would claim that nothing was sent (the fault suite's scenario 4 caught 5 applied increments reported
        // StoreUnavailableException this way).
        if (last != first) {
            first.addSuppressed(last);
        }
        throw first;
    }

    /** Runs a script without waiting (pipelined with other sends), with the same rounds and retries. */
    public CompletableFuture<List<Object>> runAsync(RedisScripts.Script script, Collection<String> keys, byte[]... args) {
        return attempt(script, new LinkedHashSet<>(keys), args, 0, System.nanoTime() + timeoutNanos);
    }

    /**
     * Sends a batch of script calls ({@code keys.get(i)} with {@code args.get(i)}) in one write and one
     * flush ({@link RedisScripts#runBatchAsync}), each then handled as {@link #runAsync} handles its call:
     * a keys request, {@code TRYAGAIN} or {@code NOSCRIPT} is answered by sending that call again on its own
     * (flushed at once). The futures are in the order of the calls.
     */
    public List<CompletableFuture<List<Object>>> runBatchAsync(RedisScripts.Script script, List<? extends Collection<String>> keys,
            List<byte[][]> args) {
        long deadline = System.nanoTime() + timeoutNanos;
        List<Set<String>> declared = new ArrayList<>(keys.size());
        List<String[]> keyArrays = new ArrayList<>(keys.size());
        for (Collection<String> k : keys) {
            Set<String> d = new LinkedHashSet<>(k);
            declared.add(d);
            keyArrays.add(d.toArray(String[]::new));
        }
        List<CompletableFuture<List<Object>>> sent = scripts.runBatchAsync(script, keyArrays, args);
        List<CompletableFuture<List<Object>>> out = new ArrayList<>(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            out.add(handle(sent.get(i), script, declared.get(i), args.get(i), 0, deadline));
        }
        return out;
    }

    private CompletableFuture<List<Object>> attempt(RedisScripts.Script script, Set<String> declared, byte[][] args, int round,
            long deadline) {
        CompletableFuture<List<Object>> sent;
        try {
            sent = scripts.<List<Object>>runAsync(script, ScriptOutputType.MULTI, declared.toArray(String[]::new), args);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return handle(sent, script, declared, args, round, deadline);
    }

    /** The reply of a sent call, after the retries and key rounds it needs (each one sent on its own). */
    private CompletableFuture<List<Object>> handle(CompletableFuture<List<Object>> sent, RedisScripts.Script script, Set<String> declared,
            byte[][] args, int round, long deadline) {
        return sent.exceptionallyCompose(error -> {
            if (isTryAgain(error) && System.nanoTime() < deadline) {
                Executor later = CompletableFuture.delayedExecutor(BACKOFF_MILLIS, TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> null, later).thenCompose(x -> attempt(script, declared, args, round, deadline));
            }
            return CompletableFuture.failedFuture(error instanceof CompletionException c && c.getCause() != null ? c.getCause() : error);
        }).thenCompose(reply -> {
            if (!isKeysRequest(reply)) {
                return CompletableFuture.completedFuture(reply);
            }
            if (round >= MAX_ROUNDS || !declared.addAll(keysRequested(reply, 1))) {
                return CompletableFuture.<List<Object>>failedFuture(new IllegalStateException("script " + script
                        + " keeps asking for keys " + keysRequested(reply, 1)));
            }
            return attempt(script, declared, args, round + 1, deadline);
        });
    }

    private static void pause() {
        try {
            Thread.sleep(BACKOFF_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisCommandInterruptedException(e);
        }
    }
}
