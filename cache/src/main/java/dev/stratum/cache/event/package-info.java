/**
 * Events of the caching decorator (remote cache failures and recoveries, L1 clears), delivered to a
 * {@link dev.stratum.cache.event.CacheEventListener} registered on the
 * {@link dev.stratum.cache.CacheConfig}.
 */
@NullMarked
package dev.stratum.cache.event;

import org.jspecify.annotations.NullMarked;
