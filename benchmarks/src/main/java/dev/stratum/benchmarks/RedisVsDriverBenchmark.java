package dev.stratum.benchmarks;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.CompoundIndex;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
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
 * Stratum's Redis store against the bare Lettuce driver on the same server, in one JVM:
 *
 * <ul>
 *   <li>{@code stratumFindById} vs {@code driverGet} (GET of the same JSON, bytes not decoded) and
 *       {@code driverGetDecoded} (GET plus decoding with the same Jackson mapper into the record);
 *   <li>{@code stratumSave} (an entity with three indexed fields, one EVALSHA updating document and
 *       indexes) vs {@code driverSet} (a plain SET of the same JSON);
 *   <li>{@code stratumQuery}: eq on an indexed field, sorted by another, limit 20 (no driver equivalent);
 *   <li>{@code stratumSaveAll} vs {@code driverPipelinedSaveAll}: the bulk load of {@code MongoVsDriverBenchmark}
 *       — one operation writes 1,000 new five-field records ({@code id, assetId, metricName, ts, value},
 *       compound index on {@code assetId, ts}). The baseline pipelines, in one flush, what the store keeps
 *       for each record: the JSON ({@code SET}), the id set ({@code ZADD}), the per-entity index record
 *       ({@code HSET}, same size) and the same index entries (equality set, presence set, sortable zset
 *       and hash of the indexed field). The store indexes only the compound index's first field on
 *       Redis; the baseline does the same. Docs/s = ops/s × 1,000.
 * </ul>
 *
 * The server is {@link RedisTestServer#shared()}: {@code STRATUM_REDIS_URI}, Docker, or {@code redis-server}
 * on the PATH. Throughput in operations per millisecond, one client thread (add {@code -t 4} for more).
 *
 * <pre>./mvnw -q -Dstratum.out=target -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RedisVsDriverBenchmark -f 1 -wi 3 -i 5 -w 2s -r 3s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RedisVsDriverBenchmark {
    private static final int ENTITIES = 10_000;
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "BLOCKED", "DONE"};

    /** The benchmarked entity: three indexed fields, unversioned (save is an upsert). */
    @Entity("bench_tasks")
    public record BenchTask(@Id String id, String title, @Indexed String status, @Indexed int priority, @Indexed String assigneeId,
            List<String> tags, Instant dueAt, double score) {}

    /** The bulk-loaded record: five fields, unversioned, a compound index on asset and time. */
    @Entity("bench_metrics")
    @CompoundIndex(fields = {"assetId", "ts"})
    public record Metric(@Id String id, String assetId, String metricName, Instant ts, double value) {}

    private static final int BULK = 1_000;
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    private RedisStore store;
    private Repository<Metric, String> metrics;
    private StatefulRedisConnection<String, byte[]> pipelined;
    private RedisAsyncCommands<String, byte[]> pipeline;
    private String rawTag;
    private long sequence;
    private Repository<BenchTask, String> tasks;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;
    private RedisCommands<String, byte[]> redis;
    private ObjectMapper json;
    private String[] ids;
    private byte[][] documents;
    private BenchTask[] entities;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        String uri = RedisTestServer.shared().uri();
        store = RedisStore.builder().uri(uri).keyPrefix("bench" + UUID.randomUUID().toString().substring(0, 6)).build();
        tasks = store.repository(BenchTask.class);
        metrics = store.repository(Metric.class);
        json = store.config().mapper().objectMapper();
        client = RedisClient.create(uri);
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        redis = connection.sync();
        pipelined = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        pipelined.setAutoFlushCommands(false);
        pipeline = pipelined.async();
        rawTag = "{benchraw" + UUID.randomUUID().toString().substring(0, 6) + ":metrics}";
        List<BenchTask> batch = new ArrayList<>();
        ids = new String[ENTITIES];
        entities = new BenchTask[ENTITIES];
        documents = new byte[ENTITIES][];
        for (int i = 0; i < ENTITIES; i++) {
            ids[i] = "task-" + i;
            entities[i] = new BenchTask(ids[i], "Task number " + i, STATUSES[i % 4], i % 10, "user-" + (i % 100),
                    List.of("backend", "p" + (i % 3)), Instant.parse("2026-11-01T00:00:00Z").plusSeconds(i * 60L), i * 0.5);
            batch.add(entities[i]);
            documents[i] = store.config().mapper().objectMapper().writeValueAsBytes(store.config().mapper().toDocument(entities[i]));
            redis.set("bench-raw:" + ids[i], documents[i]);
        }
        tasks.saveAll(batch).throwIfFailed();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tasks.deleteAll(Query.all());
        for (String id : ids) {
            redis.del("bench-raw:" + id);
        }
        emptyMetrics();
        pipelined.close();
        connection.close();
        client.shutdown();
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
    public byte[] driverGet() {
        return redis.get("bench-raw:" + ids[pick()]);
    }

    @Benchmark
    public BenchTask driverGetDecoded() throws Exception {
        return json.readValue(redis.get("bench-raw:" + ids[pick()]), BenchTask.class);
    }

    @Benchmark
    public Object stratumSave() {
        int i = pick();
        BenchTask t = entities[i];
        return tasks.save(new BenchTask(t.id(), t.title(), STATUSES[ThreadLocalRandom.current().nextInt(4)],
                ThreadLocalRandom.current().nextInt(10), t.assigneeId(), t.tags(), t.dueAt(), t.score()));
    }

    @Benchmark
    public String driverSet() {
        int i = pick();
        return redis.set("bench-raw:" + ids[i], documents[i]);
    }

    @Benchmark
    public List<BenchTask> stratumQuery() {
        return tasks.find(Query.where(Filter.eq("assigneeId", "user-" + ThreadLocalRandom.current().nextInt(100)))
                .sortBy(Sort.desc("priority")).limit(20));
    }

    @Setup(Level.Iteration)
    public void emptyMetrics() {
        metrics.deleteAll(Query.all());
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(rawTag + "*").limit(1000));
            if (!page.getKeys().isEmpty()) {
                redis.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int stratumSaveAll() {
        List<Metric> batch = new ArrayList<>(BULK);
        for (int i = 0; i < BULK; i++) {
            long n = ++sequence;
            batch.add(new Metric("s-" + n, "asset-" + (n % 100), "cpu", T0.plusSeconds(n), n * 0.25));
        }
        return metrics.saveAll(batch).saved().size();
    }

    @Benchmark
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int driverPipelinedSaveAll() throws Exception {
        List<RedisFuture<?>> sent = new ArrayList<>(BULK * 7);
        for (int i = 0; i < BULK; i++) {
            long n = ++sequence;
            Metric m = new Metric("d-" + n, "asset-" + (n % 100), "cpu", T0.plusSeconds(n), n * 0.25);
            byte[] doc = json.writeValueAsBytes(m);
            String sortable = "2" + m.assetId();
            sent.add(pipeline.set(rawTag + ":d:" + m.id(), doc));
            sent.add(pipeline.zadd(rawTag + ":ids", 0, m.id().getBytes(StandardCharsets.UTF_8)));
            sent.add(pipeline.hset(rawTag + ":m", m.id(), ("\u0001si:assetId:p\u0001si:assetId:e:s" + m.assetId() + "\u0001li:assetId:\u0000" + sortable)
                    .getBytes(StandardCharsets.UTF_8)));
            sent.add(pipeline.sadd(rawTag + ":i:assetId:e:s" + m.assetId(), m.id().getBytes(StandardCharsets.UTF_8)));
            sent.add(pipeline.sadd(rawTag + ":i:assetId:p", m.id().getBytes(StandardCharsets.UTF_8)));
            sent.add(pipeline.zadd(rawTag + ":i:assetId:l", 0, (sortable + "\u0000" + m.id()).getBytes(StandardCharsets.UTF_8)));
            sent.add(pipeline.hset(rawTag + ":i:assetId:v", m.id(), sortable.getBytes(StandardCharsets.UTF_8)));
        }
        pipelined.flushCommands();
        if (!LettuceFutures.awaitAll(Duration.ofSeconds(30), sent.toArray(RedisFuture[]::new))) {
            throw new IllegalStateException("pipeline timed out");
        }
        return BULK;
    }
}
