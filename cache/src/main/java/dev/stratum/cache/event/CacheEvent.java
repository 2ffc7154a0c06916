package dev.stratum.cache.event;

import java.time.Instant;

/**
 * Something the caching decorator wants operators to know about: the remote cache failed or came
 * back, the L1 was cleared wholesale, the invalidation bus disconnected or reconnected. Reads never
 * fail because of these; they are reported so that dashboards and alerts can.
 *
 * <pre>{@code
 * CacheConfig.<Task>builder()
 *         .remote(l2)
 *         .listener(event -> {
 *             if (event instanceof RemoteCacheFailed f) alerts.warn(f.cacheName() + ": L2 " + f.operation() + " failed");
 *         })
 *         .build();
 * }</pre>
 */
public sealed interface CacheEvent permits RemoteCacheFailed, RemoteCacheRecovered, LocalCacheCleared, InvalidationBusChanged {

    /** The name of the cache (by default the entity's collection). */
    String cacheName();

    /** When it happened. */
    Instant time();
}
