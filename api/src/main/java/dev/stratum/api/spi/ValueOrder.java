package dev.stratum.api.spi;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.jspecify.annotations.Nullable;

/**
 * The total order and equality of neutral values that every store implements natively: null (and
 * absent) first, then numbers (compared numerically across Integer/Long/Double/BigDecimal), strings
 * (by code point, which is UTF-8 byte order), instants, dates, UUIDs, booleans, byte arrays, lists,
 * maps. Used by the in-memory store and by stores that evaluate filters client-side (Redis scans).
 */
public final class ValueOrder {
    private ValueOrder() {}

    /** Lists of values compared element by element in this order (nulls first): e.g. aggregation group keys. */
    public static Comparator<List<?>> lexicographic() {
        return (x, y) -> {
            int n = Math.min(x.size(), y.size());
            for (int i = 0; i < n; i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) {
                    return c;
                }
            }
            return Integer.compare(x.size(), y.size());
        };
    }

    /** Orders neutral values as described above; nulls and {@link DocumentPath#ABSENT} first. */
    public static final Comparator<@Nullable Object> NULLS_FIRST = ValueOrder::compare;

    public static int compare(@Nullable Object a, @Nullable Object b) {
        boolean an = a == null || a == DocumentPath.ABSENT;
        boolean bn = b == null || b == DocumentPath.ABSENT;
        if (an || bn || a == null || b == null) { // the null checks repeat an/bn for NullAway
            return an == bn ? 0 : an ? -1 : 1;
        }
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        return compareSameRank(a, b);
    }

    /** Whether two values can be compared by a range filter (both non-null and of one kind). */
    public static boolean comparable(@Nullable Object a, @Nullable Object b) {
        return a != null && b != null && a != DocumentPath.ABSENT && b != DocumentPath.ABSENT && rank(a) == rank(b) && rank(a) <= 6;
    }

    /** Equality as the stores see it: numbers by value, byte arrays by content, lists/maps deeply. */
    public static boolean equal(@Nullable Object a, @Nullable Object b) {
        boolean an = a == null || a == DocumentPath.ABSENT;
        boolean bn = b == null || b == DocumentPath.ABSENT;
        if (an || bn) {
            return an && bn;
        }
        if (a instanceof Number x && b instanceof Number y) {
            return compareNumbers(x, y) == 0;
        }
        if (a instanceof byte[] x && b instanceof byte[] y) {
            return Arrays.equals(x, y);
        }
        if (a instanceof List<?> x && b instanceof List<?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!equal(x.get(i), y.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
            if (x.size() != y.size()) {
                return false;
            }
            for (Map.Entry<?, ?> e : x.entrySet()) {
                if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        return Objects.equals(a, b);
    }

    private static int rank(Object v) {
        if (v instanceof Number) return 1;
        if (v instanceof String) return 2;
        if (v instanceof Instant) return 3;
        if (v instanceof LocalDate) return 4;
        if (v instanceof UUID) return 5;
        if (v instanceof Boolean) return 6;
        if (v instanceof byte[]) return 7;
        if (v instanceof List) return 8;
        if (v instanceof Map) return 9;
        return 10;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareSameRank(Object a, Object b) {
        if (a instanceof Number x) return compareNumbers(x, (Number) b);
        if (a instanceof String x) return compareCodePoints(x, (String) b);
        if (a instanceof byte[] x) return Arrays.compare(x, (byte[]) b);
        if (a instanceof List<?> x) {
            List<?> y = (List<?>) b;
            for (int i = 0; i < Math.min(x.size(), y.size()); i++) {
                int c = compare(x.get(i), y.get(i));
                if (c != 0) return c;
            }
            return Integer.compare(x.size(), y.size());
        }
        if (a instanceof Map) return Integer.compare(((Map<?, ?>) a).size(), ((Map<?, ?>) b).size());
        if (a instanceof Comparable c) return c.compareTo(b);
        return 0;
    }

    private static int compareNumbers(Number a, Number b) {
        if ((a instanceof Integer || a instanceof Long) && (b instanceof Integer || b instanceof Long)) {
            return Long.compare(a.longValue(), b.longValue());
        }
        if ((a instanceof Double d && (d.isNaN() || d.isInfinite())) || (b instanceof Double e && (e.isNaN() || e.isInfinite()))) {
            return Double.compare(a.doubleValue(), b.doubleValue());
        }
        return toBig(a).compareTo(toBig(b));
    }

    private static BigDecimal toBig(Number n) {
        if (n instanceof BigDecimal b) return b;
        if (n instanceof Integer || n instanceof Long) return BigDecimal.valueOf(n.longValue());
        return BigDecimal.valueOf(n.doubleValue());
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
