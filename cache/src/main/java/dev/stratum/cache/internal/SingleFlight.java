package dev.stratum.cache.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.jspecify.annotations.Nullable;

/**
 * At most one load per key at a time: the first caller to {@link #claim} a key leads and loads; the
 * others wait for the leader's result. The leader must {@link #release} the key when done.
 *
 * <p>A write {@link #forget forgets} the key's flight, so callers arriving after the write start a
 * new load instead of joining one that may have read the old value (read-your-writes).
 *
 * @param <K> key type
 * @param <V> value type
 */
public final class SingleFlight<K, V> {
    private final ConcurrentHashMap<K, CompletableFuture<V>> flights = new ConcurrentHashMap<>();

    /**
     * Registers {@code mine} as the flight of {@code key} unless one exists.
     *
     * @return null if the caller leads (and must complete {@code mine} and {@link #release} it), else the
     *     flight to wait for
     */
    public @Nullable CompletableFuture<V> claim(K key, CompletableFuture<V> mine) {
        return flights.putIfAbsent(key, mine);
    }

    /** Ends the leader's flight (no-op if it was forgotten meanwhile). */
    public void release(K key, CompletableFuture<V> mine) {
        flights.remove(key, mine);
    }

    /** Forgets the flight of {@code key}; its current waiters still get its result. */
    public void forget(K key) {
        flights.remove(key);
    }

    /** Forgets every flight. */
    public void forgetAll() {
        flights.clear();
    }

    /** How many keys are loading now. */
    public int size() {
        return flights.size();
    }

    /** Waits for a flight and returns its value, rethrowing the leader's unchecked exception as is. */
    public static <V> V await(CompletableFuture<V> flight) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return flight.get();
                } catch (InterruptedException e) {
                    interrupted = true; // keep waiting: the leader completes in bounded time (store timeouts)
                } catch (ExecutionException e) {
                    throw unchecked(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static RuntimeException unchecked(@Nullable Throwable t) {
        if (t instanceof RuntimeException r) {
            return r;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new CompletionException(t);
    }
}
