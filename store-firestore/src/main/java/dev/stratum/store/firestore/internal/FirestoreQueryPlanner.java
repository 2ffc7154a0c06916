package dev.stratum.store.firestore.internal;

import com.fasterxml.jackson.databind.JavaType;
import com.google.cloud.firestore.FieldPath;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Splits a prepared query into what Firestore runs natively and what is checked client-side.
 *
 * <p>Native (exact, same result as the contract): {@code eq} of a non-null value, ranges,
 * {@code in} without null (≤ 30 values), {@code exists} ({@code IS_NOT_NULL}), {@code contains}
 * ({@code array-contains}, one per query), {@code startsWith} (a range up to the prefix's
 * successor), and {@code and}/{@code or} of those, with inequalities on one field per query, and only
 * if the native filter guarantees that field is present: Firestore orders by inequality fields
 * implicitly (REST {@code StructuredQuery.orderBy}: "orderBy is required to reference all fields used
 * with an inequality filter"; missing ones are appended) and an order by excludes documents lacking the
 * field — in an {@code or} too, so {@code or(a > 1, b == 2)} never returns {@code {b: 2}} without
 * {@code a} (the SDKs match locally the same way: firebase-android-sdk PR #3812, "Update the orderBy
 * filtering mechanism for OR queries"). Such an {@code or} is checked client-side instead.
 * Where Firestore's semantics differ from the contract — {@code eq(f, null)} must also match an
 * absent field, {@code ne}/{@code nin} must include missing and null, {@code not}, {@code missing},
 * paths that may cross a list — the conjunct is left out of the native query (which then returns a
 * superset) and the whole filter is evaluated on the candidates with {@link dev.stratum.api.spi.DocumentMatcher},
 * on values in the same stored form Firestore compares. The cost is reading the candidates: a query
 * consisting only of such conjuncts reads the whole collection.
 */
public final class FirestoreQueryPlanner {
    static final int MAX_DISJUNCTIONS = 30;

    private final EntityMetadata<?> meta;

    public FirestoreQueryPlanner(EntityMetadata<?> meta) {
        this.meta = meta;
    }

    /** What to run: native conjuncts, and whether (and what) to check client-side. */
    public record Plan(List<com.google.cloud.firestore.Filter> natives, @Nullable Filter residual, @Nullable String inequalityField,
            Set<String> presentFields) {}

    public Plan plan(Query q) {
        Filter stored = q.filter().map(this::toStored).orElse(null);
        List<Native> chosen = new ArrayList<>();
        Set<String> present = new HashSet<>();
        boolean residual = false;
        Set<String> inequalities = new HashSet<>();
        int arrays = 0;
        long disjunctions = 1;
        if (stored != null) {
            for (Filter c : conjuncts(stored)) {
                collectPresent(c, present);
                Native n = translate(c);
                if (n == null) {
                    residual = true;
                    continue;
                }
                Set<String> ineq = new HashSet<>(inequalities);
                ineq.addAll(n.inequalities);
                if (ineq.size() > 1 || arrays + n.arrays > 1 || disjunctions * n.disjunctions > MAX_DISJUNCTIONS) {
                    residual = true;
                    continue;
                }
                inequalities = ineq;
                arrays += n.arrays;
                disjunctions *= n.disjunctions;
                chosen.add(n);
            }
            // Firestore orders every query by its inequality fields (implicitly), and an orderBy drops the
            // documents lacking the field — also in an OR query, where a document may match through another
            // disjunct (or(gt(a, 1), eq(b, 2)) never returns {b: 2} without a). A native conjunct is exact
            // only if the whole native filter guarantees each inequality field is present; the others are
            // left to the client-side check (removing one may remove a guarantee: repeat until stable).
            boolean removed;
            do {
                Set<String> guaranteed = new HashSet<>();
                chosen.forEach(n -> guaranteed.addAll(n.implied));
                removed = chosen.removeIf(n -> !guaranteed.containsAll(n.inequalities));
                residual |= removed;
            } while (removed);
        }
        Set<String> inequalities2 = new HashSet<>();
        chosen.forEach(n -> inequalities2.addAll(n.inequalities));
        List<com.google.cloud.firestore.Filter> natives = chosen.stream().map(Native::filter).toList();
        return new Plan(natives, residual ? stored : null, inequalities2.isEmpty() ? null : inequalities2.iterator().next(), present);
    }

    /** Whether {@code field} can be ordered by natively: a path Firestore reads as the contract does. */
    public boolean nativePath(String field) {
        return fieldPath(field) != null;
    }

    /**
     * Whether a property's declared type does not fix the kind of its values ({@code Object},
     * {@code Number}, an interface such as {@code Comparable}): its values may mix types, and
     * Firestore orders mixed types by its own type order, not the contract's.
     */
    public boolean untyped(String field) {
        JavaType t = meta.validatePath(field);
        Class<?> raw = t.getRawClass();
        if (raw.isPrimitive() || raw.isEnum() || raw.isArray() || t.isContainerType()) {
            return false;
        }
        return raw == Object.class || raw == Number.class || raw.isInterface() || Modifier.isAbstract(raw.getModifiers());
    }

    /** The Firestore path of a property path, or null if a segment before the last may hold a list. */
    public @Nullable FieldPath fieldPath(String field) {
        String[] segs = field.split("\\.");
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < segs.length - 1; i++) {
            if (i > 0) {
                prefix.append('.');
            }
            prefix.append(segs[i]);
            JavaType t = meta.validatePath(prefix.toString());
            if (t.isCollectionLikeType() || t.isArrayType() || t.getRawClass() == Object.class) {
                return null;
            }
        }
        return FieldPath.of(segs);
    }

    // ------------------------------------------------------------------ stored form of filter values

    /** The filter with its values in stored form (see {@link FirestoreValues}). */
    public Filter toStored(Filter f) {
        if (f instanceof Filter.And x) {
            return Filter.and(x.filters().stream().map(this::toStored).toList());
        }
        if (f instanceof Filter.Or x) {
            return Filter.or(x.filters().stream().map(this::toStored).toList());
        }
        if (f instanceof Filter.Not x) {
            return Filter.not(toStored(x.filter()));
        }
        if (f instanceof Filter.Eq x) {
            return Filter.eq(x.field(), stored(x.field(), x.value(), false));
        }
        if (f instanceof Filter.Ne x) {
            return Filter.ne(x.field(), stored(x.field(), x.value(), false));
        }
        if (f instanceof Filter.Range x) {
            return new Filter.Range(x.field(), x.op(), storedNonNull(x.field(), x.value(), false));
        }
        if (f instanceof Filter.In x) {
            return Filter.in(x.field(), x.values().stream().map(v -> stored(x.field(), v, false)).toList());
        }
        if (f instanceof Filter.Nin x) {
            return Filter.nin(x.field(), x.values().stream().map(v -> stored(x.field(), v, false)).toList());
        }
        if (f instanceof Filter.Contains x) {
            return Filter.contains(x.field(), storedNonNull(x.field(), x.value(), true));
        }
        return f;
    }

    /** {@link #stored} of a value that is not null (a range bound, an element): its stored form is not null either. */
    private Object storedNonNull(String field, Object v, boolean element) {
        return Objects.requireNonNull(stored(field, v, element), "the stored form of a non-null value");
    }

    /** A neutral query value in the stored form of the field it is compared with. */
    public @Nullable Object stored(String field, @Nullable Object v, boolean element) {
        if (v == null) {
            return null;
        }
        JavaType t = meta.validatePath(field);
        if (element && t.getContentType() != null) {
            t = t.getContentType();
        }
        boolean decimalField = t.getRawClass() == BigDecimal.class;
        if (decimalField && v instanceof Number n) {
            return SortableDecimal.encode(n instanceof BigDecimal b ? b
                    : n instanceof Double || n instanceof Float ? BigDecimal.valueOf(n.doubleValue()) : BigDecimal.valueOf(n.longValue()));
        }
        if (decimalField && v instanceof String s && !SortableDecimal.isEncoded(s)) {
            return SortableDecimal.encode(new BigDecimal(s));
        }
        return FirestoreValues.stored(FirestoreValues.encodeValue(v));
    }

    // ------------------------------------------------------------------ native translation

    /**
     * A native filter: its inequality fields (Firestore orders by them implicitly), how many array
     * filters and disjunctions it has, and the fields every document it matches has (non-missing).
     */
    private record Native(com.google.cloud.firestore.Filter filter, Set<String> inequalities, int arrays, long disjunctions,
            Set<String> implied) {
        Native(com.google.cloud.firestore.Filter filter, Set<String> inequalities, int arrays, long disjunctions, String field) {
            this(filter, inequalities, arrays, disjunctions, Set.of(field));
        }
    }

    private static List<Filter> conjuncts(Filter f) {
        if (f instanceof Filter.And a) {
            List<Filter> out = new ArrayList<>();
            for (Filter c : a.filters()) {
                out.addAll(conjuncts(c));
            }
            return out;
        }
        return List.of(f);
    }

    private static void collectPresent(Filter f, Set<String> out) {
        if ((f instanceof Filter.Eq x && x.value() != null) || (f instanceof Filter.Ne x2 && x2.value() == null)) {
            out.add(((f instanceof Filter.Eq e) ? e.field() : ((Filter.Ne) f).field()));
        } else if (f instanceof Filter.Range x) {
            out.add(x.field());
        } else if (f instanceof Filter.In x && !x.values().contains(null) && !x.values().isEmpty()) {
            out.add(x.field());
        } else if (f instanceof Filter.Exists x && x.present()) {
            out.add(x.field());
        } else if (f instanceof Filter.Contains x) {
            out.add(x.field());
        } else if (f instanceof Filter.StartsWith x) {
            out.add(x.field());
        }
    }

    private static @Nullable Object nativeValue(@Nullable Object storedValue) {
        return FirestoreValues.encodeValue(storedValue);
    }

    private @Nullable Native translate(Filter f) {
        if (f instanceof Filter.And x) {
            List<com.google.cloud.firestore.Filter> parts = new ArrayList<>();
            Set<String> ineq = new HashSet<>();
            Set<String> implied = new HashSet<>();
            int arrays = 0;
            long disj = 1;
            for (Filter c : x.filters()) {
                Native n = translate(c);
                if (n == null) {
                    return null;
                }
                parts.add(n.filter);
                ineq.addAll(n.inequalities);
                implied.addAll(n.implied);
                arrays += n.arrays;
                disj *= n.disjunctions;
            }
            if (parts.isEmpty()) {
                return null;
            }
            return new Native(com.google.cloud.firestore.Filter.and(parts.toArray(com.google.cloud.firestore.Filter[]::new)), ineq, arrays, disj,
                    implied);
        }
        if (f instanceof Filter.Or x) {
            List<com.google.cloud.firestore.Filter> parts = new ArrayList<>();
            Set<String> ineq = new HashSet<>();
            Set<String> implied = null;
            int arrays = 0;
            long disj = 0;
            for (Filter c : x.filters()) {
                Native n = translate(c);
                if (n == null) {
                    return null;
                }
                parts.add(n.filter);
                ineq.addAll(n.inequalities);
                if (implied == null) {
                    implied = new HashSet<>(n.implied);
                } else {
                    implied.retainAll(n.implied); // a match of the OR has only what every disjunct guarantees
                }
                arrays = Math.max(arrays, n.arrays);
                disj += n.disjunctions;
            }
            if (parts.isEmpty() || implied == null) { // implied is set with the first part
                return null;
            }
            return new Native(com.google.cloud.firestore.Filter.or(parts.toArray(com.google.cloud.firestore.Filter[]::new)), ineq, arrays, disj,
                    implied);
        }
        if (f instanceof Filter.Eq x) {
            FieldPath p = fieldPath(x.field());
            if (p == null || x.value() == null || (x.value() instanceof Double d && d.isNaN())) {
                return null;
            }
            return new Native(com.google.cloud.firestore.Filter.equalTo(p, nativeValue(x.value())), Set.of(), 0, 1, x.field());
        }
        if (f instanceof Filter.Range x) {
            FieldPath p = fieldPath(x.field());
            if (p == null || (x.value() instanceof Double d && d.isNaN())) {
                return null;
            }
            Object v = nativeValue(x.value());
            com.google.cloud.firestore.Filter nf = switch (x.op()) {
                case GT -> com.google.cloud.firestore.Filter.greaterThan(p, v);
                case GTE -> com.google.cloud.firestore.Filter.greaterThanOrEqualTo(p, v);
                case LT -> com.google.cloud.firestore.Filter.lessThan(p, v);
                case LTE -> com.google.cloud.firestore.Filter.lessThanOrEqualTo(p, v);
            };
            return new Native(nf, Set.of(x.field()), 0, 1, x.field());
        }
        if (f instanceof Filter.In x) {
            FieldPath p = fieldPath(x.field());
            if (p == null || x.values().isEmpty() || x.values().contains(null) || x.values().size() > MAX_DISJUNCTIONS) {
                return null;
            }
            List<Object> vs = new ArrayList<>();
            for (Object v : x.values()) {
                if (v instanceof Double d && d.isNaN()) {
                    return null;
                }
                vs.add(nativeValue(v));
            }
            return new Native(com.google.cloud.firestore.Filter.inArray(p, vs), Set.of(), 0, vs.size(), x.field());
        }
        if ((f instanceof Filter.Exists x && x.present()) || (f instanceof Filter.Ne n && n.value() == null)) {
            String field = f instanceof Filter.Exists e ? e.field() : ((Filter.Ne) f).field();
            FieldPath p = fieldPath(field);
            if (p == null) {
                return null;
            }
            return new Native(com.google.cloud.firestore.Filter.notEqualTo(p, null), Set.of(field), 0, 1, field);
        }
        if (f instanceof Filter.Contains x) {
            FieldPath p = fieldPath(x.field());
            if (p == null) {
                return null;
            }
            return new Native(com.google.cloud.firestore.Filter.arrayContains(p, nativeValue(x.value())), Set.of(), 1, 1, x.field());
        }
        if (f instanceof Filter.StartsWith x) {
            FieldPath p = fieldPath(x.field());
            if (p == null) {
                return null;
            }
            com.google.cloud.firestore.Filter lower = com.google.cloud.firestore.Filter.greaterThanOrEqualTo(p, x.prefix());
            String upper = successor(x.prefix());
            com.google.cloud.firestore.Filter nf = upper == null ? lower
                    : com.google.cloud.firestore.Filter.and(lower, com.google.cloud.firestore.Filter.lessThan(p, upper));
            return new Native(nf, Set.of(x.field()), 0, 1, x.field());
        }
        return null; // ne of a value, nin, not, missing: the contract includes missing/null there, Firestore cannot
    }

    /** The least string greater than every string starting with {@code prefix}, or null if there is none. */
    static @Nullable String successor(String prefix) {
        int[] cps = prefix.codePoints().toArray();
        for (int i = cps.length - 1; i >= 0; i--) {
            int next = cps[i] + 1;
            if (next >= 0xD800 && next <= 0xDFFF) {
                next = 0xE000;
            }
            if (next <= Character.MAX_CODE_POINT) {
                cps[i] = next;
                return new String(cps, 0, i + 1);
            }
        }
        return null;
    }

    /** Sort keys as Firestore paths, or null if one is not natively orderable. */
    public @Nullable List<FieldPath> sortPaths(List<Sort> keys) {
        List<FieldPath> out = new ArrayList<>();
        for (Sort s : keys) {
            FieldPath p = fieldPath(s.field());
            if (p == null) {
                return null;
            }
            out.add(p);
        }
        return out;
    }
}
