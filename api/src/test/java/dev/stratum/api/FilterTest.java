package dev.stratum.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link Filter} nodes are immutable values; {@link Filters} answers structural questions. */
class FilterTest {

    @Test
    void inAndNinCopyTheirValuesAndStayUnmodifiable() {
        List<Object> values = new ArrayList<>(List.of("a", "b"));
        Filter.In in = (Filter.In) Filter.in("f", values);
        Filter.Nin nin = (Filter.Nin) Filter.nin("f", values);
        values.add("c");
        assertThat(in.values()).containsExactly("a", "b");
        assertThat(nin.values()).containsExactly("a", "b");
        assertThatThrownBy(() -> in.values().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> nin.values().clear()).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void inAcceptsNullValues() {
        Filter.In in = (Filter.In) Filter.in("f", Arrays.asList("a", null));
        assertThat(in.values()).containsExactly("a", null);
    }

    @Test
    void andAndOrCopyTheirChildren() {
        List<Filter> children = new ArrayList<>(List.of(Filter.eq("a", 1)));
        Filter.And and = (Filter.And) Filter.and(children);
        Filter.Or or = (Filter.Or) Filter.or(children);
        children.add(Filter.eq("b", 2));
        assertThat(and.filters()).hasSize(1);
        assertThat(or.filters()).hasSize(1);
        assertThatThrownBy(() -> and.filters().add(Filter.eq("c", 3))).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void valuesThatMustNotBeNullAreRefusedWithTheFieldName() {
        assertThatThrownBy(() -> Filter.gt("priority", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("priority");
        assertThatThrownBy(() -> Filter.contains("tags", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("tags");
        assertThatThrownBy(() -> Filter.startsWith("name", null)).isInstanceOf(NullPointerException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> Filter.not(null)).isInstanceOf(NullPointerException.class);
        assertThat(Filter.eq("f", null)).isEqualTo(new Filter.Eq("f", null));
        assertThat(Filter.ne("f", null)).isEqualTo(new Filter.Ne("f", null));
    }

    @Test
    void factoriesBuildTheDocumentedNodes() {
        assertThat(Filter.gt("p", 1)).isEqualTo(new Filter.Range("p", Filter.Op.GT, 1));
        assertThat(Filter.gte("p", 1)).isEqualTo(new Filter.Range("p", Filter.Op.GTE, 1));
        assertThat(Filter.lt("p", 1)).isEqualTo(new Filter.Range("p", Filter.Op.LT, 1));
        assertThat(Filter.lte("p", 1)).isEqualTo(new Filter.Range("p", Filter.Op.LTE, 1));
        assertThat(Filter.between("p", 1, 5)).isEqualTo(Filter.and(Filter.gte("p", 1), Filter.lt("p", 5)));
        assertThat(Filter.exists("p")).isEqualTo(new Filter.Exists("p", true));
        assertThat(Filter.missing("p")).isEqualTo(new Filter.Exists("p", false));
        assertThat(Filter.in("p", 1, 2)).isEqualTo(Filter.in("p", List.of(1, 2)));
        assertThat(Filter.nin("p", 1, 2)).isEqualTo(Filter.nin("p", List.of(1, 2)));
        assertThat(Filter.Op.GTE.symbol()).isEqualTo(">=");
    }

    @Test
    void fieldOfAndConstructOf() {
        assertThat(Filters.fieldOf(Filter.eq("a.b", 1))).isEqualTo("a.b");
        assertThat(Filters.fieldOf(Filter.startsWith("n", "x"))).isEqualTo("n");
        assertThat(Filters.fieldOf(Filter.missing("m"))).isEqualTo("m");
        assertThatThrownBy(() -> Filters.fieldOf(Filter.and(Filter.eq("a", 1)))).isInstanceOf(IllegalArgumentException.class);
        assertThat(Filters.constructOf(Filter.lte("a", 1))).isEqualTo("range (<=)");
        assertThat(Filters.constructOf(Filter.or(Filter.eq("a", 1)))).isEqualTo("or");
        assertThat(Filters.constructOf(Filter.not(Filter.eq("a", 1)))).isEqualTo("not");
        assertThat(Filters.constructOf(Filter.contains("a", 1))).isEqualTo("contains");
    }
}
