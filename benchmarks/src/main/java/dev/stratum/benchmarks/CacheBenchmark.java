package dev.stratum.benchmarks;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.cache.CacheConfig;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.testkit.memory.InMemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The caching decorator: the latency of an L1 hit through the decorator ({@code hotFindById} with
 * {@code mode=cached}; target ≤ 1 µs), the write path ({@code saveHot}), and a read-heavy workload —
 * 90 % {@code findById}, 10 % {@code save}, keys drawn from a Zipf distribution (s = 0.99) over
 * 10,000 entities — with and without the cache, on the in-memory and the MongoDB store (see
 * {@link #open}), every store and mode in one JVM.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar CacheBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CacheBenchmark {
    static final int ENTITIES = 10_000;

    /** The store under the decorator. */
    @Param({"memory", "mongodb"})
    public String store;

    /** {@code bare}: the store's repository; {@code cached}: decorated with the L1 cache. */
    @Param({"bare", "cached"})
    public String mode;

    private Opened opened;
    private Repository<Item, String> repository;

    @Setup(Level.Trial)
    public void setUp() {
        opened = open(store);
        Repository<Item, String> bare = opened.store().repository(Item.class);
        bare.deleteAll(Query.all());
        List<Item> seed = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            seed.add(item(i));
        }
        bare.saveAll(seed).throwIfFailed();
        repository = mode.equals("cached")
                ? Repositories.decorate(bare).with(CacheConfig.<Item>builder().maximumSize(ENTITIES).ttl(Duration.ofMinutes(10))
                        .build()).build()
                : bare;
        // steady state: every key read once (a cold cache would measure a few seconds of first misses)
        List<String> all = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            all.add("item-" + i);
            if (all.size() == 1_000) {
                repository.findAllById(all);
                all.clear();
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        opened.close();
    }

    /** Per-thread position in the Zipf key sequence. */
    @State(Scope.Thread)
    public static class Workload {
        final int[] keys = zipf(ENTITIES, 0.99, 1 << 20, 42);
        final String[] ids = new String[ENTITIES];
        int next;

        public Workload() {
            for (int i = 0; i < ENTITIES; i++) {
                ids[i] = "item-" + i;
            }
        }
    }

    /** One findById of the same key: an L1 hit in {@code cached} mode. */
    @Benchmark
    public Optional<Item> hotFindById() {
        return repository.findById("item-0");
    }

    /** One save of a cached key: the write path's invalidation cost in {@code cached} mode. */
    @Benchmark
    public Item saveHot(Workload w) {
        return repository.save(item(w.next++ & 255).bump());
    }

    /** 9 reads to 1 write, Zipf keys; the result is per operation. */
    @Benchmark
    public Object readHeavyZipf(Workload w) {
        int i = w.next++ & (w.keys.length - 1);
        String id = w.ids[w.keys[i]];
        if (i % 10 == 9) {
            return repository.save(item(w.keys[i]).bump());
        }
        return repository.findById(id);
    }

    // ------------------------------------------------------------ shared with TracingBenchmark

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
     * Opens the store named by a benchmark {@code @Param}: {@code memory} is the testkit's in-memory
     * store; {@code mongodb} is the MongoDB store on {@code STRATUM_MONGODB_URI} when set, else on an
     * in-process mongo-java-server (the real driver over loopback, but not a real mongod: slower and
     * with different costs; numbers on it show the cache's effect, not MongoDB's latency).
     */
    static Opened open(String name) {
        if (name.equals("memory")) {
            return new Opened(InMemoryStore.create(), () -> {});
        }
        if (name.equals("mongodb")) {
            String uri = System.getenv("STRATUM_MONGODB_URI");
            if (uri != null && !uri.isBlank()) {
                return new Opened(MongoStore.builder().uri(uri).build(), () -> {});
            }
            MongoServer server = new MongoServer(new MemoryBackend());
            String local = server.bindAndGetConnectionString();
            return new Opened(MongoStore.builder().uri(local + "/bench").build(), server::shutdownNow);
        }
        throw new IllegalArgumentException("unknown store '" + name + "' (available: memory, mongodb)");
    }

    /** A store and whatever runs behind it (closed in tear-down, never interrupted). */
    @SuppressWarnings("try")
    record Opened(Store store, AutoCloseable server) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            try {
                store.close();
            } finally {
                server.close();
            }
        }
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
