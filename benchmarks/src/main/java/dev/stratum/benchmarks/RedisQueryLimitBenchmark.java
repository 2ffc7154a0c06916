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
import io.lettuce.core.KeyValue;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
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
 * Indexed queries with a small limit on Redis (#16 §3): 10,000 tasks, an equality matching 2,500 of
 * them, 20 returned — Stratum against the raw Lettuce code a user would write for the same read, with
 * the same data on the same server, in one JVM:
 *
 * <ul>
 *   <li>{@code stratumEqLimit20} ({@code eq(status).limit(20)}, id order) vs {@code rawEqLimit20}
 *       ({@code SMEMBERS} of a status set, the first 20 of them, {@code MGET}) and
 *       {@code rawEqLimit20Decoded} (the same plus decoding the 20 JSON documents into the record, as
 *       Stratum returns them);
 *   <li>{@code stratumEqSortLimit20} ({@code eq(status).sortBy(desc(priority)).limit(20)}, served by
 *       the compound index {@code (status, priority)}) vs {@code rawEqSortLimit20} ({@code ZREVRANGE 0 19}
 *       of a per-status sorted set scored by priority, {@code MGET}) and {@code rawEqSortLimit20Decoded}.
 * </ul>
 *
 * The raw side keeps its own keys ({@code SET}/{@code SADD}/{@code ZADD}), written once at set-up.
 * Throughput in operations per millisecond, one client thread.
 *
 * <pre>./mvnw -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar RedisQueryLimitBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisQueryLimitBenchmark {
    private static final int ENTITIES = 10_000;
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "BLOCKED", "DONE"};

    /** The benchmarked entity: status indexed alone and with priority as a compound index. */
    @Entity("bench_limit_tasks")
    @CompoundIndex(name = "by_status_priority", fields = {"status", "priority"})
    public record LimitTask(@Id String id, String title, @Indexed String status, int priority, String assigneeId) {}

    private RedisStore store;
    private Repository<LimitTask, String> tasks;
    private RedisClient client;
    private StatefulRedisConnection<String, byte[]> connection;
    private RedisCommands<String, byte[]> redis;
    private ObjectMapper json;
    private String raw;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        String uri = RedisTestServer.shared().uri();
        String tag = UUID.randomUUID().toString().substring(0, 6);
        store = RedisStore.builder().uri(uri).keyPrefix("benchlimit" + tag).build();
        tasks = store.repository(LimitTask.class);
        json = store.config().mapper().objectMapper();
        client = RedisClient.create(uri);
        connection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
        redis = connection.sync();
        raw = "benchlimit-raw" + tag + ":";
        List<LimitTask> batch = new ArrayList<>();
        for (int i = 0; i < ENTITIES; i++) {
            String status = STATUSES[i % 4];
            LimitTask t = new LimitTask(String.format("task-%05d", i), "Task number " + i, status, i % 10, "user-" + (i % 100));
            batch.add(t);
            redis.set(raw + "d:" + t.id(), json.writeValueAsBytes(store.config().mapper().toDocument(t)));
            redis.sadd(raw + "status:" + status, t.id().getBytes(StandardCharsets.UTF_8));
            redis.zadd(raw + "status-priority:" + status, t.priority(), t.id().getBytes(StandardCharsets.UTF_8));
        }
        tasks.saveAll(batch).throwIfFailed();
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        tasks.deleteAll(Query.all());
        for (String status : STATUSES) {
            redis.del(raw + "status:" + status, raw + "status-priority:" + status);
        }
        for (int i = 0; i < ENTITIES; i++) {
            redis.del(raw + "d:" + String.format("task-%05d", i));
        }
        connection.close();
        client.shutdown();
        store.close();
    }

    private static String status() {
        return STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
    }

    private List<KeyValue<String, byte[]>> mget(Iterator<byte[]> ids, int n) {
        String[] keys = new String[n];
        int k = 0;
        while (k < n && ids.hasNext()) {
            keys[k++] = raw + "d:" + new String(ids.next(), StandardCharsets.UTF_8);
        }
        return redis.mget(k == n ? keys : Arrays.copyOf(keys, k));
    }

    private List<LimitTask> decode(List<KeyValue<String, byte[]>> docs) throws Exception {
        List<LimitTask> out = new ArrayList<>(docs.size());
        for (KeyValue<String, byte[]> kv : docs) {
            out.add(json.readValue(kv.getValue(), LimitTask.class));
        }
        return out;
    }

    @Benchmark
    public List<LimitTask> stratumEqLimit20() {
        return tasks.find(Query.where(Filter.eq("status", status())).limit(20));
    }

    @Benchmark
    public List<KeyValue<String, byte[]>> rawEqLimit20() {
        Set<byte[]> ids = redis.smembers(raw + "status:" + status());
        return mget(ids.iterator(), 20);
    }

    @Benchmark
    public List<LimitTask> rawEqLimit20Decoded() throws Exception {
        return decode(rawEqLimit20());
    }

    @Benchmark
    public List<LimitTask> stratumEqSortLimit20() {
        return tasks.find(Query.where(Filter.eq("status", status())).sortBy(Sort.desc("priority")).limit(20));
    }

    @Benchmark
    public List<KeyValue<String, byte[]>> rawEqSortLimit20() {
        List<byte[]> ids = redis.zrevrange(raw + "status-priority:" + status(), 0, 19);
        return mget(ids.iterator(), ids.size());
    }

    @Benchmark
    public List<LimitTask> rawEqSortLimit20Decoded() throws Exception {
        return decode(rawEqSortLimit20());
    }
}
