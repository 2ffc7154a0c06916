package dev.stratum.api.spi;

import dev.stratum.api.Filter;
import dev.stratum.api.Sort;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates prepared (neutral) filters, sorts and projections against neutral documents, with
 * exactly the semantics of {@link Filter}'s javadoc. The in-memory reference store runs on it; stores
 * that must evaluate a filter client-side (a Redis scan) use it too, so the semantics cannot drift.
 */
public final class DocumentMatcher {
    private DocumentMatcher() {}

    /** Whether {@code doc} matches {@code filter}. */
    public static boolean matches(Map<String, ?> doc, Filter filter) {
        if (filter instanceof Filter.And x) {
            for (Filter f : x.filters()) {
                if (!matches(doc, f)) return false;
            }
            return true;
        }
        if (filter instanceof Filter.Or x) {
            for (Filter f : x.filters()) {
                if (matches(doc, f)) return true;
            }
            return false;
        }
        if (filter instanceof Filter.Not x) {
            return !matches(doc, x.filter());
        }
        if (filter instanceof Filter.Eq x) {
            return ValueOrder.equal(DocumentPath.get(doc, x.field()), x.value());
        }
        if (filter instanceof Filter.Ne x) {
            return !ValueOrder.equal(DocumentPath.get(doc, x.field()), x.value());
        }
        if (filter instanceof Filter.In x) {
            return in(DocumentPath.get(doc, x.field()), x.values());
        }
        if (filter instanceof Filter.Nin x) {
            return !in(DocumentPath.get(doc, x.field()), x.values());
        }
        if (filter instanceof Filter.Exists x) {
            Object v = DocumentPath.get(doc, x.field());
            boolean present = v != null && v != DocumentPath.ABSENT;
            return present == x.present();
        }
        if (filter instanceof Filter.Contains x) {
            Object v = DocumentPath.get(doc, x.field());
            if (v instanceof List<?> list) {
                for (Object o : list) {
                    if (ValueOrder.equal(o, x.value())) return true;
                }
            }
            return false;
        }
        if (filter instanceof Filter.StartsWith x) {
            return DocumentPath.get(doc, x.field()) instanceof String s && s.startsWith(x.prefix());
        }
        Filter.Range r = (Filter.Range) filter;
        Object v = DocumentPath.get(doc, r.field());
        if (!ValueOrder.comparable(v, r.value())) {
            return false;
        }
        int c = ValueOrder.compare(v, r.value());
        switch (r.op()) {
            case GT: return c > 0;
            case GTE: return c >= 0;
            case LT: return c < 0;
            default: return c <= 0;
        }
    }

    private static boolean in(@Nullable Object v, List<@Nullable Object> values) {
        for (Object candidate : values) {
            if (ValueOrder.equal(v, candidate)) return true;
        }
        return false;
    }

    /**
     * Whether the document's text fields contain any of the search's words (case-insensitive, split
     * on non-letters/digits) — an OR of terms, as MongoDB's {@code $text} does.
     */
    public static boolean matchesText(Map<String, ?> doc, Set<String> textFields, String search) {
        List<String> terms = words(search);
        for (String f : textFields) {
            Object v = DocumentPath.get(doc, f);
            if (v instanceof String s) {
                List<String> have = words(s);
                for (String t : terms) {
                    if (have.contains(t)) return true;
                }
            }
        }
        return false;
    }

    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        for (String w : s.toLowerCase(Locale.ROOT).split("[^\\p{L}\\p{N}]+")) {
            if (!w.isEmpty()) out.add(w);
        }
        return out;
    }

    /** A comparator of documents by sort keys (nulls first ascending, last descending). */
    public static Comparator<Map<String, ?>> comparator(List<Sort> keys) {
        Comparator<Map<String, ?>> c = (unusedA, unusedB) -> 0;
        for (Sort k : keys) {
            Comparator<Map<String, ?>> one = (a, b) -> ValueOrder.compare(DocumentPath.get(a, k.field()), DocumentPath.get(b, k.field()));
            c = c.thenComparing(k.ascending() ? one : one.reversed());
        }
        return c;
    }

    /** The document reduced to the projected paths plus {@code idProperty}; empty projection keeps all. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> project(Map<String, Object> doc, Set<String> projection, String idProperty) {
        if (projection.isEmpty()) {
            return doc;
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(idProperty, doc.get(idProperty));
        for (String path : projection) {
            String[] segs = path.split("\\.");
            Object src = doc;
            Map<String, Object> dst = out;
            for (int i = 0; i < segs.length; i++) {
                if (!(src instanceof Map<?, ?> m) || !m.containsKey(segs[i])) {
                    break;
                }
                Object v = m.get(segs[i]);
                if (i == segs.length - 1 || !(v instanceof Map)) {
                    if (i == segs.length - 1) dst.put(segs[i], v);
                    break;
                }
                dst = (Map<String, Object>) dst.computeIfAbsent(segs[i], k -> new LinkedHashMap<String, Object>());
                src = v;
            }
        }
        return out;
    }
}
