package dev.stratum.api.spi;

/**
 * What a caching decorator did while answering one repository call, reported to a decorator outside
 * it (tracing) through {@link CacheOutcomeReporter}. Called on the thread that made the call, or on
 * the thread that loaded for it; implementations must be cheap and must not throw.
 */
public interface CacheOutcomes {

    /** {@code n} lookups were answered by the cache (L1 or L2). */
    void hit(int n);

    /** {@code n} lookups could not be answered by the cache and waited for a load. */
    void miss(int n);

    /** One load from the store was made. */
    void load();
}
