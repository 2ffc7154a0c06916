package dev.stratum.cache.internal;

import dev.stratum.cache.CacheStatistics;
import java.util.concurrent.atomic.LongAdder;

/** The decorator's statistics counters (contention-free adders). */
public final class CacheCounters {
    public final LongAdder hits = new LongAdder();
    public final LongAdder misses = new LongAdder();
    public final LongAdder remoteHits = new LongAdder();
    public final LongAdder loads = new LongAdder();
    public final LongAdder loadFailures = new LongAdder();
    public final LongAdder evictions = new LongAdder();
    public final LongAdder invalidations = new LongAdder();
    public final LongAdder errors = new LongAdder();

    /** A consistent-enough snapshot (each counter read once). */
    public CacheStatistics snapshot() {
        return new CacheStatistics(hits.sum(), misses.sum(), remoteHits.sum(), loads.sum(), loadFailures.sum(), evictions.sum(),
                invalidations.sum(), errors.sum());
    }
}
