package dev.stratum.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.stratum.cache.CacheConfig;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;

/**
 * The L1: a size-bounded Caffeine cache of entities and remembered misses, each entry with its own
 * lifetime (TTL shortened by jitter, or the negative TTL).
 */
public final class LocalTier {
    private final Cache<Object, CachedValue> cache;
    private final long ttlNanos;
    private final long negativeNanos;
    private final double jitter;

    public LocalTier(CacheConfig<?> config, CacheCounters counters) {
        this.ttlNanos = config.ttl().toNanos();
        this.negativeNanos = config.negativeTtl().toNanos();
        this.jitter = config.jitter();
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.maximumSize())
                .expireAfter(new Expiry<Object, CachedValue>() {
                    @Override
                    public long expireAfterCreate(Object key, CachedValue value, long currentTime) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Object key, CachedValue value, long currentTime, long currentDuration) {
                        return value.ttlNanos();
                    }

                    @Override
                    public long expireAfterRead(Object key, CachedValue value, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(config.ticker()::getAsLong)
                // maintenance on the calling threads: no work for the common pool, deterministic in tests
                .executor(Runnable::run)
                .evictionListener((@Nullable Object k, @Nullable CachedValue v, RemovalCause c) -> counters.evictions.increment())
                .build();
    }

    /** The entry of {@code id}, if cached and not expired. */
    public @Nullable CachedValue get(Object id) {
        return cache.getIfPresent(id);
    }

    /** An entry holding {@code value} with a jittered TTL. */
    public CachedValue present(Object value) {
        long ttl = jitter == 0 ? ttlNanos : (long) (ttlNanos * (1 - jitter * ThreadLocalRandom.current().nextDouble()));
        return new CachedValue(value, Math.max(ttl, 1));
    }

    /** An entry remembering a miss, or null when negative caching is off. */
    public @Nullable CachedValue absent() {
        return negativeNanos == 0 ? null : new CachedValue(null, negativeNanos);
    }

    /** Stores an entry. */
    public void put(Object id, CachedValue value) {
        cache.put(id, value);
    }

    /** Drops one entry. */
    public void invalidate(Object id) {
        cache.invalidate(id);
    }

    /** Drops every entry. */
    public void clear() {
        cache.invalidateAll();
    }

    /** The number of entries (after pending maintenance). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }
}
