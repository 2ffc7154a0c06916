package dev.stratum.cache.event;

import java.time.Instant;

/**
 * The whole first-level (L1) cache of one repository was dropped.
 *
 * @param cacheName the cache
 * @param time when
 * @param reason why
 */
public record LocalCacheCleared(String cacheName, Instant time, Reason reason) implements CacheEvent {

    /** Why the L1 was cleared. */
    public enum Reason {
        /** A {@code deleteAll(query)} through this decorator, which may have touched any entity. */
        DELETE_ALL,
        /** Another instance ran a {@code deleteAll(query)} and said so over the invalidation bus. */
        REMOTE_DELETE_ALL,
        /** The invalidation bus reconnected: messages may have been lost while it was down. */
        RECONNECT,
        /** The application called {@code CachingRepository.clear()} or {@code clearLocal()}. */
        EXPLICIT
    }
}
