package dev.stratum.api.spi;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/** Reads dotted paths out of neutral documents. */
public final class DocumentPath {
    private DocumentPath() {}

    /** A marker for "the path is absent" (as opposed to present with a null value). */
    public static final Object ABSENT = new Object() {
        @Override
        public String toString() {
            return "<absent>";
        }
    };

    /**
     * The value at {@code path} ({@code "data.cpu"}), {@link #ABSENT} if a segment is missing. Paths
     * through lists yield a list of the values found in each element (as MongoDB does).
     */
    public static @Nullable Object get(Map<String, ?> document, String path) {
        int dot = path.indexOf('.');
        if (dot < 0) {
            return document.containsKey(path) ? document.get(path) : ABSENT;
        }
        Object head = document.containsKey(path.substring(0, dot)) ? document.get(path.substring(0, dot)) : ABSENT;
        return descend(head, path.substring(dot + 1));
    }

    private static @Nullable Object descend(@Nullable Object value, String rest) {
        if (value instanceof Map<?, ?> m) {
            @SuppressWarnings("unchecked")
            Map<String, ?> map = (Map<String, ?>) m;
            return get(map, rest);
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object o : list) {
                Object v = descend(o, rest);
                if (v != ABSENT) {
                    out.add(v);
                }
            }
            return out.isEmpty() ? ABSENT : out;
        }
        return ABSENT;
    }
}
