package dev.stratum.benchmarks;

import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.cache.CacheConfig;
import dev.stratum.benchmarks.BenchStores.Item;
import java.time.Duration;
import java.util.Optional;
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
 * {@code mode=cached}; target ≤ 1 µs), and a read-heavy workload — 90 % {@code findById}, 10 %
 * {@code save}, keys drawn from a Zipf distribution (s = 0.99) over 10,000 entities — with and
 * without the cache, every store and mode in one JVM.
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
    @Param({"memory"})
    public String store;

    /** {@code bare}: the store's repository; {@code cached}: decorated with the L1 cache. */
    @Param({"bare", "cached"})
    public String mode;

    private Store opened;
    private Repository<Item, String> repository;

    @Setup(Level.Trial)
    public void setUp() {
        opened = BenchStores.open(store);
        Repository<Item, String> bare = opened.repository(Item.class);
        bare.deleteAll(dev.stratum.api.Query.all());
        for (int i = 0; i < ENTITIES; i++) {
            bare.save(BenchStores.item(i));
        }
        repository = mode.equals("cached")
                ? Repositories.decorate(bare).withCache(CacheConfig.<Item>builder().maximumSize(ENTITIES).ttl(Duration.ofMinutes(10))
                        .build()).build()
                : bare;
        repository.findById("item-0"); // warm the hot key
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        opened.close();
    }

    /** Per-thread position in the Zipf key sequence. */
    @State(Scope.Thread)
    public static class Workload {
        final int[] keys = BenchStores.zipf(ENTITIES, 0.99, 1 << 20, 42);
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

    /** 9 reads to 1 write, Zipf keys; the result is per operation. */
    @Benchmark
    public Object readHeavyZipf(Workload w) {
        int i = w.next++ & (w.keys.length - 1);
        String id = w.ids[w.keys[i]];
        if (i % 10 == 9) {
            return repository.save(BenchStores.item(w.keys[i]).bump());
        }
        return repository.findById(id);
    }
}
