package dev.stratum.benchmarks.elastic;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch._types.FieldValue;
import co.elastic.clients.elasticsearch._types.OpType;
import co.elastic.clients.elasticsearch._types.Refresh;
import co.elastic.clients.elasticsearch._types.SortOrder;
import co.elastic.clients.elasticsearch.core.BulkRequest;
import co.elastic.clients.elasticsearch.core.bulk.BulkOperation;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequestInterceptor;
import org.elasticsearch.client.RestClient;
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
import org.springframework.data.domain.PageRequest;
import org.springframework.data.elasticsearch.annotations.Document;
import org.springframework.data.elasticsearch.annotations.Field;
import org.springframework.data.elasticsearch.annotations.FieldType;
import org.springframework.data.elasticsearch.annotations.Setting;
import org.springframework.data.elasticsearch.client.ClientConfiguration;
import org.springframework.data.elasticsearch.client.elc.ElasticsearchClients;
import org.springframework.data.elasticsearch.client.elc.ElasticsearchClients.ElasticsearchHttpClientConfigurationCallback;
import org.springframework.data.elasticsearch.client.elc.ElasticsearchTemplate;
import org.springframework.data.elasticsearch.core.IndexOperations;
import org.springframework.data.elasticsearch.core.RefreshPolicy;
import org.springframework.data.elasticsearch.core.SearchHit;
import org.springframework.data.elasticsearch.core.query.Criteria;
import org.springframework.data.elasticsearch.core.query.CriteriaQuery;
import org.springframework.data.elasticsearch.repository.ElasticsearchRepository;
import org.springframework.data.elasticsearch.repository.support.ElasticsearchRepositoryFactory;

/**
 * The bare {@code elasticsearch-java} client, Stratum and Spring Data Elasticsearch side by side on the same
 * server, in one JVM, one client thread; {@code impl} picks who runs the operation:
 *
 * <ul>
 *   <li>{@code client}: {@code ElasticsearchClient} with {@code Map} documents, an index with an explicit mapping;
 *   <li>{@code stratum}: {@code ElasticStore} repositories of records (its default {@code RefreshPolicy.IMMEDIATE});
 *   <li>{@code template}: Spring Data's {@code ElasticsearchTemplate} on the client of
 *       {@code ElasticsearchClients.createImperative(ClientConfiguration)}, records with Spring's
 *       {@code @Document}/{@code @Field}, {@code RefreshPolicy.IMMEDIATE};
 *   <li>{@code repository}: a Spring Data repository from {@code ElasticsearchRepositoryFactory} on that template
 *       (derived query {@code findByStatusOrderByPriorityDesc(status, PageRequest.of(0, 20))}).
 * </ul>
 *
 * <p>Every write of every implementation asks for {@code refresh=true}, so a query right after sees it (Stratum's
 * read-your-writes default). Operations: {@code findById} of a random one of 5,000 tasks; {@code insert} of a new
 * task (Stratum and the client create; Spring Data has no create-only call, so it indexes); {@code query} term on a
 * keyword field + sort by an integer field + 20 hits; {@code saveAll} of 1,000 new tasks (one {@code _bulk} for the
 * client, Stratum's {@code saveAll}, the template's {@code save(Iterable)}, the repository's {@code saveAll}). No
 * Spring Boot: the objects a user would get from it are built directly.
 *
 * <p>Spring Data Elasticsearch is 5.5 (the last line on an 8.x client; 6.x needs a 9.x client, which an 8.19
 * server refuses), on Spring Framework 6.2, which is why this benchmark has its own module.
 *
 * <p>Requests per operation (an interceptor on each client's HTTP connection) are printed by
 * {@code java -cp benchmarks-elastic/target/benchmarks-elastic.jar dev.stratum.benchmarks.elastic.ElasticPeerBenchmark}.
 *
 * <pre>./mvnw -B -q -pl benchmarks-elastic -am package -DskipTests
 * java -jar benchmarks-elastic/target/benchmarks-elastic.jar ElasticPeerBenchmark -f 1 -wi 3 -w 2s -i 5 -r 2s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ElasticPeerBenchmark {
    private static final int ENTITIES = 5_000;
    private static final int BULK = 1_000;
    private static final String[] STATUSES = {"OPEN", "IN_PROGRESS", "BLOCKED", "DONE"};
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");
    private static final String CLIENT_INDEX = "peer_tasks_client";
    private static final String SPRING_INDEX = "peer_tasks_spring";

    /** Stratum's task. */
    @Entity("peer_tasks")
    public record Task(@dev.stratum.api.Id String id, String title, @Indexed String status, @Indexed int priority, String assigneeId,
            List<String> tags, Instant dueAt, double score) {}

    /** Spring Data's task: the fields a query filters or sorts on are typed, like Stratum's {@code @Indexed}. */
    @Document(indexName = SPRING_INDEX)
    @Setting(shards = 1, replicas = 0)
    public record SpringTask(@Id String id, @Field(type = FieldType.Text) String title, @Field(type = FieldType.Keyword) String status,
            @Field(type = FieldType.Integer) int priority, @Field(type = FieldType.Keyword) String assigneeId,
            @Field(type = FieldType.Keyword) List<String> tags, @Field(type = FieldType.Date) Instant dueAt,
            @Field(type = FieldType.Double) double score) {}

    /** The repository a Spring Data user declares. */
    public interface SpringTaskRepository extends ElasticsearchRepository<SpringTask, String> {
        /** eq + sort, 20 per page, derived from the name. */
        List<SpringTask> findByStatusOrderByPriorityDesc(String status, PageRequest page);
    }

    /** Who runs the operations. */
    @Param({"client", "stratum", "template", "repository"})
    public String impl;

    /** HTTP requests sent by all clients, for the round-trip check. */
    final AtomicInteger requests = new AtomicInteger();
    private final AtomicLong sequence = new AtomicLong();
    private RestClient restClient;
    private ElasticsearchClient client;
    private ElasticStore store;
    private Repository<Task, String> tasks;
    private ElasticsearchClient springClient;
    private ElasticsearchTemplate template;
    private SpringTaskRepository springTasks;
    private String[] ids = new String[0];

    @Setup(Level.Trial)
    public void start() throws IOException {
        URI uri = URI.create(ElasticTestServer.shared().uri());
        HttpRequestInterceptor counter = (request, context) -> requests.incrementAndGet();
        restClient = RestClient.builder(new HttpHost(uri.getHost(), uri.getPort(), uri.getScheme()))
                .setHttpClientConfigCallback(b -> b.addInterceptorLast(counter)).build();
        client = new ElasticsearchClient(new RestClientTransport(restClient, new JacksonJsonpMapper()));
        store = ElasticStore.builder().restClient(restClient).indexPrefix(ElasticTestServer.uniquePrefix("peer"))
                .replicas(0).build();
        tasks = store.repository(Task.class);

        springClient = ElasticsearchClients.createImperative(ClientConfiguration.builder().connectedTo(uri.getHost() + ":" + uri.getPort())
                .withSocketTimeout(Duration.ofSeconds(60)) // Spring's default 5 s is too short for seeding a fresh index
                .withClientConfigurer(ElasticsearchHttpClientConfigurationCallback.from(b -> b.addInterceptorLast(counter))).build());
        template = new ElasticsearchTemplate(springClient);
        template.setRefreshPolicy(RefreshPolicy.IMMEDIATE);
        IndexOperations springIndex = template.indexOps(SpringTask.class);
        springIndex.delete();
        springIndex.createWithMapping();
        springTasks = new ElasticsearchRepositoryFactory(template).getRepository(SpringTaskRepository.class);

        client.indices().delete(d -> d.index(CLIENT_INDEX).ignoreUnavailable(true));
        client.indices().create(c -> c.index(CLIENT_INDEX).settings(s -> s.numberOfShards("1").numberOfReplicas("0"))
                .mappings(m -> m.properties("title", p -> p.text(t -> t)).properties("status", p -> p.keyword(k -> k))
                        .properties("priority", p -> p.integer(i -> i)).properties("assigneeId", p -> p.keyword(k -> k))
                        .properties("tags", p -> p.keyword(k -> k)).properties("dueAt", p -> p.date(d -> d))
                        .properties("score", p -> p.double_(d -> d))));

        ids = new String[ENTITIES];
        List<Task> seed = new ArrayList<>(ENTITIES);
        List<SpringTask> springSeed = new ArrayList<>(ENTITIES);
        List<BulkOperation> clientSeed = new ArrayList<>(ENTITIES);
        for (int i = 0; i < ENTITIES; i++) {
            String id = "task-" + i;
            ids[i] = id;
            seed.add(task(id, i));
            springSeed.add(springTask(id, i));
            Map<String, Object> d = document(i);
            clientSeed.add(BulkOperation.of(b -> b.index(x -> x.index(CLIENT_INDEX).id(id).document(d))));
        }
        tasks.saveAll(seed).throwIfFailed();
        template.save(springSeed);
        client.bulk(BulkRequest.of(b -> b.operations(clientSeed).refresh(Refresh.True)));
    }

    @TearDown(Level.Trial)
    public void stop() throws IOException {
        template.indexOps(SpringTask.class).delete();
        client.indices().delete(d -> d.index(CLIENT_INDEX).ignoreUnavailable(true));
        springClient._transport().close();
        store.close();
        restClient.close();
    }

    private static Task task(String id, long i) {
        return new Task(id, "Task number " + i, STATUSES[(int) (i % 4)], (int) (i % 10), "user-" + (i % 50), List.of("tag" + (i % 7), "bench"),
                T0.plusSeconds(i), i * 0.5);
    }

    private static SpringTask springTask(String id, long i) {
        return new SpringTask(id, "Task number " + i, STATUSES[(int) (i % 4)], (int) (i % 10), "user-" + (i % 50),
                List.of("tag" + (i % 7), "bench"), T0.plusSeconds(i), i * 0.5);
    }

    private static Map<String, Object> document(long i) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("title", "Task number " + i);
        d.put("status", STATUSES[(int) (i % 4)]);
        d.put("priority", (int) (i % 10));
        d.put("assigneeId", "user-" + (i % 50));
        d.put("tags", List.of("tag" + (i % 7), "bench"));
        d.put("dueAt", T0.plusSeconds(i).toString());
        d.put("score", i * 0.5);
        return d;
    }

    private String randomId() {
        return ids[ThreadLocalRandom.current().nextInt(ENTITIES)];
    }

    @Benchmark
    public Object findById() throws IOException {
        String id = randomId();
        switch (impl) {
            case "client": return client.get(g -> g.index(CLIENT_INDEX).id(id), Map.class).source();
            case "stratum": return tasks.findById(id).orElseThrow();
            case "template": return template.get(id, SpringTask.class);
            default: return springTasks.findById(id).orElseThrow();
        }
    }

    @Benchmark
    public Object insert() throws IOException {
        long n = sequence.incrementAndGet();
        String id = "new-" + n;
        switch (impl) {
            case "client": {
                Map<String, Object> d = document(n);
                return client.index(i -> i.index(CLIENT_INDEX).id(id).document(d).opType(OpType.Create).refresh(Refresh.True)).id();
            }
            case "stratum": return tasks.insert(task(id, n));
            case "template": return template.save(springTask(id, n));
            default: return springTasks.save(springTask(id, n));
        }
    }

    @Benchmark
    public List<?> query() throws IOException {
        String status = STATUSES[ThreadLocalRandom.current().nextInt(STATUSES.length)];
        switch (impl) {
            case "client":
                return client.search(s -> s.index(CLIENT_INDEX).query(q -> q.term(t -> t.field("status").value(FieldValue.of(status))))
                        .sort(o -> o.field(f -> f.field("priority").order(SortOrder.Desc))).size(20), Map.class).hits().hits();
            case "stratum":
                return tasks.find(Query.where(Filter.eq("status", status)).sortBy(Sort.desc("priority")).limit(20));
            case "template": {
                CriteriaQuery q = new CriteriaQuery(new Criteria("status").is(status));
                q.addSort(org.springframework.data.domain.Sort.by(org.springframework.data.domain.Sort.Direction.DESC, "priority"));
                q.setPageable(PageRequest.of(0, 20));
                return template.search(q, SpringTask.class).getSearchHits().stream().map(SearchHit::getContent).toList();
            }
            default:
                return springTasks.findByStatusOrderByPriorityDesc(status, PageRequest.of(0, 20));
        }
    }

    /** One call writing 1,000 new tasks; docs/s = ops/s × 1,000. */
    @Benchmark
    public int saveAll() throws IOException {
        switch (impl) {
            case "client": {
                List<BulkOperation> ops = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    Map<String, Object> d = document(n);
                    ops.add(BulkOperation.of(b -> b.create(c -> c.index(CLIENT_INDEX).id("b-" + n).document(d))));
                }
                return client.bulk(BulkRequest.of(b -> b.operations(ops).refresh(Refresh.True))).items().size();
            }
            case "stratum": {
                List<Task> batch = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    batch.add(task("b-" + n, n));
                }
                return tasks.saveAll(batch).saved().size();
            }
            default: {
                List<SpringTask> batch = new ArrayList<>(BULK);
                for (int i = 0; i < BULK; i++) {
                    long n = sequence.incrementAndGet();
                    batch.add(springTask("b-" + n, n));
                }
                int saved = 0;
                Iterable<SpringTask> result = impl.equals("template") ? template.save(batch) : springTasks.saveAll(batch);
                for (SpringTask ignored : result) {
                    saved++;
                }
                return saved;
            }
        }
    }

    /** The round-trip check: HTTP requests each implementation sends for one of each operation. */
    public static void main(String[] args) {
        Map<String, Map<String, Integer>> table = new LinkedHashMap<>();
        for (String impl : new String[] {"client", "stratum", "template", "repository"}) {
            ElasticPeerBenchmark b = new ElasticPeerBenchmark();
            b.impl = impl;
            try {
                b.start();
                Map<String, Integer> row = new LinkedHashMap<>();
                row.put("findById", count(b, b::findById, 1));
                row.put("insert", count(b, b::insert, 1));
                row.put("query", count(b, b::query, 20));
                row.put("saveAll(1000)", count(b, b::saveAll, BULK));
                b.stop();
                table.put(impl, row);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        System.out.println("HTTP requests sent per operation");
        System.out.printf("%-12s %10s %8s %8s %14s%n", "impl", "findById", "insert", "query", "saveAll(1000)");
        table.forEach((impl, row) -> System.out.printf("%-12s %10d %8d %8d %14d%n", impl, row.get("findById"), row.get("insert"),
                row.get("query"), row.get("saveAll(1000)")));
    }

    /** A unit of work that may throw. */
    @FunctionalInterface
    interface Operation {
        Object run() throws IOException;
    }

    private static int count(ElasticPeerBenchmark b, Operation op, int expectedSize) throws IOException {
        op.run(); // warm: first calls may fetch metadata
        int before = b.requests.get();
        Object result = op.run();
        int sent = b.requests.get() - before;
        int size = result instanceof List<?> l ? l.size() : result instanceof Integer i ? i : 1;
        if (size != expectedSize) {
            throw new IllegalStateException(b.impl + ": expected " + expectedSize + " results, got " + size);
        }
        return sent;
    }
}
