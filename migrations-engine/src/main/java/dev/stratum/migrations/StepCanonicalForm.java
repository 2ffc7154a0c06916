package dev.stratum.migrations;

import dev.stratum.api.IndexDefinition;
import dev.stratum.api.Update;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.Base64;
import java.util.Collection;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * Renders step arguments as stable text: typed, with map keys sorted, independent of hash order,
 * compilers and JDKs (no identity hash codes, no lambda names).
 */
final class StepCanonicalForm {

    private StepCanonicalForm() {}

    /**
     * An index definition: name, then the fields with their direction in key order, then every option
     * (all of them, defaults included, so adding an option later cannot collide with an old text).
     */
    static String index(IndexDefinition index) {
        return value(index.name()) + ", " + index.fields().stream().map(f -> f.path() + (f.ascending() ? " asc" : " desc"))
                .collect(Collectors.joining(", ", "[", "]")) + ", unique=" + index.unique() + ", sparse=" + index.sparse()
                + ", ttlSeconds=" + index.ttlSeconds();
    }

    static String value(@Nullable Object v) {
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            return quote(s);
        }
        if (v instanceof Boolean) {
            return v.toString();
        }
        if (v instanceof Number n) {
            return n.getClass().getSimpleName() + ":" + (n instanceof BigDecimal d ? d.toPlainString() : n.toString());
        }
        if (v instanceof Enum<?> e) {
            return e.getDeclaringClass().getSimpleName() + "." + e.name();
        }
        if (v instanceof byte[] b) {
            return "bytes:" + Base64.getEncoder().encodeToString(b);
        }
        if (v instanceof Update u) {
            return "Update" + value(u.operations());
        }
        if (v instanceof Collection<?> c) {
            return c.stream().map(StepCanonicalForm::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, String> sorted = new TreeMap<>();
            m.forEach((k, x) -> sorted.put(String.valueOf(k), value(x)));
            return sorted.entrySet().stream().map(e -> quote(e.getKey()) + ": " + e.getValue()).collect(Collectors.joining(", ", "{", "}"));
        }
        if (v instanceof Record r) {
            StringBuilder sb = new StringBuilder(r.getClass().getSimpleName()).append('(');
            RecordComponent[] components = r.getClass().getRecordComponents();
            for (int i = 0; i < components.length; i++) {
                try {
                    sb.append(i == 0 ? "" : ", ").append(components[i].getName()).append('=')
                            .append(value(components[i].getAccessor().invoke(r)));
                } catch (ReflectiveOperationException e) {
                    throw new IllegalStateException("cannot read " + components[i] + " of " + r.getClass().getName(), e);
                }
            }
            return sb.append(')').toString();
        }
        return v.getClass().getSimpleName() + ":" + quote(v.toString());
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }
}
