package dev.stratum.benchmarks;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import com.google.cloud.firestore.WriteBatch;
import dev.stratum.api.BulkResult;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Version;
import dev.stratum.store.firestore.FirestoreStore;
import dev.stratum.testkit.firestore.FirestoreTestServer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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
 * Stratum's Firestore store against the bare {@code google-cloud-firestore} client on the same server
 * ({@link FirestoreTestServer#shared()}: {@code FIRESTORE_EMULATOR_HOST}, Docker, or the in-process server), in
 * one JVM, average time per operation:
 *
 * <ul>
 *   <li>{@code stratumFindById} vs {@code clientGet} ({@code document(id).get()}, the snapshot's data map);
 *   <li>{@code stratumInsert} vs {@code clientCreate} ({@code create()} of the same fields, new ids);
 *   <li>{@code stratumQuery} vs {@code clientQuery}: the same native query (eq on one field, limit 20);
 *   <li>{@code stratumSaveAll1000} vs {@code clientBatches1000} (two {@code WriteBatch} commits of 500 sets);
 *   <li>{@code stratumVersionedUpdate} (read + {@code update_time}-preconditioned write: 2 round trips) vs
 *       {@code clientGet}, to show what the version check costs.
 * </ul>
 *
 * <pre>./mvnw -q -Dstratum.out=target -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar FirestoreVsClientBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class FirestoreVsClientBenchmark {
    private static final int ENTITIES = 2_000;

    /** The benchmarked entity, unversioned (save is an upsert). */
    @Entity("bench_tasks")
    public record BenchTask(@Id String id, String title, String status, int priority, String assigneeId, List<String> tags,
            Instant dueAt, double score) {}

    /** A versioned counter for the update benchmark. */
    @Entity("bench_counters")
    public record BenchCounter(@Id String id, long value, @Version long version) {}

    private FirestoreStore store;
    private Firestore db;
    private Repository<BenchTask, String> tasks;
    private Repository<BenchCounter, String> counters;
    private CollectionReference raw;
    private String[] ids;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void setup() {
        String project = FirestoreTestServer.uniqueProjectId("bench");
        store = FirestoreStore.builder().projectId(project).emulatorHost(FirestoreTestServer.shared().emulatorHost()).build();
        db = store.unwrap(Firestore.class);
        tasks = store.repository(BenchTask.class);
        counters = store.repository(BenchCounter.class);
        raw = db.collection("bench_tasks");
        List<BenchTask> batch = new ArrayList<>();
        ids = new String[ENTITIES];
        for (int i = 0; i < ENTITIES; i++) {
            ids[i] = "task-" + i;
            batch.add(task(ids[i], i));
        }
        tasks.saveAll(batch).throwIfFailed();
        for (int i = 0; i < 100; i++) {
            counters.save(new BenchCounter("c" + i, 0, 0));
        }
    }

    private static BenchTask task(String id, int i) {
        return new BenchTask(id, "Task number " + i, i % 2 == 0 ? "OPEN" : "DONE", i % 10, "user-" + (i % 100),
                List.of("backend", "p" + (i % 3)), Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i * 60L), i * 0.5);
    }

    private static Map<String, Object> fields(BenchTask t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("title", t.title());
        m.put("status", t.status());
        m.put("priority", (long) t.priority());
        m.put("assigneeId", t.assigneeId());
        m.put("tags", t.tags());
        m.put("dueAt", com.google.cloud.Timestamp.ofTimeSecondsAndNanos(t.dueAt().getEpochSecond(), 0));
        m.put("score", t.score());
        return m;
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        store.close();
    }

    private static int pick() {
        return ThreadLocalRandom.current().nextInt(ENTITIES);
    }

    @Benchmark
    public Object stratumFindById() {
        return tasks.findById(ids[pick()]).orElseThrow();
    }

    @Benchmark
    public Object clientGet() throws Exception {
        DocumentSnapshot s = raw.document(ids[pick()]).get().get();
        return s.getData();
    }

    @Benchmark
    public Object stratumInsert() {
        return tasks.insert(task("s-" + UUID.randomUUID(), (int) sequence.incrementAndGet()));
    }

    @Benchmark
    public Object clientCreate() throws Exception {
        BenchTask t = task("c-" + UUID.randomUUID(), (int) sequence.incrementAndGet());
        return raw.document(t.id()).create(fields(t)).get();
    }

    @Benchmark
    public List<BenchTask> stratumQuery() {
        return tasks.find(Query.where(Filter.eq("assigneeId", "user-" + ThreadLocalRandom.current().nextInt(100))).limit(20));
    }

    @Benchmark
    public List<Map<String, Object>> clientQuery() throws Exception {
        List<Map<String, Object>> out = new ArrayList<>();
        for (QueryDocumentSnapshot d : raw.whereEqualTo("assigneeId", "user-" + ThreadLocalRandom.current().nextInt(100)).limit(20)
                .get().get().getDocuments()) {
            out.add(d.getData());
        }
        return out;
    }

    @Benchmark
    public BulkResult<BenchTask> stratumSaveAll1000() {
        long base = sequence.getAndAdd(1_000);
        List<BenchTask> batch = new ArrayList<>(1_000);
        for (int i = 0; i < 1_000; i++) {
            batch.add(task("sb-" + (base + i), i));
        }
        return tasks.saveAll(batch);
    }

    @Benchmark
    public Object clientBatches1000() throws Exception {
        long base = sequence.getAndAdd(1_000);
        Object last = List.of();
        for (int from = 0; from < 1_000; from += 500) {
            WriteBatch b = db.batch();
            for (int i = from; i < from + 500; i++) {
                BenchTask t = task("cb-" + (base + i), i);
                b.set(raw.document(t.id()), fields(t));
            }
            last = b.commit().get();
        }
        return last;
    }

    @Benchmark
    public Object stratumVersionedUpdate() {
        String id = "c" + ThreadLocalRandom.current().nextInt(100);
        BenchCounter c = counters.findById(id).orElseThrow();
        return counters.update(new BenchCounter(id, c.value() + 1, c.version()));
    }
}
