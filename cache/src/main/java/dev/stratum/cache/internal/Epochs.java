package dev.stratum.cache.internal;

import java.util.Arrays;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * Striped invalidation counters (and locks) that stop a load which raced with a write from caching
 * the old value.
 *
 * <p><b>L1.</b> A loader takes a {@link #stamp} before reading, and after putting the value into the
 * L1 checks {@link #unchanged}; if not, it evicts what it just put. An invalidation {@link #bump
 * bumps} the stripe first and evicts second. Whatever the interleaving, either the invalidator's
 * eviction comes after the loader's put, or the loader sees the bump: an old value never survives a
 * write. Keys sharing a stripe cause a harmless extra miss at worst.
 *
 * <p><b>L2.</b> The remote cache applies one instance's commands in the order they are sent. So a
 * loader sends its L2 GET (with its stamp) and its L2 SET (after checking the stamp) under the read
 * lock of the key's stripe, and an invalidation bumps, sends its DEL and evicts under the write lock:
 * every GET sent after an invalidation is ordered after its DEL, and every SET sent before it is
 * followed by it. Without a remote cache the locks are never taken.
 */
public final class Epochs {
    private static final int STRIPES = 64; // power of two
    private final AtomicLongArray stripes = new AtomicLongArray(STRIPES);
    private final ReentrantReadWriteLock[] locks = new ReentrantReadWriteLock[STRIPES];

    public Epochs() {
        for (int i = 0; i < STRIPES; i++) {
            locks[i] = new ReentrantReadWriteLock();
        }
    }

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

    /** Runs {@code action} holding the read locks of these keys' stripes. */
    public <R> R underReadLocks(Collection<?> keys, Supplier<R> action) {
        return locked(stripesOf(keys), false, action);
    }

    /** Runs {@code action} holding the write locks of these keys' stripes. */
    public <R> R underWriteLocks(Collection<?> keys, Supplier<R> action) {
        return locked(stripesOf(keys), true, action);
    }

    /** Runs {@code action} holding every write lock. */
    public <R> R underAllWriteLocks(Supplier<R> action) {
        boolean[] all = new boolean[STRIPES];
        Arrays.fill(all, true);
        return locked(all, true, action);
    }

    private static boolean[] stripesOf(Collection<?> keys) {
        boolean[] used = new boolean[STRIPES];
        for (Object k : keys) {
            used[stripe(k)] = true;
        }
        return used;
    }

    /** Locks in ascending stripe order (so two multi-key callers never deadlock), unlocks in reverse. */
    private <R> R locked(boolean[] used, boolean write, Supplier<R> action) {
        int taken = 0;
        try {
            for (; taken < STRIPES; taken++) {
                if (used[taken]) {
                    (write ? locks[taken].writeLock() : locks[taken].readLock()).lock();
                }
            }
            return action.get();
        } finally {
            for (int i = taken - 1; i >= 0; i--) {
                if (used[i]) {
                    (write ? locks[i].writeLock() : locks[i].readLock()).unlock();
                }
            }
        }
    }
}
