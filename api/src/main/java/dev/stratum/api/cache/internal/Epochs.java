package dev.stratum.api.cache.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Striped invalidation counters that stop a load which raced with a write from caching the old value.
 *
 * <p>A loader takes a {@link #stamp} before reading the store and, after putting the value into the
 * cache, checks {@link #unchanged}; if not, it evicts what it just put. An invalidation
 * {@link #bump bumps} the stripe first and evicts second. Whatever the interleaving, either the
 * invalidator's eviction comes after the loader's put, or the loader sees the bump: an old value
 * never survives a write. Keys sharing a stripe cause a harmless extra miss at worst.
 */
public final class Epochs {
    private static final int STRIPES = 64; // power of two
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);

    private static int stripe(Object key) {
        int h = key.hashCode();
        return (h ^ (h >>> 16)) & (STRIPES - 1);
    }

    /** The current epoch of {@code key}'s stripe. */
    public long stamp(Object key) {
        return stripes.get(stripe(key));
    }

    /** Whether no invalidation touched {@code key}'s stripe since {@code stamp}. */
    public boolean unchanged(Object key, long stamp) {
        return stripes.get(stripe(key)) == stamp;
    }

    /** Marks {@code key} invalidated (call before evicting it). */
    public void bump(Object key) {
        stripes.incrementAndGet(stripe(key));
    }

    /** Marks every key invalidated (call before clearing the cache). */
    public void bumpAll() {
        for (int i = 0; i < STRIPES; i++) {
            stripes.incrementAndGet(i);
        }
    }
}
