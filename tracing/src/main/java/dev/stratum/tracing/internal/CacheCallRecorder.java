package dev.stratum.tracing.internal;

import dev.stratum.api.spi.CacheOutcomes;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The cache outcomes of one traced call. Tracing {@link #start starts} a recorder on its thread and
 * registers {@link #CURRENT_CALL} with the cache inside it (through the {@link
 * dev.stratum.api.spi.CacheOutcomeReporter} SPI); the cache asks it for the current call's recorder
 * and adds hits, misses and loads to it; tracing reads them and {@link #stop stops}. The thread-local
 * stays private to this module: the cache only sees the SPI.
 */
public final class CacheCallRecorder implements CacheOutcomes {
    private static final ThreadLocal<@Nullable CacheCallRecorder> CURRENT = new ThreadLocal<>();

    /** What tracing registers with a cache: the recorder of the traced call on the asking thread. */
    public static final Supplier<@Nullable CacheCallRecorder> CURRENT_CALL = CURRENT::get;

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
    @Override
    public void hit(int n) {
        hits += n;
    }

    /** Records {@code n} lookups that had to wait for a load. */
    @Override
    public void miss(int n) {
        misses += n;
    }

    /** Records one load from the store. */
    @Override
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
