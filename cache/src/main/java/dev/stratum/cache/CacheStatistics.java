package dev.stratum.cache;

/**
 * A snapshot of one caching decorator's counters since it was built. Lookups by id and cached
 * queries are counted together; {@code existsById} counts only when the L1 can answer it.
 *
 * <pre>{@code
 * CacheStatistics s = tasks.unwrap(CachingRepository.class).statistics();
 * log.info("task cache hit rate {}", s.hitRate());
 * }</pre>
 *
 * @param hitCount lookups answered by the L1 (including remembered misses)
 * @param missCount lookups the L1 could not answer
 * @param remoteHitCount misses answered by the L2
 * @param loadCount calls to the store to load missed ids or queries (single-flight: concurrent misses of
 *     one key share one load; a {@code findAllById} loads its missing ids in one call)
 * @param loadFailureCount loads that threw
 * @param evictionCount L1 entries dropped for size or expiry
 * @param invalidationCount L1 entries invalidated by writes here or elsewhere (a full clear counts one)
 * @param errorCount remote cache failures and timeouts (each also sent as an event)
 */
public record CacheStatistics(long hitCount, long missCount, long remoteHitCount, long loadCount, long loadFailureCount,
        long evictionCount, long invalidationCount, long errorCount) {

    /** Lookups in total. */
    public long requestCount() {
        return hitCount + missCount;
    }

    /** L1 hits over lookups; 1.0 when there were none. */
    public double hitRate() {
        long r = requestCount();
        return r == 0 ? 1.0 : (double) hitCount / r;
    }
}
