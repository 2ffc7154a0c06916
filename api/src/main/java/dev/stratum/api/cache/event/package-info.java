/**
 * Events of the caching decorator (remote cache failures and recoveries, L1 clears), delivered to a
 * {@link dev.stratum.api.cache.event.CacheEventListener} registered on the
 * {@link dev.stratum.api.cache.CacheConfig}.
 */
@NullMarked
package dev.stratum.api.cache.event;

import org.jspecify.annotations.NullMarked;
