package dev.stratum.tracing.internal;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import java.util.List;

/**
 * Renders a {@link Query} as its shape: field names and operators with every value replaced by
 * {@code ?}, e.g. {@code (status = ? and priority >= ?) | sort priority desc | limit ?}. Safe to
 * record: it holds no value the application passed.
 */
public final class QueryShape {
    private QueryShape() {}

    /** The shape of {@code query}. */
    public static String of(Query query) {
        StringBuilder sb = new StringBuilder();
        query.filter().ifPresent(f -> filter(f, sb));
        if (query.text().isPresent()) {
            separate(sb).append("text ?");
        }
        if (sb.length() == 0) {
            sb.append("all");
        }
        List<Sort> sort = query.sort();
        if (!sort.isEmpty()) {
            sb.append(" | sort ");
            for (int i = 0; i < sort.size(); i++) {
                sb.append(i == 0 ? "" : ", ").append(sort.get(i).field()).append(sort.get(i).ascending() ? " asc" : " desc");
            }
        }
        if (!query.projection().isEmpty()) {
            sb.append(" | project ").append(String.join(", ", query.projection()));
        }
        if (query.limit() > 0) {
            sb.append(" | limit ?");
        }
        if (query.offset() > 0) {
            sb.append(" | offset ?");
        }
        return sb.toString();
    }

    private static StringBuilder separate(StringBuilder sb) {
        return sb.length() == 0 ? sb : sb.append(" and ");
    }

    private static void filter(Filter f, StringBuilder sb) {
        // Java 17 baseline: no pattern matching for switch
        if (f instanceof Filter.And x) {
            group(x.filters(), " and ", sb);
        } else if (f instanceof Filter.Or x) {
            group(x.filters(), " or ", sb);
        } else if (f instanceof Filter.Not x) {
            sb.append("not ");
            boolean leaf = !(x.filter() instanceof Filter.And || x.filter() instanceof Filter.Or);
            if (leaf) {
                sb.append('(');
            }
            filter(x.filter(), sb);
            if (leaf) {
                sb.append(')');
            }
        } else if (f instanceof Filter.Eq x) {
            sb.append(x.field()).append(x.value() == null ? " is null" : " = ?");
        } else if (f instanceof Filter.Ne x) {
            sb.append(x.field()).append(x.value() == null ? " is not null" : " != ?");
        } else if (f instanceof Filter.Range x) {
            sb.append(x.field()).append(' ').append(x.op().symbol()).append(" ?");
        } else if (f instanceof Filter.In x) {
            sb.append(x.field()).append(" in (?)");
        } else if (f instanceof Filter.Nin x) {
            sb.append(x.field()).append(" not in (?)");
        } else if (f instanceof Filter.Exists x) {
            sb.append(x.field()).append(x.present() ? " exists" : " missing");
        } else if (f instanceof Filter.Contains x) {
            sb.append(x.field()).append(" contains ?");
        } else if (f instanceof Filter.StartsWith x) {
            sb.append(x.field()).append(" startsWith ?");
        } else {
            sb.append('?');
        }
    }

    private static void group(List<Filter> filters, String op, StringBuilder sb) {
        sb.append('(');
        for (int i = 0; i < filters.size(); i++) {
            if (i > 0) {
                sb.append(op);
            }
            filter(filters.get(i), sb);
        }
        sb.append(')');
    }
}
