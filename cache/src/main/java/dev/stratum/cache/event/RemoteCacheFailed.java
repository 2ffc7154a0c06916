package dev.stratum.cache.event;

import java.time.Instant;

/**
 * A remote (L2) cache operation failed or timed out. The read went to the store instead; a failed
 * invalidation is retried when the remote cache is back. The decorator then leaves the remote cache
 * alone for {@code CacheConfig.remoteRetryInterval()} before probing it again.
 *
 * @param cacheName the cache
 * @param time when
 * @param operation {@code get}, {@code put}, {@code invalidate}, {@code invalidatePrefix} or {@code publish}
 * @param timeout whether the operation exceeded the configured timeout (rather than failing)
 * @param error the failure ({@link java.util.concurrent.TimeoutException} on timeout)
 */
public record RemoteCacheFailed(String cacheName, Instant time, String operation, boolean timeout, Throwable error)
        implements CacheEvent {}
