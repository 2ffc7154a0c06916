package dev.stratum.cache.internal;

import dev.stratum.api.spi.CacheOutcomes;
import java.util.Arrays;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The suppliers registered through {@link dev.stratum.api.spi.CacheOutcomeReporter}: asked once at the
 * start of a cacheable call for the sink of that call's hits, misses and loads.
 */
public final class OutcomeReporting {
    @SuppressWarnings("unchecked")
    private volatile Supplier<? extends @Nullable CacheOutcomes>[] suppliers = (Supplier<? extends @Nullable CacheOutcomes>[]) new Supplier<?>[0];

    /** Adds {@code supplier} (once: registering the same supplier again changes nothing). */
    public synchronized void add(Supplier<? extends @Nullable CacheOutcomes> supplier) {
        for (Supplier<? extends @Nullable CacheOutcomes> s : suppliers) {
            if (s == supplier) {
                return;
            }
        }
        Supplier<? extends @Nullable CacheOutcomes>[] next = Arrays.copyOf(suppliers, suppliers.length + 1);
        next[suppliers.length] = supplier;
        suppliers = next;
    }

    /** The sink of the call being made, or {@code null} when nobody records it. */
    public @Nullable CacheOutcomes current() {
        for (Supplier<? extends @Nullable CacheOutcomes> s : suppliers) {
            CacheOutcomes o = s.get();
            if (o != null) {
                return o;
            }
        }
        return null;
    }
}
