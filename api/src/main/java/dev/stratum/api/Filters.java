package dev.stratum.api;

import java.util.ArrayList;
import java.util.List;

/** Small structural facts about {@link Filter} nodes, shared by the API and the stores. */
public final class Filters {
    private Filters() {}

    /** The conjuncts of a filter: the children of (nested) {@code and}s, or the filter itself. */
    public static List<Filter> conjuncts(Filter f) {
        if (!(f instanceof Filter.And a)) {
            return List.of(f);
        }
        List<Filter> out = new ArrayList<>();
        for (Filter c : a.filters()) {
            out.addAll(conjuncts(c));
        }
        return out;
    }

    /** The field a leaf filter tests; throws for {@code and}/{@code or}/{@code not}. */
    public static String fieldOf(Filter f) {
        if (f instanceof Filter.Eq x) return x.field();
        if (f instanceof Filter.Ne x) return x.field();
        if (f instanceof Filter.Range x) return x.field();
        if (f instanceof Filter.In x) return x.field();
        if (f instanceof Filter.Nin x) return x.field();
        if (f instanceof Filter.Exists x) return x.field();
        if (f instanceof Filter.Contains x) return x.field();
        if (f instanceof Filter.StartsWith x) return x.field();
        throw new IllegalArgumentException("not a leaf filter: " + f.getClass().getSimpleName());
    }

    /** The name of the construct, as used in {@link QueryNotSupportedException} messages. */
    public static String constructOf(Filter f) {
        if (f instanceof Filter.Eq) return "eq";
        if (f instanceof Filter.Ne) return "ne";
        if (f instanceof Filter.Range r) return "range (" + r.op().symbol() + ")";
        if (f instanceof Filter.In) return "in";
        if (f instanceof Filter.Nin) return "nin";
        if (f instanceof Filter.Exists) return "exists";
        if (f instanceof Filter.Contains) return "contains";
        if (f instanceof Filter.StartsWith) return "startsWith";
        if (f instanceof Filter.And) return "and";
        if (f instanceof Filter.Or) return "or";
        return "not";
    }
}
