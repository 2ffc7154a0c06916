package dev.stratum.testkit;

import static dev.stratum.api.Filter.and;
import static dev.stratum.api.Filter.contains;
import static dev.stratum.api.Filter.eq;
import static dev.stratum.api.Filter.exists;
import static dev.stratum.api.Filter.gte;
import static dev.stratum.api.Filter.lt;
import static dev.stratum.api.Filter.ne;
import static dev.stratum.api.Filter.nin;
import static dev.stratum.api.Filter.not;
import static dev.stratum.api.Filter.or;
import static dev.stratum.api.Filter.startsWith;
import static dev.stratum.api.Sort.asc;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.abort;

import dev.stratum.api.Aggregation;
import dev.stratum.api.Capability;
import dev.stratum.api.Filter;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.KitData;
import dev.stratum.testkit.internal.Snapshot;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The store's {@link dev.stratum.api.Capabilities} match its behaviour, both ways: for every
 * capability it declares, a query using it works and returns the right result; for every one it
 * does not, such a query is refused with a {@link QueryNotSupportedException} naming the store,
 * before any I/O (it is thrown by the {@code stream()} call itself, not while consuming, and a
 * {@code deleteAll} of it deletes nothing).
 */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class CapabilityGroup extends KitGroup {

    /** One query per capability that only that capability makes possible, and its result on {@code KitData.tasks()}. */
    private record Probe(List<Query> queries, List<String> expectedIds, boolean ordered) {}

    private Probe probe(Capability c) {
        switch (c) {
            case OR:
                return new Probe(List.of(Query.where(or(eq("status", Task.Status.DONE), eq("priority", 1)))), List.of("t1", "t4"), false);
            case NOT:
                return new Probe(List.of(Query.where(not(eq("status", Task.Status.OPEN)))), List.of("t2", "t4", "t5"), false);
            case NOT_EQUAL:
                return new Probe(List.of(Query.where(ne("status", Task.Status.OPEN)), Query.where(nin("status", Task.Status.OPEN))),
                        List.of("t2", "t4", "t5"), false);
            case EXISTS:
                return new Probe(List.of(Query.where(exists("assigneeId"))), List.of("t1", "t2", "t4", "t5", "t6"), false);
            case ARRAY_CONTAINS:
                return new Probe(List.of(Query.where(contains("tags", "urgent"))), List.of("t2", "t6"), false);
            case STARTS_WITH:
                return new Probe(List.of(Query.where(startsWith("assigneeId", "b"))), List.of("t2", "t6"), false);
            case RANGE_ON_MULTIPLE_FIELDS:
                return new Probe(List.of(Query.where(and(gte("priority", 3), lt("dueDate", Instant.parse("2030-01-10T00:00:00Z"))))),
                        List.of("t2", "t4"), false);
            case UNINDEXED_FIELDS:
                return new Probe(List.of(Query.where(eq("title", "Plan sprint")), Query.where(eq("title", "Plan sprint")).sortBy(asc("title"))),
                        List.of("t3"), false);
            case SCAN:
                return new Probe(List.of(Query.where(eq("title", "Plan sprint")).allowScan(),
                        Query.where(eq("title", "Plan sprint")).sortBy(asc("title")).allowScan()), List.of("t3"), false);
            case TEXT_SEARCH:
                return new Probe(List.of(Query.text("postgres")), List.of("t4"), false);
            case OFFSET:
                return new Probe(List.of(Query.all().sortBy(asc("priority"), asc("id")).offset(4)), List.of("t6", "t4"), true);
            default:
                throw new IllegalArgumentException(c.name());
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Capability.class)
    void everyCapabilityIsHonouredOrRefused(Capability c) {
        if (c == Capability.TRANSACTIONS) {
            abort("TRANSACTIONS: the Repository API has no construct that uses transactions; the store's own tests cover them");
        }
        if (c == Capability.TTL) {
            abort("TTL: checked by the TTL group");
        }
        if (c == Capability.PROJECTION || c == Capability.NATIVE_AGGREGATION) {
            // performance only: the same result either way (mapped or computed by the repository)
            seedTasks();
            record TitleOnly(String title) {}
            assertThat(tasks().find(Query.where(eq("priority", 10)), TitleOnly.class)).containsExactly(new TitleOnly("Upgrade database"));
            assertThat(tasks().aggregate(Aggregation.where(eq("priority", 10)).count("n"), Map.class))
                    .extracting(m -> ((Number) m.get("n")).longValue()).containsExactly(1L);
            return;
        }
        if (c == Capability.READ_YOUR_WRITES) {
            // a guarantee, not a construct: nothing to refuse; without it the group is skipped (KitGroup) with the reason
            assertEachWriteIsVisibleToTheNextQuery();
            return;
        }
        if (c.isSemantic()) {
            abort(c + ": a declared difference in semantics, checked by the groups whose results it changes");
        }
        if (c == Capability.SCAN && supports(Capability.UNINDEXED_FIELDS) && !supports(Capability.SCAN)) {
            // with UNINDEXED_FIELDS nothing needs a scan: allowScan() must then be harmless
            seedTasks();
            assertThat(taskIds(tasks().find(probe(c).queries().get(0)))).containsExactly("t3");
            return;
        }
        Probe p = probe(c);
        seedTasks();
        if (supports(c)) {
            for (Query q : p.queries()) {
                List<String> found = taskIds(tasks().find(q));
                if (p.ordered()) {
                    assertThat(found).as("%s declared: %s", c, q).containsExactlyElementsOf(p.expectedIds());
                } else {
                    assertThat(found).as("%s declared: %s", c, q).containsExactlyInAnyOrderElementsOf(p.expectedIds());
                }
                assertThat(tasks().count(q)).as("%s declared: count %s", c, q).isEqualTo(p.expectedIds().size());
            }
        } else {
            for (Query q : p.queries()) {
                assertRefusedBeforeIo(c, q);
            }
            if (c == Capability.OFFSET) {
                assertRefusedBeforeIo(c, () -> tasks().page(Query.all(), PageRequest.offset(2, 2)));
            }
        }
    }

    /** Each write, of every kind, is seen by the query that follows it: no wait, no retry. */
    private void assertEachWriteIsVisibleToTheNextQuery() {
        assertThat(supports(Capability.READ_YOUR_WRITES)).as("the group runs only where READ_YOUR_WRITES is declared").isTrue();
        List<Task> seeded = new ArrayList<>();
        for (Task t : KitData.tasks()) {
            seeded.add(tasks().insert(t));
            assertThat(tasks().count(Query.all())).as("count right after inserting %s", t.id()).isEqualTo(seeded.size());
            assertThat(taskIds(tasks().find(Query.all()))).as("find right after inserting %s", t.id()).contains(t.id());
        }
        Task first = seeded.get(0);
        tasks().update(first.withTitle("seen at once"));
        assertThat(tasks().find(Query.all())).as("find right after update").filteredOn(t -> t.id().equals(first.id()))
                .extracting(Task::title).containsExactly("seen at once");
        tasks().deleteById(first.id());
        assertThat(tasks().count(Query.all())).as("count right after delete").isEqualTo(seeded.size() - 1);
    }

    private void assertRefusedBeforeIo(Capability c, Query q) {
        Snapshot<Task> before = Snapshot.of(tasks());
        assertRefusedBeforeIo(c, () -> tasks().stream(q));
        assertRefusedBeforeIo(c, () -> tasks().find(q));
        assertRefusedBeforeIo(c, () -> tasks().count(q));
        if (q.offset() == 0 && q.limit() == 0) {
            assertRefusedBeforeIo(c, () -> tasks().page(q, PageRequest.first(2)));
        }
        assertRefusedBeforeIo(c, () -> tasks().deleteAll(q));
        before.assertUnchanged();
    }

    private void assertRefusedBeforeIo(Capability c, ThrowingCallable call) {
        assertThatThrownBy(call).as("%s is not declared by %s", c, store())
                .isInstanceOf(QueryNotSupportedException.class)
                .hasMessageContaining(store())
                .satisfies(e -> assertThat(((QueryNotSupportedException) e).store()).isEqualTo(store()));
    }

    @Test
    void aFilterOrSortOnAnUnindexedFieldIsRefusedUnlessDeclaredOrScanned() {
        seedTasks();
        Query filter = Query.where(eq("title", "Plan sprint"));
        Query sort = Query.all().sortBy(asc("title"));
        if (supports(Capability.UNINDEXED_FIELDS)) {
            assertThat(taskIds(tasks().find(filter))).containsExactly("t3");
            assertThat(taskIds(tasks().find(sort))).containsExactly("t6", "t2", "t3", "t5", "t4", "t1");
            return;
        }
        assertRefusedBeforeIo(Capability.UNINDEXED_FIELDS, filter);
        assertRefusedBeforeIo(Capability.UNINDEXED_FIELDS, sort);
        assertRefusedBeforeIo(Capability.UNINDEXED_FIELDS, Query.where(eq("description", "x")));
        if (supports(Capability.SCAN)) {
            assertThat(taskIds(tasks().find(filter.allowScan()))).containsExactly("t3");
            assertThat(taskIds(tasks().find(sort.allowScan()))).containsExactly("t6", "t2", "t3", "t5", "t4", "t1");
            assertThat(taskIds(tasks().find(Query.where(and(eq("status", Task.Status.OPEN), startsWithOrEq("title", "P"))).allowScan())))
                    .containsExactly("t3");
        } else {
            assertRefusedBeforeIo(Capability.SCAN, filter.allowScan());
        }
    }

    private Filter startsWithOrEq(String field, String prefix) {
        return supports(Capability.STARTS_WITH) ? startsWith(field, prefix) : eq(field, "Plan sprint");
    }

    @Test
    void aTextSearchFindsTheRightDocuments() {
        assumeSupports(Capability.TEXT_SEARCH);
        seedTasks();
        assertThat(taskIds(tasks().find(Query.text("postgres")))).containsExactly("t4");
        assertThat(taskIds(tasks().find(Query.text("outage")))).containsExactlyInAnyOrder("t2", "t6");
        assertThat(taskIds(tasks().find(Query.text("OUTAGE")))).as("case-insensitive").containsExactlyInAnyOrder("t2", "t6");
        assertThat(tasks().find(Query.text("kubernetes"))).isEmpty();
        assertThat(taskIds(tasks().find(Query.text("outage").filter(eq("status", Task.Status.OPEN))))).containsExactly("t6");
        assertThat(tasks().count(Query.text("outage"))).isEqualTo(2);
    }

    @Test
    void theCapabilitiesNameTheStoreAsItsStoreInfoDoes() {
        assertThat(capabilities().store()).isNotBlank().isEqualTo(tasks().storeInfo().system());
        assertThat(assets().capabilities()).isEqualTo(capabilities());
    }
}
