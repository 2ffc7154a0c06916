package dev.stratum.store.elastic.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.elasticsearch.core.bulk.BulkResponseItem;
import co.elastic.clients.elasticsearch.core.bulk.OperationType;
import dev.stratum.api.BulkResult;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Entity;
import dev.stratum.api.EntityNotFoundException;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Version;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Writes that must not act on a document changed since it was read: the TTL sweep and deleteAll delete
 * conditionally, a versioned update of an expired entity is NOT_FOUND, bulk outcomes equal single writes, and a
 * stream of several pages is one point in time. On the real server; interleavings driven through package seams.
 */
class ElasticConditionalWritesTest {
    private static final SettableClock CLOCK = new SettableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private static ElasticStore store;
    private static ElasticsearchClient es;

    @Entity(value = "leases", ttlSeconds = 60)
    record Lease(@Id String id, @Indexed(unique = true) String holder) {}

    @Entity(value = "visas", ttlSeconds = 60)
    record Visa(@Id String id, @Version long version, String holder) {}

    @Entity("scores")
    record Score(@Id String id, int points) {}

    @BeforeAll
    static void open() {
        store = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(ElasticTestServer.uniquePrefix("cond"))
                .replicas(0).fetchSize(10).clock(CLOCK).ttlSweepInterval(Duration.ZERO).build();
        es = store.unwrap(ElasticsearchClient.class);
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> ElasticRepository<T, Object> elastic(Repository<T, ?> repo) {
        return (ElasticRepository<T, Object>) repo.unwrap(ElasticRepository.class);
    }

    @Test
    void theSweepLeavesADocumentReSavedBetweenItsReadAndItsDelete() throws Exception {
        Repository<Lease, String> leases = store.repository(Lease.class);
        leases.insert(new Lease("l1", "ann"));
        leases.insert(new Lease("l2", "bob"));
        CLOCK.advance(Duration.ofSeconds(61));
        AtomicInteger read = new AtomicInteger();
        // between the sweep's search and its _bulk delete, l1 is saved again with a new expiry
        long swept = elastic(leases).deleteExpired(batch -> {
            read.addAndGet(batch.size());
            leases.save(new Lease("l1", "ann"));
        });
        assertThat(read).as("the sweep read both expired leases").hasValue(2);
        assertThat(swept).as("only l2 was deleted").isEqualTo(1);
        assertThat(leases.findById("l1")).as("the re-saved lease survived").isPresent();
        assertThat(es.get(g -> g.index(store.aliasOf(Lease.class)).id("l2"), Map.class).found()).isFalse();
        // l1 keeps its unique value; l2's was freed
        assertThatThrownBy(() -> leases.insert(new Lease("l3", "ann"))).isInstanceOf(DuplicateKeyException.class);
        leases.insert(new Lease("l4", "bob"));
        // unchanged, it expires and is swept normally
        CLOCK.advance(Duration.ofSeconds(61));
        assertThat(elastic(leases).deleteExpired(null)).isEqualTo(2);
        leases.insert(new Lease("l5", "ann"));
    }

    @Test
    void deleteAllLeavesADocumentChangedAfterTheQueryReadItAndCountsOnlyWhatItDeleted() {
        Repository<Score, String> scores = store.repository(Score.class);
        scores.deleteAll(Query.all());
        scores.saveAll(IntStream.range(0, 25).mapToObj(i -> new Score(String.format("d%02d", i), i)).toList());
        // the sweep's seam drives the same conditional delete as deleteAll: read at one sequence number, changed, then deleted
        List<ElasticSearchStream.Found> found;
        try (Stream<ElasticSearchStream.Found> s = elastic(scores).scanLive()) {
            found = s.toList();
        }
        assertThat(found).hasSize(25);
        scores.save(new Score("d03", 300));
        assertThat(elastic(scores).bulkWriter().delete(found, false)).as("d03 changed after it was read").isEqualTo(24);
        assertThat(scores.findById("d03")).contains(new Score("d03", 300));
        assertThat(scores.deleteAll(Query.all())).isEqualTo(1);
    }

    @Test
    void aVersionedUpdateOfAnExpiredEntityIsNotFoundAsOnAnAbsentOne() {
        Repository<Visa, String> visas = store.repository(Visa.class);
        Visa v = visas.insert(new Visa("v1", 0, "ann"));
        v = visas.update(new Visa("v1", v.version(), "ann b.")); // remembers v1's sequence number
        CLOCK.advance(Duration.ofSeconds(61));
        Visa stale = v;
        assertThatThrownBy(() -> visas.update(new Visa("v1", stale.version(), "ann c."))).isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> visas.update(new Visa("absent", 1, "x"))).isInstanceOf(EntityNotFoundException.class);
        assertThat(visas.findById("v1")).isEmpty();
    }

    @Test
    void aBulkInsertOverAnExpiredIdReplacesItAsInsertDoes() {
        Repository<Visa, String> visas = store.repository(Visa.class);
        visas.insert(new Visa("b1", 0, "old"));
        visas.insert(new Visa("b2", 0, "live"));
        CLOCK.advance(Duration.ofSeconds(61));
        visas.insert(new Visa("b2", 0, "live again")); // b2 expired too: insert() replaces it
        BulkResult<Visa> r = visas.saveAll(List.of(new Visa("b1", 0, "new"), new Visa("b2", 0, "dup")));
        assertThat(r.failures()).hasSize(1);
        assertThat(r.failures().get(0).index()).as("b2 lives: a duplicate, as save() of a new entity over it").isEqualTo(1);
        assertThatThrownBy(() -> visas.save(new Visa("b2", 0, "dup"))).isInstanceOf(r.failures().get(0).error().getClass());
        assertThat(visas.findById("b1")).map(Visa::holder).contains("new");
        assertThat(visas.findById("b2")).map(Visa::holder).contains("live again");
    }

    @Test
    void aBulkReplaceOfADocumentDeletedMeanwhileIsNotFoundAndOfAChangedOneAVersionConflict() {
        Repository<Visa, String> visas = store.repository(Visa.class);
        visas.insert(new Visa("r1", 0, "ann"));
        ElasticBulkWriter bulk = elastic(visas).bulkWriter();
        BulkResponseItem conflict = BulkResponseItem.of(b -> b.operationType(OperationType.Index).index(store.aliasOf(Visa.class)).id("r1")
                .status(409).error(e -> e.type("version_conflict_engine_exception").reason("[r1]: version conflict")));
        WriteOp replace = new WriteOp(WriteOp.Kind.REPLACE, "r1", Map.of("id", "r1", "version", 2L, "holder", "x"), 1L, 0);
        assertThat(bulk.result(replace, conflict).outcome()).as("r1 is there: changed meanwhile").isEqualTo(WriteOutcome.VERSION_CONFLICT);
        visas.deleteById("r1");
        assertThat(bulk.result(replace, conflict).outcome()).as("r1 was deleted meanwhile").isEqualTo(WriteOutcome.NOT_FOUND);
    }

    @Test
    void aSortedStreamOfSeveralPagesIsOneSnapshotAndAnEarlyCloseClosesItsPointInTime() throws Exception {
        Repository<Score, String> scores = store.repository(Score.class);
        scores.deleteAll(Query.all());
        scores.saveAll(IntStream.range(0, 25).mapToObj(i -> new Score(String.format("s%02d", i), i)).toList());
        List<String> seen = new ArrayList<>();
        try (Stream<Score> s = scores.stream(Query.all().sortBy(Sort.asc("points")))) {
            Iterator<Score> it = s.iterator();
            seen.add(it.next().id()); // page 1 (s00..s09) read
            scores.save(new Score("s00", 100)); // would come again at the end
            scores.save(new Score("s15", -1)); // would move before the cursor and be lost
            it.forEachRemaining(x -> seen.add(x.id()));
        }
        assertThat(seen).hasSize(25).doesNotHaveDuplicates().contains("s00", "s15");
        assertThat(openContexts()).as("no point in time left open after a full read").isZero();

        Stream<Score> early = scores.stream(Query.all().sortBy(Sort.asc("points")));
        assertThat(early.iterator().next()).isNotNull();
        assertThat(openContexts()).as("the stream reads from a point in time").isPositive();
        early.close();
        assertThat(openContexts()).as("closed early: its point in time is closed").isZero();
        // a query whose limit fits in one page is one plain search: nothing to close
        assertThat(scores.find(Query.all().sortBy(Sort.asc("points")).limit(5))).hasSize(5);
        assertThat(openContexts()).isZero();
    }

    private static long openContexts() throws Exception {
        return es.nodes().stats(n -> n.metric("indices")).nodes().values().stream().mapToLong(n -> n.indices().search().openContexts()).sum();
    }
}
