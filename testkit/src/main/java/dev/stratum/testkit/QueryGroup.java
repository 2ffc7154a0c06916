package dev.stratum.testkit;

import static dev.stratum.api.Filter.and;
import static dev.stratum.api.Filter.between;
import static dev.stratum.api.Filter.contains;
import static dev.stratum.api.Filter.eq;
import static dev.stratum.api.Filter.exists;
import static dev.stratum.api.Filter.gt;
import static dev.stratum.api.Filter.gte;
import static dev.stratum.api.Filter.in;
import static dev.stratum.api.Filter.lt;
import static dev.stratum.api.Filter.lte;
import static dev.stratum.api.Filter.missing;
import static dev.stratum.api.Filter.ne;
import static dev.stratum.api.Filter.nin;
import static dev.stratum.api.Filter.not;
import static dev.stratum.api.Filter.or;
import static dev.stratum.api.Filter.startsWith;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Capability;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.domain.Metric;
import dev.stratum.testkit.domain.Task.Status;
import dev.stratum.testkit.internal.KitData;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every filter operator alone and combined, with the semantics of {@link Filter}'s javadoc: null and
 * absent values, comparisons that never match them, {@code ne}/{@code nin} that do. The datasets and
 * the expected matches are in {@link KitData}. Every expectation is checked with {@code find} and
 * {@code count}.
 */
abstract class QueryGroup extends KitGroup {

    private void assertTasks(Filter f, String... expectedIds) {
        assertThat(taskIds(tasks().find(Query.where(f)))).as("find %s", f).containsExactlyInAnyOrder(expectedIds);
        assertThat(tasks().count(Query.where(f))).as("count %s", f).isEqualTo(expectedIds.length);
    }

    private void assertAssets(Filter f, Long... expectedIds) {
        assertThat(assetIds(assets().find(Query.where(f)))).as("find %s", f).containsExactlyInAnyOrder(expectedIds);
        assertThat(assets().count(Query.where(f))).as("count %s", f).isEqualTo(expectedIds.length);
    }

    // ------------------------------------------------------------------------------------- eq

    @Test
    void eqOnEnumIntStringInstantAndDecimal() {
        seedTasks();
        assertTasks(eq("status", Status.OPEN), "t1", "t3", "t6");
        assertTasks(eq("status", "DONE"), "t4");
        assertTasks(eq("priority", 5), "t2", "t6");
        assertTasks(eq("assigneeId", "ann"), "t1", "t4");
        assertTasks(eq("dueDate", KitData.DUE_T1), "t1");
        assertTasks(eq("estimate", new BigDecimal("13.25")), "t4");
        assertTasks(eq("assigneeId", "nobody"));
    }

    @Test
    void eqOnTheIdProperty() {
        seedTasks();
        assertTasks(eq("id", "t2"), "t2");
        assertTasks(in("id", "t1", "t3", "missing"), "t1", "t3");
        seedAssets();
        assertAssets(eq("id", 4L), 4L);
    }

    @Test
    void eqWithAnInstantFinerThanMillisecondsMatchesTheStoredValue() {
        seedTasks();
        assertTasks(eq("dueDate", KitData.DUE_T1.plusNanos(456_789)), "t1");
    }

    @Test
    void eqNullMatchesNullAndAbsent() {
        seedTasks();
        assertTasks(eq("assigneeId", null), "t3");
        assertTasks(eq("dueDate", null), "t3");
        seedAssets();
        assertAssets(eq("data.cpu", null), 2L, 3L, 5L);
        assertAssets(eq("location.region", null), 5L);
    }

    /**
     * List semantics of untyped values (the contract, on every store): a list is one value — a list
     * holding null is present (not missing), a scalar never equals, is in, or compares with a list,
     * and only {@code contains} looks at elements. Maps compare by content, not key order.
     */
    @Test
    void aListInAnUntypedFieldIsOneValue() {
        Optional<String> gap = kit().untypedFieldValuesGapReason();
        Assumptions.assumeTrue(gap.isEmpty(), () -> gap.orElse(""));
        assumeSupports(Capability.EXISTS);
        assumeSupports(Capability.NOT_EQUAL);
        Assumptions.assumeTrue(supports(Capability.UNINDEXED_FIELDS) || supports(Capability.SCAN),
                () -> store() + " declares neither UNINDEXED_FIELDS nor SCAN; the Capabilities group checks that it refuses them");
        Map<String, Object> holdingNull = new HashMap<>();
        holdingNull.put("x", Arrays.asList(1L, null));
        Map<String, Object> scalar = Map.of("x", 1L);
        Map<String, Object> ordered = new LinkedHashMap<>();
        Map<String, Object> inner = new LinkedHashMap<>(Map.of("a", 1L));
        ordered.put("x", inner);
        inner.put("b", 2L);
        String listId = fuzzRecords().insert(new FuzzRecord("list", null, null, null, null, null, null, null, holdingNull)).id();
        String scalarId = fuzzRecords().insert(new FuzzRecord("scalar", null, null, null, null, null, null, null, scalar)).id();
        fuzzRecords().insert(new FuzzRecord("map", null, null, null, null, null, null, null, ordered));
        fuzzRecords().insert(new FuzzRecord("none", null, null, null, null, null, null, null, Map.of()));
        assertThat(fuzzIds(exists("attrs.x"))).containsExactlyInAnyOrder(listId, scalarId, "map");
        assertThat(fuzzIds(missing("attrs.x"))).containsExactly("none");
        assertThat(fuzzIds(eq("attrs.x", 1L))).containsExactly(scalarId);
        if (supports(Capability.NE_DROPS_MISSING)) { // declared difference: absent values are not matched
            assertThat(fuzzIds(ne("attrs.x", 1L))).containsExactlyInAnyOrder(listId, "map");
            assertThat(fuzzIds(nin("attrs.x", 1L))).containsExactlyInAnyOrder(listId, "map");
        } else {
            assertThat(fuzzIds(ne("attrs.x", 1L))).containsExactlyInAnyOrder(listId, "map", "none");
            assertThat(fuzzIds(nin("attrs.x", 1L))).containsExactlyInAnyOrder(listId, "map", "none");
        }
        assertThat(fuzzIds(in("attrs.x", 1L, 5L))).containsExactly(scalarId);
        assertThat(fuzzIds(gte("attrs.x", 1L))).containsExactly(scalarId);
        assertThat(fuzzIds(eq("attrs.x", null))).containsExactly("none");
        assertThat(fuzzIds(eq("attrs.x", Arrays.asList(1L, null)))).containsExactly(listId);
        Map<String, Object> reversed = new LinkedHashMap<>();
        reversed.put("b", 2L);
        reversed.put("a", 1L);
        assertThat(fuzzIds(eq("attrs.x", reversed))).as("maps compare by content, not key order").containsExactly("map");
    }

    private List<String> fuzzIds(Filter f) {
        return fuzzRecords().find(Query.where(f).allowScan()).stream().map(FuzzRecord::id).toList();
    }

    @Test
    void eqOnAListComparesTheWholeList() {
        seedTasks();
        assertTasks(eq("tags", List.of("backend", "urgent")), "t2");
        assertTasks(eq("tags", List.of("backend")));
        assertTasks(eq("tags", List.of()), "t3");
    }

    @Test
    void eqOnNestedPaths() {
        seedAssets();
        assertAssets(eq("location.region", "eu-west"), 1L, 2L);
        assertAssets(eq("data.cpu", 0.9), 4L);
    }

    // ------------------------------------------------------------------------------------- ne, nin

    @Test
    void neMatchesOtherValuesNullAndAbsent() {
        assumeSupports(Capability.NOT_EQUAL);
        seedTasks();
        assertTasks(ne("status", Status.OPEN), "t2", "t4", "t5");
        assertTasks(ne("assigneeId", null), "t1", "t2", "t4", "t5", "t6");
        seedAssets();
        if (supports(Capability.NE_DROPS_MISSING)) { // declared difference: null or absent values are not matched
            assertTasks(ne("assigneeId", "ann"), "t2", "t5", "t6");
            assertAssets(ne("data.cpu", 0.5), 4L);
        } else {
            assertTasks(ne("assigneeId", "ann"), "t2", "t3", "t5", "t6");
            assertAssets(ne("data.cpu", 0.5), 2L, 3L, 4L, 5L);
        }
    }

    @Test
    void ninMatchesOtherValuesNullAndAbsent() {
        assumeSupports(Capability.NOT_EQUAL);
        seedTasks();
        assertTasks(nin("status", Status.OPEN), "t2", "t4", "t5");
        assertTasks(nin("priority", List.of()), "t1", "t2", "t3", "t4", "t5", "t6");
        seedAssets();
        if (supports(Capability.NE_DROPS_MISSING)) {
            assertTasks(nin("assigneeId", "ann", "bob"), "t5");
            assertAssets(nin("data.cpu", 0.5, 0.9));
        } else {
            assertTasks(nin("assigneeId", "ann", "bob"), "t3", "t5");
            assertAssets(nin("data.cpu", 0.5, 0.9), 2L, 3L, 5L);
        }
    }

    // ------------------------------------------------------------------------------------- in

    @Test
    void inMatchesAnyOfTheValues() {
        seedTasks();
        assertTasks(in("status", Status.DONE, Status.IN_PROGRESS), "t2", "t4");
        assertTasks(in("priority", List.of(1, 10, 99)), "t1", "t4");
        assertTasks(in("assigneeId", "cara"), "t5");
        assertTasks(in("status", List.of()));
    }

    // ------------------------------------------------------------------------------------- ranges

    @Test
    void rangesOnInt() {
        seedTasks();
        assertTasks(gt("priority", 3), "t2", "t4", "t6");
        assertTasks(gte("priority", 3), "t2", "t3", "t4", "t6");
        assertTasks(lt("priority", 3), "t1", "t5");
        assertTasks(lte("priority", 2), "t1", "t5");
        assertTasks(gt("priority", 10));
        assertTasks(between("priority", 2, 5), "t3", "t5");
    }

    @Test
    void rangesOnInstantNeverMatchNull() {
        seedTasks();
        assertTasks(lt("dueDate", KitData.DUE_T1), "t4");
        assertTasks(lte("dueDate", KitData.DUE_T1), "t1", "t4");
        assertTasks(gte("dueDate", Instant.parse("2030-01-02T09:30:00Z")), "t2", "t5", "t6");
        assertTasks(gt("dueDate", Instant.parse("2030-01-02T09:30:00Z")), "t5", "t6");
        assertTasks(lt("dueDate", Instant.parse("2100-01-01T00:00:00Z")), "t1", "t2", "t4", "t5", "t6");
    }

    @Test
    void rangesOnDecimalCompareNumerically() {
        seedTasks();
        assertTasks(gt("estimate", new BigDecimal("3")), "t2", "t4");
        assertTasks(gte("estimate", new BigDecimal("3.00")), "t2", "t4", "t6");
        assertTasks(lte("estimate", new BigDecimal("1.5")), "t1", "t5");
        assertTasks(lt("estimate", 10), "t1", "t2", "t5", "t6");
    }

    @Test
    void rangesOnStringsCompareLexicographically() {
        seedAssets();
        assertAssets(gte("hostname", "db"), 1L, 2L, 3L);
        assertAssets(lt("hostname", "db-01"), 4L, 5L);
        assertAssets(gt("hostname", "web-01"), 2L);
    }

    @Test
    void rangesOnLocalDate() {
        seedUsers();
        assertThat(userIds(users().find(Query.where(gte("joinedOn", LocalDate.of(2020, 1, 31)))))).containsExactlyInAnyOrder("u2", "u3");
        assertThat(userIds(users().find(Query.where(lt("joinedOn", LocalDate.of(2020, 1, 31)))))).containsExactlyInAnyOrder("u1");
        assertThat(users().count(Query.where(lte("joinedOn", LocalDate.of(2099, 1, 1))))).as("null joinedOn never matches").isEqualTo(3);
    }

    @Test
    void rangesOnDoubleIncludingNegatives() {
        for (Metric m : KitData.signedMetrics()) {
            metrics().insert(m);
        }
        assertThat(metrics().find(Query.where(lt("value", 0))).stream().map(Metric::value)).containsExactlyInAnyOrder(-20.0, -1.5);
        assertThat(metrics().find(Query.where(gte("value", 2.5))).stream().map(Metric::value)).containsExactlyInAnyOrder(2.5, 10.0, 100.5);
        assertThat(metrics().count(Query.where(between("value", -1.5, 10)))).isEqualTo(3);
    }

    @Test
    void rangesOnNestedMapValuesNeverMatchNullOrAbsent() {
        seedAssets();
        assertAssets(gt("data.cpu", 0.6), 4L);
        assertAssets(gte("data.cpu", 0), 1L, 4L);
        assertAssets(lt("data.cpu", 1), 1L, 4L);
    }

    // ------------------------------------------------------------------------------------- exists

    @Test
    void existsAndMissing() {
        assumeSupports(Capability.EXISTS);
        seedTasks();
        assertTasks(exists("assigneeId"), "t1", "t2", "t4", "t5", "t6");
        assertTasks(missing("assigneeId"), "t3");
        assertTasks(missing("dueDate"), "t3");
        seedAssets();
        assertAssets(exists("data.cpu"), 1L, 4L);
        assertAssets(missing("data.cpu"), 2L, 3L, 5L);
        assertAssets(exists("location.region"), 1L, 2L, 3L, 4L);
    }

    // ------------------------------------------------------------------------------------- contains

    @Test
    void containsMatchesListsHoldingTheValue() {
        assumeSupports(Capability.ARRAY_CONTAINS);
        seedTasks();
        assertTasks(contains("tags", "urgent"), "t2", "t6");
        assertTasks(contains("tags", "backend"), "t2", "t4");
        assertTasks(contains("tags", "docs"), "t1");
        assertTasks(contains("tags", "none"));
    }

    // ------------------------------------------------------------------------------------- startsWith

    @Test
    void startsWithIsALiteralCaseSensitivePrefix() {
        assumeSupports(Capability.STARTS_WITH);
        seedAssets();
        assertAssets(startsWith("hostname", "web-"), 1L, 2L);
        assertAssets(startsWith("hostname", "api."), 4L);
        assertAssets(startsWith("hostname", "WEB"));
        assertAssets(startsWith("hostname", "web-01"), 1L);
        assertAssets(startsWith("hostname", "a(b[*\\"));
        assertAssets(startsWith("hostname", ".*"));
    }

    // ------------------------------------------------------------------------------------- logic

    @Test
    void andOfSeveralFilters() {
        seedTasks();
        assertTasks(and(eq("status", Status.OPEN), gte("priority", 3)), "t3", "t6");
        assertTasks(and(eq("assigneeId", "bob"), eq("priority", 5), eq("status", Status.OPEN)), "t6");
        assertTasks(and(eq("status", Status.DONE), eq("status", Status.OPEN)));
    }

    @Test
    void orOfSeveralFilters() {
        assumeSupports(Capability.OR);
        seedTasks();
        assertTasks(or(eq("status", Status.DONE), eq("priority", 1)), "t1", "t4");
        assertTasks(or(eq("assigneeId", "cara"), eq("assigneeId", null)), "t3", "t5");
        assertTasks(or(eq("status", Status.DONE), eq("status", Status.DONE)), "t4");
    }

    @Test
    void notMatchesWhatTheFilterDoesNotIncludingNull() {
        assumeSupports(Capability.NOT);
        seedTasks();
        assertTasks(not(eq("status", Status.OPEN)), "t2", "t4", "t5");
        assertTasks(not(eq("assigneeId", "ann")), "t2", "t3", "t5", "t6");
        assertTasks(not(gt("priority", 3)), "t1", "t3", "t5");
        assertTasks(not(lt("dueDate", KitData.DUE_T1)), "t1", "t2", "t3", "t5", "t6");
    }

    @Test
    void nestedCombinations() {
        assumeSupports(Capability.OR);
        assumeSupports(Capability.NOT);
        assumeSupports(Capability.ARRAY_CONTAINS);
        seedTasks();
        assertTasks(and(or(contains("tags", "urgent"), eq("status", Status.DONE)), not(eq("assigneeId", "bob"))), "t4");
        assertTasks(or(and(eq("status", Status.OPEN), gt("priority", 2)), and(eq("assigneeId", "ann"), lt("priority", 2))), "t1", "t3", "t6");
        assertTasks(not(or(eq("status", Status.OPEN), eq("status", Status.DONE))), "t2", "t5");
        assertTasks(not(not(eq("status", Status.DONE))), "t4");
    }

    @Test
    void rangesOnTwoFieldsInOneQuery() {
        assumeSupports(Capability.RANGE_ON_MULTIPLE_FIELDS);
        seedTasks();
        assertTasks(and(gte("priority", 3), lt("dueDate", Instant.parse("2030-01-10T00:00:00Z"))), "t2", "t4");
    }

    @Test
    void filtersCombineWithSortAndLimit() {
        seedTasks();
        List<String> ids = taskIds(tasks().find(Query.where(eq("status", Status.OPEN))
                .sortBy(Sort.desc("priority")).limit(2)));
        assertThat(ids).containsExactly("t6", "t3");
    }
}
