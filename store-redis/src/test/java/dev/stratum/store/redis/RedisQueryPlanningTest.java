package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.redis.RedisTestServer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the planner refuses before any I/O, what a scan does, and that streams stay bounded and clean up. */
class RedisQueryPlanningTest {
    private static RedisStore store;
    private static IndexConsistency redis;
    private static Repository<Task, String> tasks;
    private static List<Task> all = new ArrayList<>();

    @BeforeAll
    static void seed() {
        store = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("q" + UUID.randomUUID().toString().substring(0, 8))
                .fetchSize(100).build();
        redis = new IndexConsistency(RedisTestServer.shared().uri());
        tasks = store.repository(Task.class);
        List<Task> batch = new ArrayList<>();
        for (int i = 0; i < 2500; i++) {
            batch.add(Task.create("title-" + (i % 50), Task.Status.values()[i % 4], i % 10));
        }
        all = tasks.saveAll(batch).throwIfFailed().saved();
    }

    @AfterAll
    static void close() {
        tasks.deleteAll(Query.all());
        store.close();
        redis.close();
    }

    /**
     * in/nin with 10,000 values that all exist (10,000 index sets to union): no "too many results to
     * unpack", right answers, no temporary key left.
     */
    @Test
    void inAndNinWithTenThousandValuesWork() {
        Repository<FuzzRecord, String> records = store.repository(FuzzRecord.class);
        List<FuzzRecord> rows = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            rows.add(new FuzzRecord("r" + i, null, null, i, null, null, null, null, null));
            values.add(i);
        }
        records.saveAll(rows).throwIfFailed();
        try {
            assertThat(records.count(Query.where(Filter.in("i", values)))).isEqualTo(10_000);
            assertThat(records.count(Query.where(Filter.nin("i", values.subList(0, 9_000))))).isEqualTo(1_000);
            assertThat(records.find(Query.where(Filter.in("i", values)).sortBy(Sort.desc("i")).limit(3)))
                    .extracting(FuzzRecord::id).containsExactly("r9999", "r9998", "r9997");
            assertThat(records.count(Query.where(Filter.and(Filter.in("i", values), Filter.nin("i", values.subList(5, 10_000))))))
                    .isEqualTo(5);
            assertThat(redis.scan("{" + store.config().keyPrefix() + ":kit_fuzz_records}:tmp:*")).as("temporary keys").isEmpty();
        } finally {
            records.deleteAll(Query.all());
        }
    }

    @Test
    void unindexedFiltersAndSortsAreRefusedBeforeAnyIo() {
        try (RedisStore offline = RedisStore.builder().uri("redis://127.0.0.1:1").build()) {
            Repository<Task, String> r = offline.repository(Task.class);
            assertThatThrownBy(() -> r.find(Query.where(Filter.eq("title", "x"))))
                    .isInstanceOf(QueryNotSupportedException.class)
                    .hasMessageContaining("redis").hasMessageContaining("'title'").hasMessageContaining("allowScan");
            assertThatThrownBy(() -> r.find(Query.all().sortBy(Sort.asc("title")))).isInstanceOf(QueryNotSupportedException.class);
            assertThatThrownBy(() -> r.count(Query.where(Filter.and(Filter.eq("status", "OPEN"), Filter.startsWith("title", "t")))))
                    .isInstanceOf(QueryNotSupportedException.class);
            assertThatThrownBy(() -> r.find(Query.text("outage"))).isInstanceOf(QueryNotSupportedException.class)
                    .hasMessageContaining("text search");
        }
    }

    @Test
    void aScanEvaluatesTheUnindexedPartClientSideOverTheIndexedCandidates() {
        Query q = Query.where(Filter.and(Filter.eq("status", Task.Status.OPEN), Filter.eq("title", "title-4"))).allowScan();
        List<Task> expected = all.stream().filter(t -> t.status() == Task.Status.OPEN && t.title().equals("title-4")).toList();
        assertThat(tasks.find(q)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(tasks.count(q)).isEqualTo(expected.size());
        List<Task> sorted = tasks.find(Query.where(Filter.startsWith("title", "title-1")).allowScan()
                .sortBy(Sort.desc("title"), Sort.asc("id")).offset(3).limit(40));
        List<Task> want = all.stream().filter(t -> t.title().startsWith("title-1"))
                .sorted(Comparator.comparing(Task::title).reversed().thenComparing(Task::id)).skip(3).limit(40).toList();
        assertThat(sorted).isEqualTo(want);
    }

    @Test
    void streamsFetchInWindowsAndDeleteTheirSnapshotOnClose() {
        List<String> ids = new ArrayList<>();
        try (Stream<Task> s = tasks.stream(Query.where(Filter.gte("priority", 3)).sortBy(Sort.desc("priority")))) {
            s.limit(250).forEach(t -> ids.add(t.id()));
            assertThat(redis.scan("{" + store.config().keyPrefix() + ":kit_tasks}:tmp:*")).as("the stream's snapshot").hasSize(1);
        }
        assertThat(ids).hasSize(250).doesNotHaveDuplicates();
        assertThat(redis.scan("{" + store.config().keyPrefix() + ":kit_tasks}:tmp:*")).as("closed stream's snapshot").isEmpty();
        try (Stream<Task> s = tasks.stream(Query.all())) {
            assertThat(s.count()).isEqualTo(2500);
        }
        assertThat(redis.scan("{" + store.config().keyPrefix() + ":kit_tasks}:tmp:*")).isEmpty();
    }

    @Test
    void secondaryAndDescendingSortsMatchAClientSideSort() {
        List<Task> found = tasks.find(Query.where(Filter.in("status", Task.Status.OPEN, Task.Status.DONE))
                .sortBy(Sort.desc("status"), Sort.desc("priority"), Sort.asc("id")).offset(10).limit(500));
        List<Task> want = all.stream().filter(t -> t.status() == Task.Status.OPEN || t.status() == Task.Status.DONE)
                .sorted(Comparator.comparing((Task t) -> t.status().name()).reversed()
                        .thenComparing(Comparator.comparingInt(Task::priority).reversed()).thenComparing(Task::id))
                .skip(10).limit(500).toList();
        assertThat(found).extracting(Task::id).isEqualTo(want.stream().map(Task::id).toList());
        List<Task> byPriorityDesc = tasks.find(Query.all().sortBy(Sort.desc("priority")).limit(300));
        assertThat(byPriorityDesc).extracting(Task::id).isEqualTo(all.stream()
                .sorted(Comparator.comparingInt(Task::priority).reversed().thenComparing(Task::id)).limit(300).map(Task::id).toList());
    }
}
