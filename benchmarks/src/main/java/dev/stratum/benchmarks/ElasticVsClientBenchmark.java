package dev.stratum.benchmarks;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.elasticsearch.core.search.Hit;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Version;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Stratum's Elasticsearch store against the bare {@link ElasticsearchClient} on the same server, in one
 * JVM, both with the same refresh setting per write ({@code refresh=true}, the store's read-your-writes
 * default):
 *
 * <ul>
 *   <li>{@code stratumFindById} (decoded into the record) vs {@code clientGet} (a {@code Map} source);
 *   <li>{@code stratumInsert} vs {@code clientIndex} ({@code op_type=create} of the same fields);
 *   <li>{@code stratumQuery} vs {@code clientSearch}: term on a keyword field, sort on priority then id (the repository's
 *       order is total: ties are broken by the id), size 20;
 *   <li>{@code stratumSaveAll} vs {@code clientBulk}: 1,000 new documents in one {@code _bulk}.
 * </ul>
 *
 * The server is {@code STRATUM_ELASTICSEARCH_URI}, else the one {@link ElasticTestServer} starts (the
 * integ-test zip from the local Maven repository). Throughput in operations per second, one thread.
 *
 * <pre>./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ElasticVsClientBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ElasticVsClientBenchmark {
    private static final int ENTITIES = 5_000;
    private static final int BULK = 1_000;
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "BLOCKED", "DONE"};

    /** The benchmarked entity: two indexed fields, versioned. */
    @Entity("bench_tasks")
    public record BenchTask(@Id String id, String title, @Indexed String status, @Indexed int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score, @Version long version) {}

    /** The same entity in another index, for the write benchmarks. */
    @Entity("bench_writes")
    public record BenchWrite(@Id String id, String title, @Indexed String status, @Indexed int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score, @Version long version) {}

    private ElasticStore store;
    private Repository<BenchTask, String> tasks;
    private Repository<BenchWrite, String> writes;
    private ElasticsearchClient client;
    private String taskIndex;
    private String writeIndex;
    private String[] ids;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void start() {
        // ElasticRatios points both sides at a counting proxy through this property
        String uri = System.getProperty("stratum.bench.elastic.uri");
        store = ElasticStore.builder().uri(uri != null ? uri : ElasticTestServer.shared().uri()).indexPrefix(ElasticTestServer.uniquePrefix("bench"))
                .replicas(0).build();
        tasks = store.repository(BenchTask.class);
        writes = store.repository(BenchWrite.class);
        client = store.unwrap(ElasticsearchClient.class);
        taskIndex = store.aliasOf(BenchTask.class);
        writeIndex = store.aliasOf(BenchWrite.class);
        ids = new String[ENTITIES];
        List<BenchTask> seed = new ArrayList<>(ENTITIES);
        for (int i = 0; i < ENTITIES; i++) {
            ids[i] = "task-" + i;
            seed.add(task(ids[i], i));
        }
        tasks.saveAll(seed).throwIfFailed();
    }

    /** The bare client (the store's, through the same transport), for {@link ElasticRatios}. */
    ElasticsearchClient client() {
        return client;
    }

    /** The alias the query benchmarks search, for {@link ElasticRatios}. */
    String taskIndex() {
        return taskIndex;
    }

    private static BenchTask task(String id, int i) {
        return new BenchTask(id, "Task number " + i, STATUSES[i % STATUSES.length], i % 10, "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i), i * 0.5, 0);
    }

    private static BenchWrite write(String id, long i) {
        return new BenchWrite(id, "Task number " + i, STATUSES[(int) (i % STATUSES.length)], (int) (i % 10), "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i), i * 0.5, 0);
    }

    /** The same fields as the store writes (without its optional list sidecar). */
    private static Map<String, Object> document(String id, long i) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("id", id);
        d.put("title", "Task number " + i);
        d.put("status", STATUSES[(int) (i % STATUSES.length)]);
        d.put("priority", (int) (i % 10));
        d.put("assigneeId", "user-" + (i % 50));
        d.put("tags", List.of("tag" + (i % 7), "bench"));
        d.put("dueAt", Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i).toString());
        d.put("score", i * 0.5);
        d.put("version", 1L);
        return d;
    }

    /**
     * Deletes this trial's indexes (the two aliases' concrete indexes) before closing the store: JMH runs the
     * benchmarks one after another against one server, in name order ({@code client*} first), and each trial writes
     * up to a million documents; left behind they would make every later benchmark run on a fuller server (more
     * heap, more merges) than the one before it.
     */
    @TearDown(Level.Trial)
    public void stop() throws IOException {
        try {
            // by name: the server refuses wildcard deletes (action.destructive_requires_name)
            List<String> concrete = new ArrayList<>(client.indices().getAlias(a -> a.name(taskIndex, writeIndex)).result().keySet());
            if (!concrete.isEmpty()) {
                client.indices().delete(d -> d.index(concrete));
            }
        } finally {
            store.close();
        }
    }

    private String randomId() {
        return ids[ThreadLocalRandom.current().nextInt(ENTITIES)];
    }

    @Benchmark
    public BenchTask stratumFindById() {
        return tasks.findById(randomId()).orElseThrow();
    }

    @Benchmark
    @SuppressWarnings("rawtypes")
    public Map clientGet() throws IOException {
        String id = randomId();
        return client.get(g -> g.index(taskIndex).id(id), Map.class).source();
    }

    @Benchmark
    public BenchWrite stratumInsert() {
        long n = sequence.incrementAndGet();
        return writes.insert(write("s-" + n, n));
    }

    @Benchmark
    public String clientIndex() throws IOException {
        long n = sequence.incrementAndGet();
        Map<String, Object> d = document("c-" + n, n);
        return client.index(i -> i.index(writeIndex).id("c-" + n).document(d).opType(OpType.Create).refresh(Refresh.True)).id();
    }

    @Benchmark
    public List<BenchTask> stratumQuery() {
        String status = STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
        return tasks.find(Query.where(Filter.eq("status", status)).sortBy(Sort.desc("priority")).limit(20));
    }

    @Benchmark
    @SuppressWarnings("rawtypes")
    public List<Hit<Map>> clientSearch() throws IOException {
        String status = STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
        // the id breaks ties, as in the store's sort: without it the 20 rows among the ~125 tied on a priority are whichever
        // the server meets first, not the repository's (total) order, and the two searches would not return the same rows
        return client.search(s -> s.index(taskIndex).query(q -> q.term(t -> t.field("status").value(FieldValue.of(status))))
                .sort(o -> o.field(f -> f.field("priority").order(SortOrder.Desc)))
                .sort(o -> o.field(f -> f.field("id").order(SortOrder.Asc))).size(20), Map.class).hits().hits();
    }

    @Benchmark
    public int stratumSaveAll() {
        List<BenchWrite> batch = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            long n = sequence.incrementAndGet();
            batch.add(write("b-" + n, n));
        }
        return writes.saveAll(batch).saved().size();
    }

    @Benchmark
    public int clientBulk() throws IOException {
        List<BulkOperation> ops = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            long n = sequence.incrementAndGet();
            Map<String, Object> d = document("m-" + n, n);
            ops.add(BulkOperation.of(b -> b.create(c -> c.index(writeIndex).id("m-" + n).document(d))));
        }
        return client.bulk(BulkRequest.of(b -> b.operations(ops).refresh(Refresh.True))).items().size();
    }
}
