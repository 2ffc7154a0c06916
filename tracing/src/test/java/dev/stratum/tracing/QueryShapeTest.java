package dev.stratum.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.tracing.internal.QueryShape;
import org.junit.jupiter.api.Test;

class QueryShapeTest {

    @Test
    void everyConstructRendersWithoutItsValues() {
        Query q = Query.where(Filter.or(
                        Filter.and(Filter.eq("a", "v1"), Filter.ne("b", "v2"), Filter.lt("c", 3), Filter.in("d", "v4", "v5")),
                        Filter.not(Filter.nin("e", "v6")), Filter.exists("f"), Filter.missing("g"), Filter.contains("h", "v7"),
                        Filter.startsWith("i", "v8"), Filter.eq("j", null), Filter.ne("k", null), Filter.not(Filter.and(Filter.gt("l", 9)))))
                .sortBy(Sort.asc("a"), Sort.desc("c")).project("a", "b").limit(5).offset(10);
        String shape = QueryShape.of(q);
        assertThat(shape).isEqualTo("((a = ? and b != ? and c < ? and d in (?)) or not (e not in (?)) or f exists or g missing"
                + " or h contains ? or i startsWith ? or j is null or k is not null or not (l > ?))"
                + " | sort a asc, c desc | project " + String.join(", ", q.projection()) + " | limit ? | offset ?");
        assertThat(shape).doesNotContain("v1", "v2", "3", "v4", "v6", "v7", "v8", "9", "5", "10");
    }

    @Test
    void allAndText() {
        assertThat(QueryShape.of(Query.all())).isEqualTo("all");
        assertThat(QueryShape.of(Query.text("secret words"))).isEqualTo("text ?");
        assertThat(QueryShape.of(Query.where(Filter.eq("a", 1)).matching("x"))).isEqualTo("a = ? and text ?");
    }
}
