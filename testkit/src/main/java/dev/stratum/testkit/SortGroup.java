package dev.stratum.testkit;

import static dev.stratum.api.Filter.eq;
import static dev.stratum.api.Filter.gte;
import static dev.stratum.api.Sort.asc;
import static dev.stratum.api.Sort.desc;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Capability;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.Metric;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.KitData;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Sort (ascending and descending on int, String, Instant, LocalDate, BigDecimal, double, enum and
 * nested paths; several keys; nulls first ascending and last descending), limit, projection, count
 * and deleteAll of a query.
 */
abstract class SortGroup extends KitGroup {

    private List<String> sortedTasks(Sort... keys) {
        return taskIds(tasks().find(Query.all().sortBy(keys)));
    }

    @Test
    void sortOnInt() {
        seedTasks();
        assertThat(tasks().find(Query.all().sortBy(asc("priority"))).stream().map(Task::priority)).containsExactly(1, 2, 3, 5, 5, 10);
        assertThat(tasks().find(Query.all().sortBy(desc("priority"))).stream().map(Task::priority)).containsExactly(10, 5, 5, 3, 2, 1);
    }

    @Test
    void sortOnInstantPutsNullFirstAscendingAndLastDescending() {
        seedTasks();
        assertThat(sortedTasks(asc("dueDate"))).containsExactly("t3", "t4", "t1", "t2", "t6", "t5");
        assertThat(sortedTasks(desc("dueDate"))).containsExactly("t5", "t6", "t2", "t1", "t4", "t3");
    }

    @Test
    void sortOnDecimalIsNumericNotTextual() {
        seedTasks();
        assertThat(sortedTasks(asc("estimate"))).containsExactly("t3", "t5", "t1", "t6", "t2", "t4");
        assertThat(sortedTasks(desc("estimate"))).containsExactly("t4", "t2", "t6", "t1", "t5", "t3");
    }

    @Test
    void sortOnString() {
        seedAssets();
        assertThat(assetIds(assets().find(Query.all().sortBy(asc("hostname"))))).containsExactly(4L, 5L, 3L, 1L, 2L);
        assertThat(assetIds(assets().find(Query.all().sortBy(desc("hostname"))))).containsExactly(2L, 1L, 3L, 5L, 4L);
    }

    @Test
    void sortOnLocalDate() {
        seedUsers();
        assertThat(userIds(users().find(Query.all().sortBy(asc("joinedOn"))))).containsExactly("u4", "u1", "u3", "u2");
        assertThat(userIds(users().find(Query.all().sortBy(desc("joinedOn"))))).containsExactly("u2", "u3", "u1", "u4");
    }

    @Test
    void sortOnDoubleIsNumericIncludingNegatives() {
        for (Metric m : KitData.signedMetrics()) {
            metrics().insert(m);
        }
        assertThat(metrics().find(Query.all().sortBy(asc("value"))).stream().map(Metric::value))
                .containsExactly(-20.0, -1.5, 0.25, 2.5, 10.0, 100.5);
        assertThat(metrics().find(Query.all().sortBy(desc("value"))).stream().map(Metric::value))
                .containsExactly(100.5, 10.0, 2.5, 0.25, -1.5, -20.0);
    }

    /**
     * {@code -0.0} and {@code 0.0} are the same number (ValueOrder compares decimal values): a sort on them is
     * a tie broken by the next key, and equality and ranges do not tell them apart.
     */
    @Test
    void negativeZeroEqualsZeroInSortsEqualityAndRanges() {
        metrics().insert(new Metric(null, KitData.METRICS_START, "b", null, 0.0));
        metrics().insert(new Metric(null, KitData.METRICS_START.plusSeconds(1), "a", null, -0.0));
        metrics().insert(new Metric(null, KitData.METRICS_START.plusSeconds(2), "c", null, 1.0));
        metrics().insert(new Metric(null, KitData.METRICS_START.plusSeconds(3), "d", null, -1.0));
        assertThat(series(Query.all().sortBy(asc("value"), asc("series")))).containsExactly("d", "a", "b", "c");
        assertThat(series(Query.all().sortBy(desc("value"), desc("series")))).containsExactly("c", "b", "a", "d");
        for (double zero : new double[] {0.0, -0.0}) {
            assertThat(series(Query.where(eq("value", zero)))).as("= %s", zero).containsExactlyInAnyOrder("a", "b");
            assertThat(series(Query.where(Filter.in("value", zero, 7.0)))).as("in %s", zero).containsExactlyInAnyOrder("a", "b");
            if (supports(Capability.NOT_EQUAL)) {
                assertThat(series(Query.where(Filter.ne("value", zero)))).as("!= %s", zero).containsExactlyInAnyOrder("c", "d");
            }
            assertThat(series(Query.where(Filter.gt("value", zero)))).as("> %s", zero).containsExactlyInAnyOrder("c");
            assertThat(series(Query.where(gte("value", zero)))).as(">= %s", zero).containsExactlyInAnyOrder("a", "b", "c");
            assertThat(series(Query.where(Filter.lt("value", zero)))).as("< %s", zero).containsExactlyInAnyOrder("d");
            assertThat(series(Query.where(Filter.lte("value", zero)))).as("<= %s", zero).containsExactlyInAnyOrder("a", "b", "d");
        }
    }

    private List<String> series(Query query) {
        return metrics().find(query).stream().map(Metric::series).toList();
    }

    @Test
    void sortOnLongIdProperty() {
        seedAssets();
        assets().insert(KitData.assets().get(0).withId(1_000_000_000_000L));
        assets().insert(KitData.assets().get(0).withId(-7L));
        assertThat(assetIds(assets().find(Query.all().sortBy(asc("id"))))).containsExactly(-7L, 1L, 2L, 3L, 4L, 5L, 1_000_000_000_000L);
        assertThat(assetIds(assets().find(Query.all().sortBy(desc("id"))))).containsExactly(1_000_000_000_000L, 5L, 4L, 3L, 2L, 1L, -7L);
    }

    @Test
    void sortOnSeveralKeys() {
        seedTasks();
        assertThat(sortedTasks(desc("priority"), asc("dueDate"))).containsExactly("t4", "t2", "t6", "t3", "t5", "t1");
        assertThat(sortedTasks(asc("assigneeId"), desc("priority"), asc("dueDate"))).containsExactly("t3", "t4", "t1", "t2", "t6", "t5");
        assertThat(sortedTasks(asc("status"), desc("priority"), asc("id"))).as("enums sort by name")
                .containsExactly("t5", "t4", "t2", "t6", "t3", "t1");
    }

    @Test
    void sortOnNestedPaths() {
        seedAssets();
        if (supports(Capability.ORDER_BY_DROPS_MISSING)) { // declared difference: entities lacking the sort field are left out
            assertThat(assetIds(assets().find(Query.all().sortBy(asc("data.cpu"), asc("id"))))).containsExactly(2L, 1L, 4L);
            assertThat(assetIds(assets().find(Query.all().sortBy(desc("data.cpu"), asc("id"))))).containsExactly(4L, 1L, 2L);
            assertThat(assetIds(assets().find(Query.all().sortBy(asc("location.region"), asc("hostname"))))).containsExactly(1L, 2L, 4L, 3L);
            return;
        }
        assertThat(assetIds(assets().find(Query.all().sortBy(asc("data.cpu"), asc("id"))))).containsExactly(2L, 3L, 5L, 1L, 4L);
        assertThat(assetIds(assets().find(Query.all().sortBy(desc("data.cpu"), asc("id"))))).containsExactly(4L, 1L, 2L, 3L, 5L);
        assertThat(assetIds(assets().find(Query.all().sortBy(asc("location.region"), asc("hostname"))))).containsExactly(5L, 1L, 2L, 4L, 3L);
    }

    @Test
    void limitReturnsTheFirstResultsInSortOrder() {
        seedTasks();
        assertThat(taskIds(tasks().find(Query.all().sortBy(desc("priority"), asc("dueDate")).limit(3)))).containsExactly("t4", "t2", "t6");
        assertThat(taskIds(tasks().find(Query.all().sortBy(asc("priority")).limit(1)))).containsExactly("t1");
        assertThat(tasks().find(Query.all().limit(100))).hasSize(6);
        assertThat(tasks().find(Query.all().limit(4))).hasSize(4);
        assertThat(tasks().find(Query.where(gte("priority", 5)).limit(2))).hasSize(2);
    }

    @Test
    void countHonoursFilterAndLimit() {
        seedTasks();
        assertThat(tasks().count(Query.all())).isEqualTo(6);
        assertThat(tasks().count(Query.where(eq("status", Task.Status.OPEN)))).isEqualTo(3);
        assertThat(tasks().count(Query.where(eq("status", Task.Status.OPEN)).limit(2))).isEqualTo(2);
        assertThat(tasks().count(Query.all().limit(10))).isEqualTo(6);
        assertThat(tasks().count(Query.where(eq("assigneeId", "nobody")))).isZero();
    }

    // projections: see ProjectionGroup (projection types; entity-typed projections are refused)

    @Test
    void deleteAllOfARangeQueryDeletesOnlyTheMatchesAndCountsThem() {
        seedTasks();
        assertThat(tasks().deleteAll(Query.where(gte("priority", 5)))).isEqualTo(3);
        assertThat(sortedTasks(asc("priority"))).containsExactly("t1", "t5", "t3");
        assertThat(tasks().deleteAll(Query.where(gte("priority", 5)))).isZero();
    }
}
