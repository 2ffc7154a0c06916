package dev.stratum.api.spi;

/**
 * The state of a caching decorator's remote tier (L2), read by a decorator outside it (tracing) to
 * export it as metrics: whether the cache is using its L2 or failing open (reads and writes skip it
 * after a failure until a recovery probe succeeds), and how many L2 operations have failed so far.
 * Both are cheap to read and never throw.
 *
 * @see CacheOutcomeReporter#remoteHealth()
 */
public interface RemoteCacheHealth {

    /** Whether the L2 is in use now ({@code false}: the cache fails open and skips it). */
    boolean up();

    /** L2 operations that failed or timed out since the cache was built (cumulative). */
    long errorCount();
}
