package dev.stratum.benchmarks;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Store;
import dev.stratum.testkit.memory.InMemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/** Shared pieces of the decorator benchmarks: the entity, the stores, a Zipf key sequence. */
final class BenchStores {
    private BenchStores() {}

    /** An unversioned entity, so a write workload never conflicts. */
    @Entity("bench_items")
    public record Item(@Id String id, String name, @Indexed String ownerId, int counter, Instant updated, List<String> tags) {
        Item bump() {
            return new Item(id, name, ownerId, counter + 1, updated, tags);
        }
    }

    static Item item(int i) {
        return new Item("item-" + i, "Item number " + i, "owner-" + (i % 100), i, Instant.parse("2026-11-21T10:15:30.123Z"),
                List.of("a", "b", "c"));
    }

    /**
     * Opens the store named by a benchmark {@code @Param}. Only {@code memory} (the testkit's in-memory
     * store) exists on this classpath today; the MongoDB store joins once the benchmarks module depends on it.
     */
    static Store open(String name) {
        if (name.equals("memory")) {
            return InMemoryStore.create();
        }
        throw new IllegalArgumentException("unknown store '" + name + "' (available: memory)");
    }

    /** {@code n} keys in [0, keys) drawn from a Zipf distribution with exponent {@code s} (fixed seed). */
    static int[] zipf(int keys, double s, int n, long seed) {
        double[] cdf = new double[keys];
        double sum = 0;
        for (int k = 0; k < keys; k++) {
            sum += 1.0 / Math.pow(k + 1, s);
            cdf[k] = sum;
        }
        Random r = new Random(seed);
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            double u = r.nextDouble() * sum;
            int lo = 0;
            int hi = keys - 1;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (cdf[mid] < u) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            out[i] = lo;
        }
        return out;
    }
}
