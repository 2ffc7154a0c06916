package dev.stratum.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.stratum.api.CompoundIndex;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Version;
import dev.stratum.store.mongo.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.bson.Document;
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
 * Stratum's MongoDB store against the bare driver ({@code mongodb-driver-sync}, {@code org.bson.Document}) on
 * the same in-process {@code mongo-java-server}, in one JVM:
 *
 * <ul>
 *   <li>{@code stratumFindById} (decoded into the record) vs {@code driverFindById} (a {@code Document});
 *   <li>{@code stratumInsert} vs {@code driverInsert} (insertOne of the same fields);
 *   <li>{@code stratumQuery} vs {@code driverQuery}: equality on an indexed field, sort, limit 20;
 *   <li>{@code stratumSaveAll} vs {@code driverInsertMany}: the bulk load a user writes — one operation is
 *       one {@code saveAll} of 1,000 new five-field records ({@code id, assetId, metricName, ts, value},
 *       unversioned, so {@code saveAll} means upsert) into a collection with a compound index on
 *       {@code assetId, ts}, against one {@code insertMany} of the same 1,000 documents into a collection
 *       with the same index. Docs/s = ops/s × 1,000.
 *   <li>{@code stratumSaveAllVersioned} vs {@code driverInsertMany}: the same records with a
 *       {@code @Version} field (new entities are plain inserts).
 * </ul>
 *
 * <p>Until Nov 2026 the bulk pair compared a <em>versioned</em> entity (whose new instances Stratum
 * inserts) in calls of 10,000 with one {@code insertMany} of 10,000: it reported saveAll at 1.5× the driver
 * while a user's unversioned {@code saveAll} in calls of 1,000 ran at 0.74–0.82× of {@code insertMany}.
 * Unversioned saves were {@code replaceOne} upserts, which cost the in-process server about 1.6× the CPU
 * of an insert (a lookup and an update command per document); the store now sends them as inserts first
 * and upserts only those refused as duplicates (see {@code MongoBulkWriter}), so the pair below measures
 * the user's path against the baseline the user compared with.
 *
 * The server is in-process (no network stack beyond loopback), so the numbers overstate Stratum's
 * share of the cost compared with a real server across a network. Throughput in operations per
 * millisecond, one client thread.
 *
 * <pre>./mvnw -q -Dstratum.out=target -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar MongoVsDriverBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class MongoVsDriverBenchmark {
    private static final int ENTITIES = 10_000;
    private static final int BULK = 1_000;
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "BLOCKED", "DONE"};

    /** The benchmarked entity: two indexed fields, versioned. */
    @Entity("bench_tasks")
    public record BenchTask(@Id String id, String title, @Indexed String status, @Indexed int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score, @Version long version) {}

    /** The same entity in another collection, for the write benchmarks (emptied before each iteration). */
    @Entity("bench_writes")
    public record BenchWrite(@Id String id, String title, @Indexed String status, @Indexed int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score, @Version long version) {}

    /** The user's bulk-loaded record: five fields, unversioned, a compound index on asset and time. */
    @Entity("bench_metrics")
    @CompoundIndex(fields = {"assetId", "ts"})
    public record Metric(@Id String id, String assetId, String metricName, Instant ts, double value) {}

    /** The same record, versioned. */
    @Entity("bench_vmetrics")
    @CompoundIndex(fields = {"assetId", "ts"})
    public record VersionedMetric(@Id String id, String assetId, String metricName, Instant ts, double value, @Version long version) {}

    private MongoServer server;
    private Repository<Metric, String> metrics;
    private Repository<VersionedMetric, String> versionedMetrics;
    private MongoCollection<Document> driverMetrics;
    private MongoStore store;
    private Repository<BenchTask, String> tasks;
    private Repository<BenchWrite, String> writes;
    private MongoClient client;
    private MongoCollection<Document> driverTasks;
    private MongoCollection<Document> driverWrites;
    private String[] ids;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void start() {
        server = new MongoServer(new MemoryBackend());
        String uri = server.bindAndGetConnectionString();
        store = MongoStore.builder().uri(uri + "/bench").build();
        tasks = store.repository(BenchTask.class);
        writes = store.repository(BenchWrite.class);
        client = MongoClients.create(uri);
        driverTasks = client.getDatabase("bench").getCollection("bench_tasks");
        driverWrites = client.getDatabase("bench").getCollection("bench_writes");
        driverTasks.createIndex(Indexes.ascending("status"));
        metrics = store.repository(Metric.class);
        versionedMetrics = store.repository(VersionedMetric.class);
        driverMetrics = client.getDatabase("bench").getCollection("bench_metrics_driver");
        driverMetrics.createIndex(Indexes.ascending("assetId", "ts"));
        ids = new String[ENTITIES];
        List<BenchTask> seed = new ArrayList<>(ENTITIES);
        for (int i = 0; i < ENTITIES; i++) {
            ids[i] = "task-" + i;
            seed.add(task(ids[i], i));
        }
        tasks.saveAll(seed).throwIfFailed();
    }

    private static BenchTask task(String id, int i) {
        return new BenchTask(id, "Task number " + i, STATUSES[i % STATUSES.length], i % 10, "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i), i * 0.5, 0);
    }

    private static BenchWrite write(String id, long i) {
        return new BenchWrite(id, "Task number " + i, STATUSES[(int) (i % STATUSES.length)], (int) (i % 10), "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i), i * 0.5, 0);
    }

    private static Document document(String id, long i) {
        return new Document("_id", id).append("title", "Task number " + i).append("status", STATUSES[(int) (i % STATUSES.length)])
                .append("priority", (int) (i % 10)).append("assigneeId", "user-" + (i % 50)).append("tags", List.of("tag" + (i % 7), "bench"))
                .append("dueAt", Date.from(Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i))).append("score", i * 0.5)
                .append("version", 1L);
    }

    @Setup(Level.Iteration)
    public void emptyWrites() {
        driverWrites.deleteMany(new Document());
        driverMetrics.deleteMany(new Document());
        metrics.deleteAll(Query.all());
        versionedMetrics.deleteAll(Query.all());
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        store.close();
        server.shutdownNow();
    }

    private String randomId() {
        return ids[ThreadLocalRandom.current().nextInt(ENTITIES)];
    }

    @Benchmark
    public BenchTask stratumFindById() {
        return tasks.findById(randomId()).orElseThrow();
    }

    @Benchmark
    public Document driverFindById() {
        return driverTasks.find(Filters.eq("_id", randomId())).first();
    }

    @Benchmark
    public BenchWrite stratumInsert() {
        long n = sequence.incrementAndGet();
        return writes.insert(write("s-" + n, n));
    }

    @Benchmark
    public Document driverInsert() {
        long n = sequence.incrementAndGet();
        Document d = document("d-" + n, n);
        driverWrites.insertOne(d);
        return d;
    }

    @Benchmark
    public List<BenchTask> stratumQuery() {
        String status = STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
        return tasks.find(Query.where(Filter.eq("status", status)).sortBy(Sort.desc("priority")).limit(20));
    }

    @Benchmark
    public List<Document> driverQuery() {
        String status = STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
        return driverTasks.find(Filters.eq("status", status)).sort(Sorts.descending("priority")).limit(20).into(new ArrayList<>());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int stratumSaveAll() {
        List<Metric> batch = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            long n = sequence.incrementAndGet();
            batch.add(new Metric("s-" + n, "asset-" + (n % 100), "cpu", T0.plusSeconds(n), n * 0.25));
        }
        return metrics.saveAll(batch).saved().size();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int stratumSaveAllVersioned() {
        List<VersionedMetric> batch = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            long n = sequence.incrementAndGet();
            batch.add(new VersionedMetric("v-" + n, "asset-" + (n % 100), "cpu", T0.plusSeconds(n), n * 0.25, 0));
        }
        return versionedMetrics.saveAll(batch).saved().size();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int driverInsertMany() {
        List<Document> batch = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            long n = sequence.incrementAndGet();
            batch.add(new Document("_id", "d-" + n).append("assetId", "asset-" + (n % 100)).append("metricName", "cpu")
                    .append("ts", Date.from(T0.plusSeconds(n))).append("value", n * 0.25));
        }
        driverMetrics.insertMany(batch);
        return batch.size();
    }
}
