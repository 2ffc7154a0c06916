package dev.stratum.api.spi;

import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Implemented by caching decorators, so that a decorator outside (tracing) can learn whether a call
 * was served by the cache without either module knowing the other. The outer decorator finds the
 * cache with {@link ForwardingRepository#findDecorator} and registers, once, a supplier of the
 * {@link CacheOutcomes} of the call being made; the cache asks it once at the start of every
 * cacheable call and reports that call's hits, misses and loads to what it returned ({@code null}:
 * nothing to report).
 */
public interface CacheOutcomeReporter {

    /** Adds a supplier of the current call's outcome sink; several may be registered. */
    void reportOutcomesTo(Supplier<? extends @Nullable CacheOutcomes> currentCall);

    /** The state of the cache's remote tier, or null when it has none. */
    default @Nullable RemoteCacheHealth remoteHealth() {
        return null;
    }
}
