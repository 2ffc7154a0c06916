package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.MappingException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ElasticStore#migrateIndex}: a new shape that drops and renames fields and adds a TTL, the copy written
 * through the new type (sidecar recomputed), and a failed copy that leaves everything as it was so a second run
 * works (audit item 12).
 */
class ElasticIndexMigrationTest {
    @Entity("people")
    record PersonV1(@Id String id, String name, String nickname, int age, List<String> tags) {}

    /** {@code name} renamed {@code fullName}, {@code nickname} dropped, a TTL added. */
    @Entity(value = "people", ttlSeconds = 3600)
    record PersonV2(@Id String id, String fullName, int age, List<String> tags) {}

    /** {@code tags} dropped as well, no rename: no function needed. */
    @Entity(value = "people", ttlSeconds = 3600)
    record PersonV3(@Id String id, String fullName, int age) {}

    @Entity("visits")
    record VisitV1(@Id String id, String day, int n) {}

    /** {@code day} becomes a date: a stored text that is no date cannot be copied. */
    @Entity("visits")
    record VisitV2(@Id String id, LocalDate day, int n) {}

    private ElasticStore store;
    private ElasticsearchClient es;

    @BeforeEach
    void open() {
        store = ElasticTestStores.builder("mig").bulkBatchSize(10).fetchSize(10).build();
        es = store.unwrap(ElasticsearchClient.class);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private ElasticStore reopened() {
        return ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(store.config().indexPrefix()).replicas(0).build();
    }

    @Test
    void aNewShapeMayDropAndRenameFieldsAndAddATtl() throws Exception {
        Repository<PersonV1, String> v1 = store.repository(PersonV1.class);
        v1.saveAll(IntStream.range(0, 25).mapToObj(i -> new PersonV1("p" + i, "Person " + i, "nick" + i, 20 + i,
                i % 2 == 0 ? List.of("even", "t" + i) : List.of())).toList()).throwIfFailed();
        String alias = store.aliasOf(PersonV1.class);
        long before = System.currentTimeMillis();

        String v2index = store.migrateIndex(PersonV2.class, doc -> {
            doc.put("fullName", doc.remove("name"));
            return doc;
        });
        assertThat(v2index).isEqualTo(alias + "_v2");
        assertThat(es.indices().getMapping(m -> m.index(v2index)).result().get(v2index).mappings().properties())
                .containsKeys("fullName", "age", "tags").doesNotContainKeys("name", "nickname");
        Map<String, Object> raw = rawSource(v2index, "p4");
        assertThat(raw).containsEntry("fullName", "Person 4").doesNotContainKeys("name", "nickname");
        @SuppressWarnings("unchecked")
        Map<String, Object> sidecar = (Map<String, Object>) raw.get("$stratum");
        assertThat(sidecar).as("the new type's sidecar: lists and the expiry its TTL adds").containsKeys("lists", "expireAt");
        assertThat(((Number) sidecar.get("expireAt")).longValue()).isBetween(before + 3_500_000L, System.currentTimeMillis() + 3_600_000L);

        try (ElasticStore after = reopened()) {
            Repository<PersonV2, String> v2 = after.repository(PersonV2.class);
            assertThat(v2.count(Query.all())).isEqualTo(25);
            assertThat(v2.findById("p4")).contains(new PersonV2("p4", "Person 4", 24, List.of("even", "t4")));
            assertThat(v2.find(Query.where(Filter.eq("fullName", "Person 7")))).containsExactly(new PersonV2("p7", "Person 7", 27, List.of()));
            assertThat(v2.count(Query.where(Filter.contains("tags", "even")))).isEqualTo(13);
            assertThat(v2.count(Query.where(Filter.eq("tags", List.of())))).isEqualTo(12);
            v2.insert(new PersonV2("new", "New One", 1, List.of()));
        }

        // the next shape drops a field without a function; the expiry set by the first copy is kept (the copy is no write)
        long expireAt = ((Number) sidecar.get("expireAt")).longValue();
        String v3index = store.migrateIndex(PersonV3.class);
        assertThat(v3index).isEqualTo(alias + "_v3");
        Map<String, Object> raw3 = rawSource(v3index, "p4");
        assertThat(raw3).doesNotContainKey("tags");
        assertThat(raw3.get("$stratum")).isEqualTo(Map.of("expireAt", expireAt));
        try (ElasticStore after = reopened()) {
            assertThat(after.repository(PersonV3.class).findById("p9")).contains(new PersonV3("p9", "Person 9", 29));
            assertThat(after.repository(PersonV3.class).count(Query.all())).isEqualTo(26);
        }
    }

    @Test
    void aFailedCopyLeavesEverythingAsItWasAndASecondRunWorks() throws Exception {
        Repository<VisitV1, String> v1 = store.repository(VisitV1.class);
        v1.saveAll(IntStream.range(0, 35).mapToObj(i -> new VisitV1(String.format("v%02d", i), i == 23 ? "soon" : "2026-11-" + (10 + i % 20), i))
                .toList()).throwIfFailed();
        String alias = store.aliasOf(VisitV1.class);
        String template = es.indices().getIndexTemplate(g -> g.name(alias + "_template")).toString();
        String mapping = es.indices().getMapping(m -> m.index(alias)).toString();

        assertThatThrownBy(() -> store.migrateIndex(VisitV2.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("'v23'").hasMessageContaining(alias + "_v2 was deleted").hasMessageContaining("can run again");
        assertThat(es.indices().getAlias(a -> a.name(alias)).result()).containsOnlyKeys(alias + "_v1");
        assertThat(es.indices().exists(e -> e.index(alias + "_v2")).value()).as("the half-filled index is gone").isFalse();
        assertThat(es.indices().getIndexTemplate(g -> g.name(alias + "_template")).toString()).as("the template restored")
                .isEqualTo(template);
        assertThat(es.indices().getMapping(m -> m.index(alias)).toString()).isEqualTo(mapping);
        assertThat(v1.count(Query.all())).isEqualTo(35);
        // a store opened meanwhile still gets the old shape without complaint
        try (ElasticStore other = reopened()) {
            assertThat(other.repository(VisitV1.class).findById("v23")).contains(new VisitV1("v23", "soon", 23));
        }

        v1.save(new VisitV1("v23", "2026-11-23", 23));
        assertThat(store.migrateIndex(VisitV2.class)).as("the second run").isEqualTo(alias + "_v2");
        try (ElasticStore after = reopened()) {
            Repository<VisitV2, String> v2 = after.repository(VisitV2.class);
            assertThat(v2.count(Query.all())).isEqualTo(35);
            assertThat(v2.findById("v23")).contains(new VisitV2("v23", LocalDate.of(2026, 11, 23), 23));
            assertThat(v2.count(Query.where(Filter.gte("day", LocalDate.of(2026, 11, 25))))).isPositive();
        }
    }

    @Test
    void aNewIndexLeftByARunThatDiedMidCopyIsReplaced() throws Exception {
        Repository<VisitV1, String> v1 = store.repository(VisitV1.class);
        v1.saveAll(IntStream.range(0, 5).mapToObj(i -> new VisitV1("w" + i, "2026-01-0" + (i + 1), i)).toList()).throwIfFailed();
        String alias = store.aliasOf(VisitV1.class);
        es.indices().create(c -> c.index(alias + "_v2")); // what a killed process leaves: an index outside the alias
        es.index(i -> i.index(alias + "_v2").id("stale").document(Map.of("id", "stale", "day", "2026-01-01", "n", 0)));
        assertThat(store.migrateIndex(VisitV2.class)).isEqualTo(alias + "_v2");
        try (ElasticStore after = reopened()) {
            Repository<VisitV2, String> v2 = after.repository(VisitV2.class);
            assertThat(v2.count(Query.all())).isEqualTo(5);
            assertThat(v2.findById("stale")).isEmpty();
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private Map<String, Object> rawSource(String index, String id) throws Exception {
        Map source = es.get(g -> g.index(index).id(id), Map.class).source();
        assertThat(source).isNotNull();
        return (Map<String, Object>) source;
    }
}
