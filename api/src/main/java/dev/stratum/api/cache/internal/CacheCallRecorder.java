package dev.stratum.api.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * Lets the tracing decorator, which sits outside the caching one, learn whether the call it traces
 * was served by the cache. Tracing {@link #start starts} a recorder on its thread; the caching
 * decorator adds hits, misses and loads to the {@link #current} one; tracing reads them and
 * {@link #stop stops}. Nothing is recorded when no tracing decorator is outside.
 */
public final class CacheCallRecorder {
    private static final ThreadLocal<@Nullable CacheCallRecorder> CURRENT = new ThreadLocal<>();

    private final @Nullable CacheCallRecorder previous;
    private int hits;
    private int misses;
    private int loads;

    private CacheCallRecorder(@Nullable CacheCallRecorder previous) {
        this.previous = previous;
    }

    /** Starts recording on this thread (nesting is allowed). */
    public static CacheCallRecorder start() {
        CacheCallRecorder r = new CacheCallRecorder(CURRENT.get());
        CURRENT.set(r);
        return r;
    }

    /** Stops this recorder, restoring the enclosing one. */
    public void stop() {
        if (previous == null) {
            CURRENT.remove();
        } else {
            CURRENT.set(previous);
        }
    }

    /** The recorder of the traced call running on this thread, if any. */
    public static @Nullable CacheCallRecorder current() {
        return CURRENT.get();
    }

    /** Records {@code n} lookups answered by L1 or L2. */
    public void hit(int n) {
        hits += n;
    }

    /** Records {@code n} lookups that had to wait for a load. */
    public void miss(int n) {
        misses += n;
    }

    /** Records one load from the store. */
    public void load() {
        loads++;
    }

    public int hits() {
        return hits;
    }

    public int misses() {
        return misses;
    }

    public int loads() {
        return loads;
    }

    /** Whether the cache took part in the call at all. */
    public boolean used() {
        return hits + misses > 0;
    }
}
