package dev.stratum.cache.event;

import java.time.Instant;

/**
 * The cross-instance invalidation subscription lost or regained its connection. While it is down,
 * other instances' writes cannot evict this instance's L1 entries, so they may be stale for up to the
 * L1 TTL; on reconnect the L1 is cleared (see {@link LocalCacheCleared.Reason#RECONNECT}).
 *
 * @param cacheName the cache
 * @param time when
 * @param connected true on reconnect, false on disconnect
 */
public record InvalidationBusChanged(String cacheName, Instant time, boolean connected) implements CacheEvent {}
