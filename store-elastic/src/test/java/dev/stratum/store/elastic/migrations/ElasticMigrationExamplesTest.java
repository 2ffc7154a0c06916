package dev.stratum.store.elastic.migrations;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.MappingException;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.migrations.Migrations;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The README's mapping-change migration, run by the engine on a real server: {@code title} becomes a
 * full-text field, which an existing index cannot change in place. The migration creates
 * {@code ex_tasks_v2} with the new mapping, copies the documents and moves the alias in one call; a
 * reader running throughout never sees a missing or partial index.
 */
class ElasticMigrationExamplesTest {

    /** The tasks as the service first shipped them: {@code title} a keyword. */
    @Entity("ex_tasks")
    public record TaskV1(@Id String id, String title, int rank) {}

    /** The same index after {@code title} became full-text. */
    @Entity("ex_tasks")
    public record TaskV2(@Id String id, @Indexed(text = true) String title, int rank) {}

    /** Values whose stored form has a sidecar (lists, decimals, instants, nulls inside lists). */
    @Entity("ex_rich")
    public record RichV1(@Id String id, String title, List<@Nullable String> tags, BigDecimal amount,
            Instant at, List<Long> sizes) {}

    /** The same after {@code title} became full-text. */
    @Entity("ex_rich")
    public record RichV2(@Id String id, @Indexed(text = true) String title, List<@Nullable String> tags,
            BigDecimal amount, Instant at, List<Long> sizes) {}

    /** Moves {@code ex_tasks} to a new index with TaskV2's mapping. */
    public static final class V1__Full_text_task_titles implements Migration {
        @Override
        public void up(MigrationContext ctx) {
            ctx.store().unwrap(ElasticStore.class).migrateIndex(TaskV2.class);
        }
    }

    ElasticStore store;

    @BeforeEach
    void open() {
        store = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(ElasticTestServer.uniquePrefix("ex")).replicas(0)
                .fetchSize(20).bulkBatchSize(20).build();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void aMappingChangeIsANewIndexACopyAndAnAtomicAliasSwap() throws Exception {
        Repository<TaskV1, String> v1 = store.repository(TaskV1.class);
        v1.saveAll(IntStream.range(0, 75).mapToObj(i -> new TaskV1("t" + i, "Fix login bug number " + i, i)).toList()).throwIfFailed();

        try (ElasticStore later = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(store.config().indexPrefix())
                .build()) {
            assertThatThrownBy(() -> later.repository(TaskV2.class)).as("before the migration").isInstanceOf(MappingException.class)
                    .hasMessageContaining("'title'").hasMessageContaining("keyword").hasMessageContaining("text");
        }

        AtomicBoolean done = new AtomicBoolean();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        Future<Integer> reads = reader.submit(() -> {
            int n = 0;
            while (!done.get()) {
                // real reads, not only a count: by id, filtered, sorted and paged, each whole on either side of the swap
                assertThat(v1.count(Query.all())).as("reads work throughout").isEqualTo(75);
                assertThat(v1.findById("t42")).contains(new TaskV1("t42", "Fix login bug number 42", 42));
                assertThat(v1.find(Query.where(Filter.eq("rank", 7)))).containsExactly(new TaskV1("t7", "Fix login bug number 7", 7));
                assertThat(v1.find(Query.where(Filter.gte("rank", 70)).sortBy(Sort.desc("rank"))).stream().map(TaskV1::id))
                        .containsExactly("t74", "t73", "t72", "t71", "t70");
                assertThat(v1.page(Query.all().sortBy(Sort.asc("rank")), PageRequest.first(30)).items()).hasSize(30)
                        .extracting(TaskV1::rank).containsExactlyElementsOf(IntStream.range(0, 30).boxed().toList());
                n++;
            }
            return n;
        });
        Migrations engine = Migrations.builder().target(store).migrations(new V1__Full_text_task_titles()).owner("examples-test").build();
        assertThat(engine.migrate().executed()).hasSize(1);
        done.set(true);
        assertThat(reads.get()).isPositive();
        reader.shutdown();

        String alias = store.aliasOf(TaskV2.class);
        ElasticsearchClient es = store.unwrap(ElasticsearchClient.class);
        assertThat(es.indices().getAlias(a -> a.name(alias)).result()).containsOnlyKeys(alias + "_v2");
        try (ElasticStore after = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(store.config().indexPrefix())
                .build()) {
            Repository<TaskV2, String> v2 = after.repository(TaskV2.class);
            assertThat(v2.count(Query.all())).isEqualTo(75);
            List<TaskV2> hits = v2.find(Query.text("LOGIN").limit(5));
            assertThat(hits).hasSize(5);
            assertThat(v2.findById("t42")).contains(new TaskV2("t42", "Fix login bug number 42", 42));
        }
        assertThat(engine.migrate().executed()).as("second start-up").isEmpty();
    }

    /**
     * The copy writes back what the migration's stream reads, so every part of a stored document —
     * including the sidecar the store keeps for lists, decimals and instants — must survive it byte for
     * byte, and the queries that rely on the sidecar must answer the same on the new index.
     */
    @Test
    void theCopyKeepsEveryStoredDocumentWholeSidecarIncluded() throws Exception {
        Repository<RichV1, String> v1 = store.repository(RichV1.class);
        List<RichV1> rows = IntStream.range(0, 45).mapToObj(i -> new RichV1("r" + i, "Title " + i,
                i % 3 == 0 ? List.of() : Arrays.asList("t" + (i % 4), null, "z"), new BigDecimal("12345678901234567890." + i),
                Instant.ofEpochMilli(1_700_000_000_123L + i), List.of(Long.MAX_VALUE - i, -(1L << 60), (long) i))).toList();
        v1.saveAll(rows).throwIfFailed();
        ElasticsearchClient es = store.unwrap(ElasticsearchClient.class);
        String alias = store.aliasOf(RichV1.class);
        String old = es.indices().getAlias(a -> a.name(alias)).result().keySet().iterator().next();
        Map<String, Object> before = sources(es, old);
        assertThat(before).hasSize(45);
        long tagged = v1.count(Query.where(Filter.contains("tags", "t1")));
        long bigSizes = v1.count(Query.where(Filter.contains("sizes", Long.MAX_VALUE - 7)));
        long amounts = v1.count(Query.where(Filter.gt("amount", new BigDecimal("12345678901234567890.3"))));
        assertThat(tagged).isPositive();
        assertThat(bigSizes).isEqualTo(1);
        assertThat(amounts).isPositive();

        String target = store.migrateIndex(RichV2.class);
        assertThat(target).isNotEqualTo(old);
        assertThat(sources(es, target)).as("every _source copied whole, sidecar included").isEqualTo(before);
        try (ElasticStore after = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(store.config().indexPrefix())
                .build()) {
            Repository<RichV2, String> v2 = after.repository(RichV2.class);
            assertThat(v2.count(Query.where(Filter.contains("tags", "t1")))).isEqualTo(tagged);
            assertThat(v2.count(Query.where(Filter.contains("sizes", Long.MAX_VALUE - 7)))).isEqualTo(bigSizes);
            assertThat(v2.count(Query.where(Filter.gt("amount", new BigDecimal("12345678901234567890.3"))))).isEqualTo(amounts);
            RichV1 r = rows.get(5);
            assertThat(v2.findById("r5")).contains(new RichV2(r.id(), r.title(), r.tags(), r.amount(), r.at(), r.sizes()));
        }
    }

    /** Every raw {@code _source} of an index by id, as the server holds it. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static Map<String, Object> sources(ElasticsearchClient es, String index) throws Exception {
        var hits = es.search(s -> s.index(index).size(1_000), Map.class).hits().hits();
        Map<String, Object> out = new TreeMap<>();
        List<String> ids = new ArrayList<>();
        for (var h : hits) {
            ids.add(h.id());
            out.put(h.id(), h.source());
        }
        assertThat(ids).doesNotHaveDuplicates();
        return out;
    }
}
