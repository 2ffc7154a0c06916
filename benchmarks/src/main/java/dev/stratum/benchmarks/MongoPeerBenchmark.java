package dev.stratum.benchmarks;

import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import dev.stratum.api.CompoundIndex;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.store.mongo.MongoStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
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
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.mapping.Document;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.repository.support.MongoRepositoryFactory;

/**
 * The bare driver, Stratum and Spring Data MongoDB side by side on the same in-process server, in one JVM,
 * one client thread; {@code impl} picks who runs the operation:
 *
 * <ul>
 *   <li>{@code driver}: {@code mongodb-driver-sync} with {@code org.bson.Document}s;
 *   <li>{@code stratum}: {@code MongoStore} repositories of records;
 *   <li>{@code template}: Spring Data's {@code MongoTemplate(client, db)} with its default
 *       {@code MappingMongoConverter}, records annotated with Spring's {@code @Document}/{@code @Id};
 *   <li>{@code repository}: a Spring Data repository interface from {@code MongoRepositoryFactory} on that
 *       template (derived query {@code findTop20ByStatusOrderByPriorityDesc}).
 * </ul>
 *
 * Operations: {@code findById} of a random one of 10,000 tasks; {@code insert} of a new task;
 * {@code query} eq on an indexed field + sort + limit 20; {@code saveAll} of 1,000 new five-field
 * metrics (compound index on asset and time; the driver uses {@code insertMany}, the template
 * {@code insert(Collection)}, the repository {@code saveAll}). No Spring Boot: the objects users would
 * get from it are built directly. The in-process server ignores secondary indexes and runs in this JVM,
 * so its time is in every figure; {@code MongoCodecBenchmark} measures the client cost alone.
 *
 * <p>Round trips per operation (a command listener on each client) are printed by
 * {@code java -cp benchmarks/target/benchmarks.jar dev.stratum.benchmarks.MongoPeerBenchmark}.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar MongoPeerBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class MongoPeerBenchmark {
    private static final int ENTITIES = 10_000;
    private static final int BULK = 1_000;
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "BLOCKED", "DONE"};
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    /** Stratum's task. */
    @Entity("peer_tasks")
    public record Task(@dev.stratum.api.Id String id, String title, @Indexed String status, @Indexed int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score) {}

    /** Stratum's metric. */
    @Entity("peer_metrics")
    @CompoundIndex(fields = {"assetId", "ts"})
    public record Metric(@dev.stratum.api.Id String id, String assetId, String metricName, Instant ts, double value) {}

    /** Spring Data's task. */
    @Document("peer_tasks_spring")
    public record SpringTask(@Id String id, String title, String status, int priority, String assigneeId, List<String> tags, Instant dueAt,
            double score) {}

    /** Spring Data's metric. */
    @Document("peer_metrics_spring")
    public record SpringMetric(@Id String id, String assetId, String metricName, Instant ts, double value) {}

    /** The repository a Spring Data user declares. */
    public interface SpringTaskRepository extends org.springframework.data.mongodb.repository.MongoRepository<SpringTask, String> {
        /** eq + sort + limit 20, derived from the name. */
        List<SpringTask> findTop20ByStatusOrderByPriorityDesc(String status);
    }

    /** Who runs the operations. */
    @Param({"driver", "stratum", "template", "repository"})
    public String impl;

    /** Counts the commands sent, for the round-trip check. */
    static final class CommandCounter implements CommandListener {
        final AtomicInteger commands = new AtomicInteger();

        @Override
        public void commandStarted(CommandStartedEvent event) {
            if (!event.getDatabaseName().equals("admin")) {
                commands.incrementAndGet();
            }
        }
    }

    final CommandCounter counter = new CommandCounter();
    private MongoServer server;
    private MongoStore store;
    private Repository<Task, String> tasks;
    private Repository<Metric, String> metrics;
    private MongoClient client;
    private MongoCollection<org.bson.Document> driverTasks;
    private MongoCollection<org.bson.Document> driverMetrics;
    private MongoTemplate template;
    private SpringTaskRepository springTasks;
    private org.springframework.data.mongodb.repository.MongoRepository<SpringMetric, String> springMetrics;
    private final AtomicLong sequence = new AtomicLong();

    /** The springMetrics repository's declaration. */
    public interface SpringMetricRepository extends org.springframework.data.mongodb.repository.MongoRepository<SpringMetric, String> {}

    @Setup(Level.Trial)
    public void start() {
        server = new MongoServer(new MemoryBackend());
        String uri = server.bindAndGetConnectionString();
        store = MongoStore.builder().uri(uri + "/peers").clientSettings(s -> s.addCommandListener(counter)).build();
        tasks = store.repository(Task.class);
        metrics = store.repository(Metric.class);
        client = MongoClients.create(MongoClientSettings.builder().applyConnectionString(new com.mongodb.ConnectionString(uri))
                .addCommandListener(counter).build());
        driverTasks = client.getDatabase("peers").getCollection("driver_tasks");
        driverTasks.createIndex(Indexes.ascending("status"));
        driverTasks.createIndex(Indexes.ascending("priority"));
        driverMetrics = client.getDatabase("peers").getCollection("driver_metrics");
        driverMetrics.createIndex(Indexes.ascending("assetId", "ts"));
        template = new MongoTemplate(client, "peers");
        MongoCollection<org.bson.Document> springTaskCollection = client.getDatabase("peers").getCollection("peer_tasks_spring");
        springTaskCollection.createIndex(Indexes.ascending("status"));
        springTaskCollection.createIndex(Indexes.ascending("priority"));
        client.getDatabase("peers").getCollection("peer_metrics_spring").createIndex(Indexes.ascending("assetId", "ts"));
        MongoRepositoryFactory factory = new MongoRepositoryFactory(template);
        springTasks = factory.getRepository(SpringTaskRepository.class);
        springMetrics = factory.getRepository(SpringMetricRepository.class);

        List<Task> seed = new ArrayList<>(ENTITIES);
        List<SpringTask> springSeed = new ArrayList<>(ENTITIES);
        List<org.bson.Document> driverSeed = new ArrayList<>(ENTITIES);
        for (int i = 0; i < ENTITIES; i++) {
            seed.add(task("task-" + i, i));
            springSeed.add(springTask("task-" + i, i));
            driverSeed.add(document("task-" + i, i));
        }
        tasks.saveAll(seed).throwIfFailed();
        template.insert(springSeed, SpringTask.class);
        driverTasks.insertMany(driverSeed);
    }

    @Setup(Level.Iteration)
    public void emptyWrites() {
        metrics.deleteAll(Query.all());
        driverMetrics.deleteMany(new org.bson.Document());
        client.getDatabase("peers").getCollection("peer_metrics_spring").deleteMany(new org.bson.Document());
        tasks.deleteAll(Query.where(Filter.startsWith("id", "new-")));
        driverTasks.deleteMany(Filters.regex("_id", "^new-"));
        client.getDatabase("peers").getCollection("peer_tasks_spring").deleteMany(Filters.regex("_id", "^new-"));
    }

    @TearDown(Level.Trial)
    public void stop() {
        client.close();
        store.close();
        server.shutdownNow();
    }

    private static Task task(String id, long i) {
        return new Task(id, "Task number " + i, STATUSES[(int) (i % 4)], (int) (i % 10), "user-" + (i % 50), List.of("tag" + (i % 7), "bench"),
                T0.plusSeconds(i), i * 0.5);
    }

    private static SpringTask springTask(String id, long i) {
        return new SpringTask(id, "Task number " + i, STATUSES[(int) (i % 4)], (int) (i % 10), "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), T0.plusSeconds(i), i * 0.5);
    }

    private static org.bson.Document document(String id, long i) {
        return new org.bson.Document("_id", id).append("title", "Task number " + i).append("status", STATUSES[(int) (i % 4)])
                .append("priority", (int) (i % 10)).append("assigneeId", "user-" + (i % 50)).append("tags", List.of("tag" + (i % 7), "bench"))
                .append("dueAt", Date.from(T0.plusSeconds(i))).append("score", i * 0.5);
    }

    @Benchmark
    public Object findById() {
        String id = "task-" + ThreadLocalRandom.current().nextInt(ENTITIES);
        switch (impl) {
            case "driver": return driverTasks.find(Filters.eq("_id", id)).first();
            case "stratum": return tasks.findById(id).orElseThrow();
            case "template": return Objects.requireNonNull(template.findById(id, SpringTask.class), id); // as orElseThrow does for the others
            default: return springTasks.findById(id).orElseThrow();
        }
    }

    @Benchmark
    public Object insert() {
        long n = sequence.incrementAndGet();
        String id = "new-" + n;
        switch (impl) {
            case "driver": {
                org.bson.Document d = document(id, n);
                driverTasks.insertOne(d);
                return d;
            }
            case "stratum": return tasks.insert(task(id, n));
            case "template": return template.insert(springTask(id, n));
            default: return springTasks.insert(springTask(id, n));
        }
    }

    @Benchmark
    public List<?> query() {
        String status = STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
        switch (impl) {
            case "driver":
                return driverTasks.find(Filters.eq("status", status)).sort(Sorts.descending("priority")).limit(20).into(new ArrayList<>());
            case "stratum":
                return tasks.find(Query.where(Filter.eq("status", status)).sortBy(Sort.desc("priority")).limit(20));
            case "template":
                return template.find(org.springframework.data.mongodb.core.query.Query.query(Criteria.where("status").is(status))
                        .with(org.springframework.data.domain.Sort.by(org.springframework.data.domain.Sort.Direction.DESC, "priority"))
                        .limit(20), SpringTask.class);
            default:
                return springTasks.findTop20ByStatusOrderByPriorityDesc(status);
        }
    }

    /** One call writing 1,000 new metrics; docs/s = ops/s × 1,000. */
    @Benchmark
    public int saveAll() {
        switch (impl) {
            case "driver": {
                List<org.bson.Document> batch = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    batch.add(new org.bson.Document("_id", "m-" + n).append("assetId", "asset-" + (n % 100)).append("metricName", "cpu")
                            .append("ts", Date.from(T0.plusSeconds(n))).append("value", n * 0.25));
                }
                driverMetrics.insertMany(batch);
                return batch.size();
            }
            case "stratum": {
                List<Metric> batch = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    batch.add(new Metric("m-" + n, "asset-" + (n % 100), "cpu", T0.plusSeconds(n), n * 0.25));
                }
                return metrics.saveAll(batch).saved().size();
            }
            default: {
                List<SpringMetric> batch = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    batch.add(new SpringMetric("m-" + n, "asset-" + (n % 100), "cpu", T0.plusSeconds(n), n * 0.25));
                }
                if (impl.equals("template")) {
                    return template.insert(batch, SpringMetric.class).size();
                }
                return springMetrics.saveAll(batch).size();
            }
        }
    }

    /** The round-trip check: commands each implementation sends for one of each operation. */
    public static void main(String[] args) {
        Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
        for (String impl : new String[] {"driver", "stratum", "template", "repository"}) {
            MongoPeerBenchmark b = new MongoPeerBenchmark();
            b.impl = impl;
            b.start();
            b.emptyWrites();
            Map<String, Integer> row = new LinkedHashMap<>();
            row.put("findById", count(b, b::findById));
            row.put("insert", count(b, b::insert));
            row.put("query", count(b, b::query));
            row.put("saveAll(1000)", count(b, b::saveAll));
            b.stop();
            table.put(impl, row);
        }
        System.out.println("commands sent per operation (MongoDB wire protocol round trips)");
        System.out.printf("%-12s %10s %8s %8s %14s%n", "impl", "findById", "insert", "query", "saveAll(1000)");
        table.forEach((impl, row) -> System.out.printf("%-12s %10d %8d %8d %14d%n", impl, row.get("findById"), row.get("insert"),
                row.get("query"), row.get("saveAll(1000)")));
    }

    private static int count(MongoPeerBenchmark b, Runnable op) {
        op.run(); // warm: first calls may fetch metadata
        int before = b.counter.commands.get();
        op.run();
        return b.counter.commands.get() - before;
    }
}
