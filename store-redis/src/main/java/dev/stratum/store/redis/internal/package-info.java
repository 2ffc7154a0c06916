/**
 * Implementation of the Redis store: key layout, index maintenance, query planning, Lua scripts,
 * connections. Not for use by applications; the public types are in {@code dev.stratum.store.redis}.
 */
@NullMarked
package dev.stratum.store.redis.internal;

import org.jspecify.annotations.NullMarked;
