package dev.stratum.api;

import static dev.stratum.api.Filter.and;
import static dev.stratum.api.Filter.eq;
import static dev.stratum.api.Filter.gte;
import static dev.stratum.api.Filter.in;
import static dev.stratum.api.Filter.not;
import static dev.stratum.api.Filter.or;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Query} is immutable, compares by value, and never prints values. */
class QueryTest {

    @Test
    void everyWithMethodReturnsANewQueryAndLeavesTheOriginalAlone() {
        Query base = Query.where(eq("status", "OPEN"));
        Query sorted = base.sortBy(Sort.desc("priority"));
        Query limited = sorted.limit(10);
        Query offset = limited.offset(5);
        Query projected = offset.project("title", "priority");
        Query text = projected.matching("outage");
        Query scan = text.allowScan();
        Query anded = scan.and(gte("priority", 2));

        assertThat(base.sort()).isEmpty();
        assertThat(base.limit()).isZero();
        assertThat(base.offset()).isZero();
        assertThat(base.projection()).isEmpty();
        assertThat(base.text()).isEmpty();
        assertThat(base.scanAllowed()).isFalse();
        assertThat(base.filter()).contains(eq("status", "OPEN"));

        assertThat(anded.sort()).containsExactly(Sort.desc("priority"));
        assertThat(anded.limit()).isEqualTo(10);
        assertThat(anded.offset()).isEqualTo(5);
        assertThat(anded.projection()).containsExactlyInAnyOrder("title", "priority");
        assertThat(anded.text()).contains("outage");
        assertThat(anded.scanAllowed()).isTrue();
        assertThat(anded.filter()).contains(and(eq("status", "OPEN"), gte("priority", 2)));
        assertThat(scan.filter()).contains(eq("status", "OPEN"));
    }

    @Test
    void andOnAQueryWithoutFilterSetsIt() {
        assertThat(Query.all().and(eq("a", 1)).filter()).contains(eq("a", 1));
        assertThat(Query.all().filter()).isEmpty();
        assertThat(Query.all().filter(null)).isEqualTo(Query.all());
    }

    @Test
    void collectionsPassedInAreCopied() {
        List<Sort> keys = new ArrayList<>(List.of(Sort.asc("a")));
        Query q = Query.all().sortBy(keys);
        keys.add(Sort.asc("b"));
        assertThat(q.sort()).containsExactly(Sort.asc("a"));
        assertThatThrownBy(() -> q.sort().add(Sort.asc("c"))).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> Query.all().project("a").projection().add("b")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalQueriesAreEqualAndHashAlike() {
        Query a = Query.where(and(eq("status", "OPEN"), in("tags", "x", "y"))).sortBy(Sort.asc("p")).limit(3).project("t");
        Query b = Query.where(and(eq("status", "OPEN"), in("tags", "x", "y"))).sortBy(Sort.asc("p")).limit(3).project("t");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(b.limit(4)).isNotEqualTo(b.allowScan()).isNotEqualTo(b.matching("x"))
                .isNotEqualTo(b.sortBy(Sort.desc("p"))).isNotEqualTo(Query.where(eq("status", "DONE")));
    }

    @Test
    void toStringNamesFieldsButNeverValues() {
        Query q = Query.where(and(eq("email", "secret@example.com"), or(gte("salary", 123456), not(in("ssn", "078-05-1120")))))
                .sortBy(Sort.desc("salary")).limit(7).offset(2).matching("confidential words").allowScan();
        String s = q.toString();
        assertThat(s).contains("email", "salary", "ssn", "limit=7", "offset=2", "text=?", "scan", "DESC")
                .doesNotContain("secret", "123456", "078-05-1120", "confidential");
        assertThat(Query.all().toString()).isEqualTo("Query[fields=[]]");
    }

    @Test
    void fieldsListsEveryNamedPathOnce() {
        Query q = Query.where(and(eq("a", 1), or(eq("b.c", 2), not(eq("a", 3))))).sortBy(Sort.asc("d")).project("e", "a");
        assertThat(q.fields()).containsExactly("a", "b.c", "d", "e");
    }

    @Test
    void negativeLimitOrOffsetIsRefused() {
        assertThatThrownBy(() -> Query.all().limit(-1)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-1");
        assertThatThrownBy(() -> Query.all().offset(-2)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-2");
        assertThat(Query.all().limit(0).limit()).isZero();
    }

    @Test
    void textQueryHasNoFilter() {
        Query q = Query.text("database outage");
        assertThat(q.text()).contains("database outage");
        assertThat(q.filter()).isEmpty();
        assertThat(q.matching(null).text()).isEmpty();
    }

    @Test
    void sortKeysAreValidated() {
        assertThat(Sort.asc("a").ascending()).isTrue();
        assertThat(Sort.desc("a").ascending()).isFalse();
        assertThatThrownBy(() -> new Sort(null, Sort.Direction.ASC)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new Sort("a", null)).isInstanceOf(NullPointerException.class);
    }
}
