/**
 * Cache-aside for any {@link dev.stratum.api.Repository}: a Caffeine first level (L1) per instance,
 * an optional shared second level ({@link dev.stratum.api.spi.RemoteCache}, e.g. Redis), TTL with
 * jitter, negative caching, single-flight loading, invalidation on every write through the decorator,
 * cross-instance L1 invalidation over publish/subscribe, and opt-in query-result caching with tags.
 *
 * <p>Start from {@link dev.stratum.api.Repositories#decorate(dev.stratum.api.Repository)} and
 * {@link dev.stratum.cache.CacheConfig}. A cache failure is a miss plus an
 * {@linkplain dev.stratum.cache.event.CacheEvent event}, never a failed read.
 */
@NullMarked
package dev.stratum.cache;

import org.jspecify.annotations.NullMarked;
