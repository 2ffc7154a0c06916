package dev.stratum.testkit.internal;

import java.math.BigDecimal;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Equality of untyped ({@code Map<String, Object>}) values as a document store can give them back:
 * numbers compare by value whatever their boxed type (an {@code Integer} may come back as a
 * {@code Long}), everything else strictly; maps and lists recursively (and a map's keys must match
 * exactly, so a null value is not the same as an absent key).
 */
public final class UntypedValues {
    private UntypedValues() {}

    /** A comparator that answers 0 when {@link #equal} holds, 1 otherwise (for AssertJ field comparators). */
    public static final Comparator<@Nullable Object> COMPARATOR = (a, b) -> equal(a, b) ? 0 : 1;

    /** Whether {@code a} and {@code b} are the same JSON-like value (see class doc). */
    public static boolean equal(@Nullable Object a, @Nullable Object b) {
        if (a == null || b == null) {
            return a == b;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return numeric(x).compareTo(numeric(y)) == 0;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (!x.keySet().equals(y.keySet())) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            Iterator<?> i = x.iterator();
            Iterator<?> j = y.iterator();
            while (i.hasNext()) {
                if (!equal(i.next(), j.next())) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static BigDecimal numeric(Number n) {
        if (n instanceof BigDecimal b) {
            return b;
        }
        return new BigDecimal(n.toString());
    }
}
