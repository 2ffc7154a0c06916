package dev.stratum.testkit.memory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Deep copies of neutral documents, so stored state never shares mutable objects with callers. */
final class InMemoryCopies {
    private InMemoryCopies() {}

    @SuppressWarnings("unchecked")
    static Map<String, Object> deepCopy(Map<String, Object> doc) {
        return (Map<String, Object>) Objects.requireNonNull(copy(doc), "a map copies to a map");
    }

    private static @Nullable Object copy(@Nullable Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
            m.forEach((k, x) -> out.put(String.valueOf(k), copy(x)));
            return out;
        }
        if (v instanceof List<?> l) {
            List<Object> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(copy(x)));
            return out;
        }
        if (v instanceof byte[] b) {
            return b.clone();
        }
        return v;
    }
}
