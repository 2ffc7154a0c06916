package dev.stratum.cache.internal;

import org.jspecify.annotations.Nullable;

/**
 * One L1 entry: an entity, or {@code null} for a remembered miss, with the lifetime chosen when it
 * was stored (TTL with jitter, or the negative TTL).
 *
 * @param value the entity, null for "no such id"
 * @param ttlNanos how long the entry lives
 */
public record CachedValue(@Nullable Object value, long ttlNanos) {

    /** Whether this entry remembers that the id does not exist. */
    public boolean isAbsent() {
        return value == null;
    }
}
