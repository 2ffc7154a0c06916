package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code -0.0} equals {@code 0.0} in the contract (ValueOrder compares numbers by decimal value), while
 * Elasticsearch's double points and doc values order {@code -0.0 < 0.0}: sorts, ranges and equality must
 * still agree with the reference, and the stored value keeps its sign.
 */
class ElasticSignedZeroTest {
    private static ElasticStore store;
    private static Repository<Reading, String> readings;

    @Entity("readings")
    record Reading(String tag, double d, float f, List<Double> ds, Map<String, Double> m, Inner in, @Id String id) {}

    record Inner(double w) {}

    record ReadingValues(String id, double d, List<Double> ds) {}

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("zero");
        readings = store.repository(Reading.class);
        readings.insert(new Reading("A", 0.0, 0.0f, List.of(0.0), Map.of("k", 0.0), new Inner(0.0), "a"));
        readings.insert(new Reading("ab", -0.0, -0.0f, List.of(1.0, -0.0), Map.of("k", -0.0), new Inner(-0.0), "1"));
        readings.insert(new Reading("c", 1.0, 1.0f, List.of(), Map.of("k", 1.0), new Inner(1.0), "c"));
        readings.insert(new Reading("e", -1.0, -1.0f, List.of(-1.0), Map.of("k", -1.0), new Inner(-1.0), "e"));
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    private static List<String> ids(Query q) {
        return readings.find(q).stream().map(Reading::id).toList();
    }

    private static List<String> where(Filter f) {
        return ids(Query.where(f).sortBy(Sort.asc("id")));
    }

    @Test
    void sortsTreatBothZerosAsEqual() {
        for (String field : List.of("d", "f", "m.k", "in.w")) {
            assertThat(ids(Query.all().sortBy(Sort.asc(field), Sort.asc("tag")))).as(field).containsExactly("e", "a", "1", "c");
            assertThat(ids(Query.all().sortBy(Sort.desc(field), Sort.desc("tag")))).as(field).containsExactly("c", "1", "a", "e");
        }
    }

    @Test
    void equalityAndRangesTreatBothZerosAsEqual() {
        for (String field : List.of("d", "f", "m.k", "in.w")) {
            for (Object zero : List.of(0.0, -0.0)) {
                assertThat(where(Filter.eq(field, zero))).as(field + " = " + zero).containsExactly("1", "a");
                assertThat(where(Filter.in(field, zero, 5.0))).as(field + " in " + zero).containsExactly("1", "a");
                assertThat(where(Filter.ne(field, zero))).as(field + " != " + zero).containsExactly("c", "e");
                assertThat(where(Filter.gt(field, zero))).as(field + " > " + zero).containsExactly("c");
                assertThat(where(Filter.gte(field, zero))).as(field + " >= " + zero).containsExactly("1", "a", "c");
                assertThat(where(Filter.lt(field, zero))).as(field + " < " + zero).containsExactly("e");
                assertThat(where(Filter.lte(field, zero))).as(field + " <= " + zero).containsExactly("1", "a", "e");
            }
        }
        assertThat(where(Filter.contains("ds", 0.0))).containsExactly("1", "a");
        assertThat(where(Filter.contains("ds", -0.0))).containsExactly("1", "a");
        assertThat(where(Filter.eq("ds", List.of(-0.0)))).containsExactly("a");
        assertThat(where(Filter.eq("ds", List.of(1.0, 0.0)))).containsExactly("1");
    }

    @Test
    void theStoredValueKeepsItsSign() {
        Reading r = readings.findById("1").orElseThrow();
        assertThat(Double.doubleToRawLongBits(r.d())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Float.floatToRawIntBits(r.f())).isEqualTo(Float.floatToRawIntBits(-0.0f));
        assertThat(Double.doubleToRawLongBits(r.ds().get(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(r.m().get("k"))).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(r.in().w())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        Reading a = readings.findById("a").orElseThrow();
        assertThat(Double.doubleToRawLongBits(a.d())).isZero();
        assertThat(ids(Query.where(Filter.eq("tag", "ab")))).containsExactly("1");
        assertThat(Double.doubleToRawLongBits(readings.find(Query.where(Filter.eq("tag", "ab"))).get(0).d()))
                .isEqualTo(Double.doubleToRawLongBits(-0.0));
        ReadingValues projected = readings.find(Query.where(Filter.eq("tag", "ab")), ReadingValues.class).get(0);
        assertThat(Double.doubleToRawLongBits(projected.d())).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(projected.ds().get(1))).isEqualTo(Double.doubleToRawLongBits(-0.0));
    }
}
