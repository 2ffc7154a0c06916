package dev.stratum.cache.event;

import java.time.Duration;
import java.time.Instant;

/**
 * The remote (L2) cache answered again after failures; the decorator uses it again, after replaying
 * (or, if too many were lost, widening to a prefix clear of) the invalidations it missed.
 *
 * @param cacheName the cache
 * @param time when
 * @param unavailableFor how long it was considered down
 */
public record RemoteCacheRecovered(String cacheName, Instant time, Duration unavailableFor) implements CacheEvent {}
