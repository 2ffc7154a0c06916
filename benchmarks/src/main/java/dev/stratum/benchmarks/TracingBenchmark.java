package dev.stratum.benchmarks;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.benchmarks.CacheBenchmark.Item;
import dev.stratum.tracing.TracingConfig;
import io.opentelemetry.api.OpenTelemetry;
import java.util.ArrayList;
import java.util.List;
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
 * The tracing decorator's overhead with the no-op OpenTelemetry (what applications without an SDK
 * pay; target ≤ 5 % over the bare repository), per store (see {@link CacheBenchmark#open}), in one JVM.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar TracingBenchmark -f 1 -wi 2 -i 3 -w 1s -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TracingBenchmark {

    /** The store under the decorator. */
    @Param({"memory", "mongodb"})
    public String store;

    /** {@code bare}: the store's repository; {@code traced}: decorated with tracing on {@link OpenTelemetry#noop()}. */
    @Param({"bare", "traced"})
    public String mode;

    private CacheBenchmark.Opened opened;
    private Repository<Item, String> repository;
    private Query byOwner;
    private int n;

    @Setup(Level.Trial)
    public void setUp() {
        opened = CacheBenchmark.open(store);
        Repository<Item, String> bare = opened.store().repository(Item.class);
        bare.deleteAll(Query.all());
        List<Item> seed = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            seed.add(CacheBenchmark.item(i));
        }
        bare.saveAll(seed).throwIfFailed();
        repository = mode.equals("traced") ? Repositories.decorate(bare).with(TracingConfig.defaults(OpenTelemetry.noop())).build() : bare;
        byOwner = Query.where(Filter.eq("ownerId", "owner-7")).limit(5);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws Exception {
        opened.close();
    }

    @Benchmark
    public Optional<Item> findById() {
        return repository.findById("item-" + (n++ & 511));
    }

    @Benchmark
    public Item save() {
        return repository.save(CacheBenchmark.item(n++ & 511));
    }

    @Benchmark
    public List<Item> find() {
        return repository.find(byOwner);
    }
}
