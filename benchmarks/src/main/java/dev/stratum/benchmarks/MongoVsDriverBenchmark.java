package dev.stratum.benchmarks;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
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
 *   <li>{@code stratumSaveAll} vs {@code driverInsertMany}: 10,000 new documents per operation (the
 *       entities are versioned and new, so saveAll inserts them in unordered bulk batches of 1000).
 * </ul>
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
    private static final int BULK = 10_000;
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "BLOCKED", "DONE"};

    /** The benchmarked entity: two indexed fields, versioned. */
    @Entity("bench_tasks")
    public record BenchTask(@Id String id, String title, @Indexed String status, @Indexed int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score, @Version long version) {}

    /** The same entity in another collection, for the write benchmarks (emptied before each iteration). */
    @Entity("bench_writes")
    public record BenchWrite(@Id String id, String title, @Indexed String status, @Indexed int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score, @Version long version) {}

    private MongoServer server;
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
        List<BenchWrite> batch = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            long n = sequence.incrementAndGet();
            batch.add(write("b-" + n, n));
        }
        return writes.saveAll(batch).saved().size();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int driverInsertMany() {
        List<Document> batch = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            long n = sequence.incrementAndGet();
            batch.add(document("m-" + n, n));
        }
        driverWrites.insertMany(batch);
        return batch.size();
    }
}
