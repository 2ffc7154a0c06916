package dev.stratum.benchmarks;

import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.LettuceFutures;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.NettyCustomizer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
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
import org.springframework.data.annotation.Id;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisHash;
import org.springframework.data.redis.core.RedisKeyValueAdapter;
import org.springframework.data.redis.core.RedisKeyValueTemplate;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.mapping.RedisMappingContext;
import org.springframework.data.redis.repository.support.RedisRepositoryFactory;
import org.springframework.data.repository.CrudRepository;
import org.springframework.data.repository.ListCrudRepository;

/**
 * The bare Lettuce driver, Stratum and Spring Data Redis repositories side by side on the same Redis
 * server, in one JVM, one client thread; {@code impl} picks who runs the operation:
 *
 * <ul>
 *   <li>{@code driver}: Lettuce as a user writes it by hand: a hash per task ({@code HSET}/{@code HGETALL},
 *       decoded into the record) and a set per status value kept by hand ({@code SADD}); writes and
 *       multi-key reads are pipelined (auto-flush off, one flush per operation);
 *   <li>{@code stratum}: {@code RedisStore} repositories of records ({@code @Indexed} status);
 *   <li>{@code repository}: Spring Data Redis repositories from {@code RedisRepositoryFactory} on a
 *       {@code RedisKeyValueTemplate} / {@code RedisKeyValueAdapter} over a {@code LettuceConnectionFactory}
 *       (the same Lettuce), records with {@code @RedisHash} and Spring's {@code @Indexed} status; derived
 *       queries {@code findTop20ByStatus} and {@code findByStatus}.
 * </ul>
 *
 * Only {@code status} is indexed, by all three. Operations: {@code findById} of a random one of 10,000
 * tasks; {@code insert} of a new task; {@code query20}: status equality, limit 20; {@code query2500}:
 * status equality returning all 2,500 matches; {@code saveAll} of 1,000 new tasks (ops/s × 1,000 =
 * tasks/s). Writes go to a second entity type, emptied before each iteration, so the read set stays
 * 10,000 tasks. No Spring Boot: the objects it would configure are built directly.
 *
 * <p>The server is {@link RedisTestServer#shared()}: {@code STRATUM_REDIS_URI}, else {@code redis-server}
 * from the PATH, else the embedded one. Round trips per operation (flushes to the socket counted on
 * the Lettuce channels all three share, and commands sent) are printed by
 * {@code java -cp benchmarks/target/benchmarks.jar dev.stratum.benchmarks.RedisPeerBenchmark}.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar RedisPeerBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class RedisPeerBenchmark {
    private static final int ENTITIES = 10_000;
    private static final int BULK = 1_000;
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "BLOCKED", "DONE"};
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String SPRING_TASKS = "peer_tasks_spring";
    private static final String SPRING_WRITES = "peer_writes_spring";

    /** Stratum's task (the read set). */
    @Entity("peer_tasks")
    public record Task(@dev.stratum.api.Id String id, String title, @Indexed String status, int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score) {}

    /** Stratum's task for the writes. */
    @Entity("peer_writes")
    public record WriteTask(@dev.stratum.api.Id String id, String title, @Indexed String status, int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score) {}

    /** Spring Data's task. */
    @RedisHash(SPRING_TASKS)
    public record SpringTask(@Id String id, String title, @org.springframework.data.redis.core.index.Indexed String status, int priority,
            String assigneeId, List<String> tags, Instant dueAt, double score) {}

    /** Spring Data's task for the writes. */
    @RedisHash(SPRING_WRITES)
    public record SpringWriteTask(@Id String id, String title, @org.springframework.data.redis.core.index.Indexed String status,
            int priority, String assigneeId, List<String> tags, Instant dueAt, double score) {}

    /** The repository a Spring Data user declares. */
    public interface SpringTaskRepository extends ListCrudRepository<SpringTask, String> {
        /** Status equality, limit 20, derived from the name. */
        List<SpringTask> findTop20ByStatus(String status);

        /** Status equality, every match. */
        List<SpringTask> findByStatus(String status);
    }

    /** The write repository's declaration. */
    public interface SpringWriteRepository extends CrudRepository<SpringWriteTask, String> {}

    /** Who runs the operations. */
    @Param({"driver", "stratum", "repository"})
    public String impl;

    /**
     * Counts, on every Lettuce channel of the three clients: flushes to the socket (a pipeline sent with
     * auto-flush off is one; commands sent asynchronously with auto-flush on are one each, though the
     * client waits only when it needs the replies) and commands completed.
     */
    @ChannelHandler.Sharable
    static final class RoundTripCounter extends ChannelOutboundHandlerAdapter implements NettyCustomizer, CommandLatencyRecorder {
        final AtomicInteger flushes = new AtomicInteger();
        final AtomicInteger commands = new AtomicInteger();

        @Override
        public void afterChannelInitialized(Channel channel) {
            channel.pipeline().addFirst(this);
        }

        @Override
        public void flush(ChannelHandlerContext ctx) throws Exception {
            flushes.incrementAndGet();
            super.flush(ctx);
        }

        @Override
        public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword commandType, long firstResponseLatency,
                long completionLatency) {
            commands.incrementAndGet();
        }
    }

    final RoundTripCounter counter = new RoundTripCounter();
    private ClientResources resources;
    private RedisStore store;
    private Repository<Task, String> tasks;
    private Repository<WriteTask, String> writes;
    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;
    private RedisCommands<String, String> redis;
    private StatefulRedisConnection<String, String> pipelined;
    private RedisAsyncCommands<String, String> pipeline;
    private String raw;
    private LettuceConnectionFactory connectionFactory;
    private RedisKeyValueTemplate keyValueTemplate;
    private SpringTaskRepository springTasks;
    private SpringWriteRepository springWrites;
    private final AtomicLong sequence = new AtomicLong();

    @Setup(Level.Trial)
    public void start() {
        String uri = RedisTestServer.shared().uri();
        String run = UUID.randomUUID().toString().substring(0, 6);
        resources = ClientResources.builder().nettyCustomizer(counter).commandLatencyRecorder(counter).build();
        store = RedisStore.builder().uri(uri).keyPrefix("peers" + run).clientResources(resources).build();
        tasks = store.repository(Task.class);
        writes = store.repository(WriteTask.class);

        client = RedisClient.create(resources, uri);
        connection = client.connect();
        redis = connection.sync();
        pipelined = client.connect();
        pipelined.setAutoFlushCommands(false);
        pipeline = pipelined.async();
        raw = "peersraw" + run;

        RedisURI parsed = RedisURI.create(uri);
        RedisStandaloneConfiguration server = new RedisStandaloneConfiguration(parsed.getHost(), parsed.getPort());
        server.setDatabase(parsed.getDatabase());
        RedisCredentials credentials = parsed.getCredentialsProvider().resolveCredentials().block();
        if (credentials != null && credentials.hasPassword()) {
            server.setPassword(credentials.getPassword());
        }
        if (credentials != null && credentials.hasUsername()) {
            server.setUsername(credentials.getUsername());
        }
        connectionFactory = new LettuceConnectionFactory(server, LettuceClientConfiguration.builder().clientResources(resources).build());
        connectionFactory.afterPropertiesSet();
        connectionFactory.start();
        RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
        template.setConnectionFactory(connectionFactory);
        template.afterPropertiesSet();
        RedisMappingContext mappingContext = new RedisMappingContext();
        RedisKeyValueAdapter adapter = new RedisKeyValueAdapter(template, mappingContext);
        adapter.afterPropertiesSet();
        keyValueTemplate = new RedisKeyValueTemplate(adapter, mappingContext);
        RedisRepositoryFactory factory = new RedisRepositoryFactory(keyValueTemplate);
        springTasks = factory.getRepository(SpringTaskRepository.class);
        springWrites = factory.getRepository(SpringWriteRepository.class);
        keyValueTemplate.delete(SpringTask.class); // a shared external server may hold a previous run's keyspaces
        keyValueTemplate.delete(SpringWriteTask.class);

        seed(impl);
    }

    /** The 10,000 tasks of one implementation (seeding all three would triple every fork's set-up). */
    private void seed(String who) {
        switch (who) {
            case "driver": {
                List<RedisFuture<?>> sent = new ArrayList<>(2 * ENTITIES);
                for (int i = 0; i < ENTITIES; i++) {
                    sendHash(raw + ":task:", raw + ":status:", "task-" + i, i, sent);
                }
                awaitPipeline(sent);
                break;
            }
            case "stratum": {
                List<Task> seed = new ArrayList<>(ENTITIES);
                for (int i = 0; i < ENTITIES; i++) {
                    seed.add(task("task-" + i, i));
                }
                tasks.saveAll(seed).throwIfFailed();
                break;
            }
            default: {
                List<SpringTask> seed = new ArrayList<>(ENTITIES);
                for (int i = 0; i < ENTITIES; i++) {
                    seed.add(springTask("task-" + i, i));
                }
                springTasks.saveAll(seed);
            }
        }
    }

    @Setup(Level.Iteration)
    public void emptyWrites() {
        writes.deleteAll(Query.all());
        keyValueTemplate.delete(SpringWriteTask.class);
        unlinkAll(raw + ":write*");
    }

    @TearDown(Level.Trial)
    public void stop() {
        emptyWrites();
        tasks.deleteAll(Query.all());
        keyValueTemplate.delete(SpringTask.class);
        unlinkAll(raw + ":*");
        connectionFactory.destroy();
        pipelined.close();
        connection.close();
        client.shutdown();
        store.close();
        if (!resources.shutdown().awaitUninterruptibly(30, TimeUnit.SECONDS)) { // the event loops are down before the next trial starts
            throw new IllegalStateException("Lettuce client resources did not shut down in 30 s");
        }
    }

    private void unlinkAll(String pattern) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            KeyScanCursor<String> page = redis.scan(cursor, ScanArgs.Builder.matches(pattern).limit(1000));
            if (!page.getKeys().isEmpty()) {
                redis.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }

    private static Task task(String id, long i) {
        return new Task(id, "Task number " + i, STATUSES[(int) (i % 4)], (int) (i % 10), "user-" + (i % 50), List.of("tag" + (i % 7), "bench"),
                T0.plusSeconds(i), i * 0.5);
    }

    private static WriteTask writeTask(String id, long i) {
        return new WriteTask(id, "Task number " + i, STATUSES[(int) (i % 4)], (int) (i % 10), "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), T0.plusSeconds(i), i * 0.5);
    }

    private static SpringTask springTask(String id, long i) {
        return new SpringTask(id, "Task number " + i, STATUSES[(int) (i % 4)], (int) (i % 10), "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), T0.plusSeconds(i), i * 0.5);
    }

    private static SpringWriteTask springWriteTask(String id, long i) {
        return new SpringWriteTask(id, "Task number " + i, STATUSES[(int) (i % 4)], (int) (i % 10), "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), T0.plusSeconds(i), i * 0.5);
    }

    /** The hand-written model: the task as a hash, its id added to the set of its status; queued, not flushed. */
    private void sendHash(String keys, String statusSets, String id, long i, List<RedisFuture<?>> sent) {
        Map<String, String> hash = new LinkedHashMap<>();
        hash.put("title", "Task number " + i);
        hash.put("status", STATUSES[(int) (i % 4)]);
        hash.put("priority", Integer.toString((int) (i % 10)));
        hash.put("assigneeId", "user-" + (i % 50));
        hash.put("tags", "tag" + (i % 7) + ",bench");
        hash.put("dueAt", T0.plusSeconds(i).toString());
        hash.put("score", Double.toString(i * 0.5));
        sent.add(pipeline.hset(keys + id, hash));
        sent.add(pipeline.sadd(statusSets + hash.get("status"), id));
    }

    private void awaitPipeline(List<RedisFuture<?>> sent) {
        pipelined.flushCommands();
        if (!LettuceFutures.awaitAll(Duration.ofSeconds(30), sent.toArray(RedisFuture[]::new))) {
            throw new IllegalStateException("pipeline timed out");
        }
    }

    @SuppressWarnings("NullAway") // a hash this benchmark wrote with every field (hand-written baseline: no checks, as Spring's is not slowed by any)
    private static Task decode(String id, Map<String, String> hash) {
        return new Task(id, hash.get("title"), hash.get("status"), Integer.parseInt(hash.get("priority")), hash.get("assigneeId"),
                Arrays.asList(hash.get("tags").split(",")), Instant.parse(hash.get("dueAt")), Double.parseDouble(hash.get("score")));
    }

    /** The hashes of these ids, pipelined in one flush, decoded. */
    private List<Task> driverLoad(List<String> ids) {
        List<RedisFuture<Map<String, String>>> sent = new ArrayList<>(ids.size());
        for (String id : ids) {
            sent.add(pipeline.hgetall(raw + ":task:" + id));
        }
        pipelined.flushCommands();
        List<Task> out = new ArrayList<>(ids.size());
        try {
            for (int i = 0; i < ids.size(); i++) {
                out.add(decode(ids.get(i), sent.get(i).get(30, TimeUnit.SECONDS)));
            }
        } catch (Exception e) {
            throw new IllegalStateException("pipelined HGETALL failed", e);
        }
        return out;
    }

    private List<Task> driverQuery(String status, int limit) {
        List<String> ids = new ArrayList<>(redis.smembers(raw + ":status:" + status));
        return driverLoad(limit > 0 && ids.size() > limit ? ids.subList(0, limit) : ids);
    }

    @Benchmark
    public Object findById() {
        String id = "task-" + ThreadLocalRandom.current().nextInt(ENTITIES);
        switch (impl) {
            case "driver": return decode(id, redis.hgetall(raw + ":task:" + id));
            case "stratum": return tasks.findById(id).orElseThrow();
            default: return springTasks.findById(id).orElseThrow();
        }
    }

    @Benchmark
    public Object insert() {
        long n = sequence.incrementAndGet();
        String id = "new-" + n;
        switch (impl) {
            case "driver": {
                List<RedisFuture<?>> sent = new ArrayList<>(2);
                sendHash(raw + ":write:", raw + ":writestatus:", id, n, sent);
                awaitPipeline(sent);
                return sent;
            }
            case "stratum": return writes.insert(writeTask(id, n));
            default: return springWrites.save(springWriteTask(id, n));
        }
    }

    /** Status equality, limit 20 (the driver: SMEMBERS, then 20 HGETALLs in one pipeline). */
    @Benchmark
    public List<?> query20() {
        String status = STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
        switch (impl) {
            case "driver": return driverQuery(status, 20);
            case "stratum": return tasks.find(Query.where(Filter.eq("status", status)).limit(20));
            default: return springTasks.findTop20ByStatus(status);
        }
    }

    /** Status equality returning all 2,500 matches. */
    @Benchmark
    public List<?> query2500() {
        String status = STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
        switch (impl) {
            case "driver": return driverQuery(status, 0);
            case "stratum": return tasks.find(Query.where(Filter.eq("status", status)));
            default: return springTasks.findByStatus(status);
        }
    }

    /** One call writing 1,000 new tasks; tasks/s = ops/s × 1,000. */
    @Benchmark
    public int saveAll() {
        switch (impl) {
            case "driver": {
                List<RedisFuture<?>> sent = new ArrayList<>(2 * BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    sendHash(raw + ":write:", raw + ":writestatus:", "bulk-" + n, n, sent);
                }
                awaitPipeline(sent);
                return BULK;
            }
            case "stratum": {
                List<WriteTask> batch = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    batch.add(writeTask("bulk-" + n, n));
                }
                return writes.saveAll(batch).saved().size();
            }
            default: {
                List<SpringWriteTask> batch = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    batch.add(springWriteTask("bulk-" + n, n));
                }
                int saved = 0;
                for (SpringWriteTask ignored : springWrites.saveAll(batch)) {
                    saved++;
                }
                return saved;
            }
        }
    }

    /**
     * The round-trip check: commands and socket flushes each implementation sends for one of each
     * operation (the fewest of three runs, after a warm-up run), and the rows each query returned (must
     * be 20 and 2,500 for all three).
     */
    public static void main(String[] args) {
        String[] ops = {"findById", "insert", "query20", "query2500", "saveAll(1000)"};
        Map<String, int[][]> table = new LinkedHashMap<>();
        for (String impl : new String[] {"driver", "stratum", "repository"}) {
            RedisPeerBenchmark b = new RedisPeerBenchmark();
            b.impl = impl;
            b.start();
            b.emptyWrites();
            try {
                check(impl, "findById", b.findById() != null);
                check(impl, "query20 rows", b.query20().size() == 20);
                check(impl, "query2500 rows", b.query2500().size() == 2_500);
                check(impl, "saveAll rows", b.saveAll() == BULK);
                List<Supplier<?>> calls = List.of(b::findById, b::insert, b::query20, b::query2500, b::saveAll);
                int[][] row = new int[calls.size()][];
                for (int i = 0; i < calls.size(); i++) {
                    row[i] = count(b, calls.get(i));
                }
                table.put(impl, row);
            } finally {
                b.stop();
            }
        }
        System.out.println("per operation: commands sent / flushes to the Redis socket");
        StringBuilder header = new StringBuilder(String.format("%-12s", "impl"));
        for (String op : ops) {
            header.append(String.format(" %15s", op));
        }
        System.out.println(header);
        table.forEach((impl, row) -> {
            StringBuilder line = new StringBuilder(String.format("%-12s", impl));
            for (int[] cell : row) {
                line.append(String.format(" %15s", cell[0] + " / " + cell[1]));
            }
            System.out.println(line);
        });
    }

    private static void check(String impl, String what, boolean ok) {
        if (!ok) {
            throw new IllegalStateException(impl + ": " + what + " not as expected");
        }
    }

    /** {commands, flushes}: each the fewest of three runs. */
    private static int[] count(RedisPeerBenchmark b, Supplier<?> op) {
        Object unusedWarm = op.get(); // warm: first calls may load scripts or open connections
        int[] fewest = {Integer.MAX_VALUE, Integer.MAX_VALUE};
        for (int run = 0; run < 3; run++) {
            int commands = b.counter.commands.get();
            int flushes = b.counter.flushes.get();
            Object unused = op.get();
            fewest[0] = Math.min(fewest[0], b.counter.commands.get() - commands);
            fewest[1] = Math.min(fewest[1], b.counter.flushes.get() - flushes);
        }
        return fewest;
    }
}
