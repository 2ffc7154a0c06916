package dev.stratum.testkit.internal;

import dev.stratum.api.Filter;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.FuzzRecord;
import java.math.BigDecimal;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * One differential fuzz case: the entities both stores hold and the queries run on both. Its
 * {@code toString} is what a failure prints (after shrinking), so it spells out every value.
 */
public record FuzzCase(List<FuzzRecord> entities, List<FuzzQuery> queries) {

    /** How a query is read back. */
    public enum Mode { FIND, STREAM, COUNT, KEYSET_PAGES, OFFSET_PAGES }

    /**
     * One query.
     *
     * @param filter the filter, null for all
     * @param sort the sort keys
     * @param limit {@code Query.limit} (0: none); FIND/STREAM only
     * @param offset {@code Query.offset}; FIND/STREAM only
     * @param pageSize page size for the paging modes
     */
    public record FuzzQuery(Mode mode, @Nullable Filter filter, List<Sort> sort, int limit, int offset, int pageSize) {
        @Override
        public String toString() {
            StringBuilder b = new StringBuilder(mode.name()).append(" where ").append(filter == null ? "<all>" : render(filter));
            if (!sort.isEmpty()) {
                b.append(" sort ").append(sort.stream().map(s -> s.field() + (s.ascending() ? " asc" : " desc")).collect(Collectors.joining(", ")));
            }
            if (limit > 0) {
                b.append(" limit ").append(limit);
            }
            if (offset > 0) {
                b.append(" offset ").append(offset);
            }
            if (mode == Mode.KEYSET_PAGES || mode == Mode.OFFSET_PAGES) {
                b.append(" pageSize ").append(pageSize);
            }
            return b.toString();
        }
    }

    /** A filter as Java-ish source, values with their types, so a failing case can be pasted into a test. */
    public static String render(Filter f) {
        if (f instanceof Filter.And x) {
            return "and(" + x.filters().stream().map(FuzzCase::render).collect(Collectors.joining(", ")) + ")";
        }
        if (f instanceof Filter.Or x) {
            return "or(" + x.filters().stream().map(FuzzCase::render).collect(Collectors.joining(", ")) + ")";
        }
        if (f instanceof Filter.Not x) {
            return "not(" + render(x.filter()) + ")";
        }
        if (f instanceof Filter.Eq x) {
            return "eq(" + x.field() + ", " + value(x.value()) + ")";
        }
        if (f instanceof Filter.Ne x) {
            return "ne(" + x.field() + ", " + value(x.value()) + ")";
        }
        if (f instanceof Filter.Range x) {
            return x.op().name().toLowerCase(Locale.ROOT) + "(" + x.field() + ", " + value(x.value()) + ")";
        }
        if (f instanceof Filter.In x) {
            return "in(" + x.field() + ", " + x.values().stream().map(FuzzCase::value).collect(Collectors.joining(", ")) + ")";
        }
        if (f instanceof Filter.Nin x) {
            return "nin(" + x.field() + ", " + x.values().stream().map(FuzzCase::value).collect(Collectors.joining(", ")) + ")";
        }
        if (f instanceof Filter.Exists x) {
            return (x.present() ? "exists(" : "missing(") + x.field() + ")";
        }
        if (f instanceof Filter.Contains x) {
            return "contains(" + x.field() + ", " + value(x.value()) + ")";
        }
        if (f instanceof Filter.StartsWith x) {
            return "startsWith(" + x.field() + ", " + value(x.prefix()) + ")";
        }
        return f.toString();
    }

    static String value(@Nullable Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            StringBuilder b = new StringBuilder("\"");
            s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7f ? Character.toString(c) : String.format("\\u{%x}", c)));
            return b.append('"').toString();
        }
        if (v instanceof Long) {
            return v + "L";
        }
        if (v instanceof Double) {
            return v + "d";
        }
        if (v instanceof BigDecimal d) {
            return "new BigDecimal(\"" + d + "\")";
        }
        return String.valueOf(v);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("\n  entities (").append(entities.size()).append("):");
        entities.forEach(e -> b.append("\n    ").append(e));
        b.append("\n  queries:");
        queries.forEach(q -> b.append("\n    ").append(q));
        return b.toString();
    }
}
