package dev.stratum.testkit.firestore.internal;

import com.google.firestore.v1.Cursor;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.StructuredQuery;
import com.google.firestore.v1.StructuredQuery.CompositeFilter;
import com.google.firestore.v1.StructuredQuery.Direction;
import com.google.firestore.v1.StructuredQuery.FieldFilter;
import com.google.firestore.v1.StructuredQuery.Filter;
import com.google.firestore.v1.StructuredQuery.UnaryFilter;
import com.google.firestore.v1.Value;
import com.google.protobuf.NullValue;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.jspecify.annotations.Nullable;

/**
 * Runs a {@link StructuredQuery} over the documents at one read time, in the stages the API defines:
 * from, where, order by (normalized: inequality fields and {@code __name__} appended), cursors, offset,
 * limit, select. Documents lacking an order-by field are not results; range filters match only values of
 * the filter value's type; {@code !=} and {@code not-in} match only documents that have the field and
 * where it is not null.
 */
final class QueryEngine {
    private static final int MAX_DISJUNCTION_VALUES = 30;
    private static final int MAX_NOT_IN_VALUES = 10;

    private QueryEngine() {
    }

    /** A query's results before projection, and the normalized order they are in. */
    record Result(List<Document> documents, int skipped) {
    }

    private record Order(List<String> path, boolean descending) {
    }

    static Result run(DocumentStore store, String database, String parent, StructuredQuery q, long at) {
        ResourceNames.checkParent(database, parent);
        if (q.getFromCount() != 1) {
            throw FirestoreError.invalid("A query needs exactly one collection selector in 'from', got " + q.getFromCount());
        }
        if (q.hasFindNearest()) {
            throw FirestoreError.unimplemented("FirestoreTestServer does not implement vector search (StructuredQuery.find_nearest)");
        }
        if (q.getOffset() < 0 || (q.hasLimit() && q.getLimit().getValue() < 0)) {
            throw FirestoreError.invalid("offset and limit must be >= 0");
        }
        if (q.hasWhere()) {
            validate(q.getWhere());
        }
        List<Order> orders = normalizedOrder(q);
        checkCursor(q.hasStartAt() ? q.getStartAt() : null, orders);
        checkCursor(q.hasEndAt() ? q.getEndAt() : null, orders);

        List<Document> docs = new ArrayList<>();
        StructuredQuery.CollectionSelector from = q.getFrom(0);
        String collection = from.getCollectionId();
        if (from.getAllDescendants()) {
            for (String name : store.namesBelow(parent)) {
                String parentCollection = ResourceNames.lastSegment(ResourceNames.parentPath(name));
                if (collection.isEmpty() || parentCollection.equals(collection)) {
                    addIfMatches(store.get(name, at), q, orders, docs);
                }
            }
        } else {
            if (collection.isEmpty()) {
                throw FirestoreError.invalid("A collection query needs a collection_id (or all_descendants)");
            }
            String prefix = parent + "/" + collection;
            for (String name : store.namesBelow(prefix)) {
                if (name.indexOf('/', prefix.length() + 1) < 0) {
                    addIfMatches(store.get(name, at), q, orders, docs);
                }
            }
        }
        docs.sort(comparator(orders));
        List<Document> out = new ArrayList<>();
        int skipped = 0;
        int limit = q.hasLimit() ? q.getLimit().getValue() : Integer.MAX_VALUE;
        for (Document d : docs) {
            if (q.hasStartAt()) {
                int c = compareToCursor(d, q.getStartAt(), orders);
                if (q.getStartAt().getBefore() ? c < 0 : c <= 0) {
                    continue;
                }
            }
            if (q.hasEndAt()) {
                int c = compareToCursor(d, q.getEndAt(), orders);
                if (q.getEndAt().getBefore() ? c >= 0 : c > 0) {
                    continue;
                }
            }
            if (skipped < q.getOffset()) {
                skipped++;
                continue;
            }
            if (out.size() >= limit) {
                break;
            }
            out.add(d);
        }
        return new Result(out, skipped);
    }

    /** The document with only the query's selected fields ({@code select}); unchanged without one. */
    static Document project(Document d, StructuredQuery q) {
        if (!q.hasSelect() || q.getSelect().getFieldsCount() == 0) {
            return d;
        }
        List<String> paths = new ArrayList<>();
        q.getSelect().getFieldsList().forEach(f -> paths.add(f.getFieldPath()));
        return d.toBuilder().clearFields().putAllFields(FieldPaths.project(d.getFieldsMap(), paths)).build();
    }

    private static void addIfMatches(@Nullable Document d, StructuredQuery q, List<Order> orders, List<Document> out) {
        if (d == null) {
            return;
        }
        if (q.hasWhere() && !matches(d, q.getWhere())) {
            return;
        }
        for (Order o : orders) {
            if (value(d, o.path()) == null) {
                return;
            }
        }
        out.add(d);
    }

    /** The value of an order-by field: documents without it are filtered out before ordering. */
    private static Value ordered(Document d, List<String> path) {
        return Objects.requireNonNull(value(d, path), "ordered documents have the order field");
    }

    static @Nullable Value value(Document d, List<String> path) {
        if (path.size() == 1 && path.get(0).equals(FieldPaths.NAME)) {
            return Value.newBuilder().setReferenceValue(d.getName()).build();
        }
        return FieldPaths.get(d.getFieldsMap(), path);
    }

    private static List<String> path(StructuredQuery.FieldReference f) {
        return f.getFieldPath().equals(FieldPaths.NAME) ? List.of(FieldPaths.NAME) : FieldPaths.parse(f.getFieldPath());
    }

    static boolean matches(Document d, Filter f) {
        switch (f.getFilterTypeCase()) {
            case COMPOSITE_FILTER: {
                CompositeFilter c = f.getCompositeFilter();
                boolean or = c.getOp() == CompositeFilter.Operator.OR;
                for (Filter sub : c.getFiltersList()) {
                    boolean m = matches(d, sub);
                    if (or && m) {
                        return true;
                    }
                    if (!or && !m) {
                        return false;
                    }
                }
                return !or;
            }
            case FIELD_FILTER:
                return matchesField(d, f.getFieldFilter());
            case UNARY_FILTER: {
                UnaryFilter u = f.getUnaryFilter();
                Value v = value(d, path(u.getField()));
                if (v == null) {
                    return false;
                }
                boolean isNull = v.getValueTypeCase() == Value.ValueTypeCase.NULL_VALUE;
                switch (u.getOp()) {
                    case IS_NULL:
                        return isNull;
                    case IS_NAN:
                        return ValueOrder.isNaN(v);
                    case IS_NOT_NULL:
                        return !isNull;
                    case IS_NOT_NAN:
                        return !isNull && !ValueOrder.isNaN(v);
                    default:
                        throw FirestoreError.invalid("Unknown unary filter operator " + u.getOp());
                }
            }
            default:
                throw FirestoreError.invalid("A filter has no filter type set");
        }
    }

    private static boolean matchesField(Document d, FieldFilter f) {
        Value v = value(d, path(f.getField()));
        if (v == null) {
            return false;
        }
        Value x = f.getValue();
        boolean isNull = v.getValueTypeCase() == Value.ValueTypeCase.NULL_VALUE;
        switch (f.getOp()) {
            case EQUAL:
                return ValueOrder.equivalent(v, x);
            case NOT_EQUAL:
                return !isNull && !ValueOrder.equivalent(v, x);
            case LESS_THAN:
                return sameType(v, x) && ValueOrder.compare(v, x) < 0;
            case LESS_THAN_OR_EQUAL:
                return sameType(v, x) && ValueOrder.compare(v, x) <= 0;
            case GREATER_THAN:
                return sameType(v, x) && ValueOrder.compare(v, x) > 0;
            case GREATER_THAN_OR_EQUAL:
                return sameType(v, x) && ValueOrder.compare(v, x) >= 0;
            case ARRAY_CONTAINS:
                return v.hasArrayValue() && contains(v.getArrayValue().getValuesList(), x);
            case IN:
                return contains(x.getArrayValue().getValuesList(), v);
            case ARRAY_CONTAINS_ANY:
                if (!v.hasArrayValue()) {
                    return false;
                }
                for (Value e : x.getArrayValue().getValuesList()) {
                    if (contains(v.getArrayValue().getValuesList(), e)) {
                        return true;
                    }
                }
                return false;
            case NOT_IN:
                return !isNull && !contains(x.getArrayValue().getValuesList(), Value.newBuilder().setNullValue(NullValue.NULL_VALUE).build())
                        && !contains(x.getArrayValue().getValuesList(), v);
            default:
                throw FirestoreError.invalid("Unknown field filter operator " + f.getOp());
        }
    }

    private static boolean sameType(Value a, Value b) {
        return ValueOrder.typeOrder(a) == ValueOrder.typeOrder(b);
    }

    private static boolean contains(List<Value> values, Value v) {
        for (Value e : values) {
            if (ValueOrder.equivalent(e, v)) {
                return true;
            }
        }
        return false;
    }

    private static void validate(Filter f) {
        switch (f.getFilterTypeCase()) {
            case COMPOSITE_FILTER:
                if (f.getCompositeFilter().getFiltersCount() == 0) {
                    throw FirestoreError.invalid("A composite filter needs at least one filter");
                }
                if (f.getCompositeFilter().getOp() == CompositeFilter.Operator.OPERATOR_UNSPECIFIED) {
                    throw FirestoreError.invalid("A composite filter needs an operator (AND or OR)");
                }
                f.getCompositeFilter().getFiltersList().forEach(QueryEngine::validate);
                return;
            case FIELD_FILTER: {
                FieldFilter ff = f.getFieldFilter();
                path(ff.getField());
                FieldFilter.Operator op = ff.getOp();
                if (op == FieldFilter.Operator.IN || op == FieldFilter.Operator.NOT_IN || op == FieldFilter.Operator.ARRAY_CONTAINS_ANY) {
                    if (!ff.getValue().hasArrayValue() || ff.getValue().getArrayValue().getValuesCount() == 0) {
                        throw FirestoreError.invalid("A '" + op + "' filter on '" + ff.getField().getFieldPath() + "' needs a non-empty array value");
                    }
                    int n = ff.getValue().getArrayValue().getValuesCount();
                    int max = op == FieldFilter.Operator.NOT_IN ? MAX_NOT_IN_VALUES : MAX_DISJUNCTION_VALUES;
                    if (n > max) {
                        throw FirestoreError.invalid("A '" + op + "' filter supports up to " + max + " elements in the value array, got " + n);
                    }
                }
                if (op == FieldFilter.Operator.OPERATOR_UNSPECIFIED) {
                    throw FirestoreError.invalid("A field filter needs an operator");
                }
                return;
            }
            case UNARY_FILTER:
                path(f.getUnaryFilter().getField());
                return;
            default:
                throw FirestoreError.invalid("A filter has no filter type set");
        }
    }

    /**
     * The explicit order, then inequality fields not in it (in field path order), then {@code __name__},
     * appended in the direction of the last explicit order (ascending without one).
     */
    private static List<Order> normalizedOrder(StructuredQuery q) {
        List<Order> orders = new ArrayList<>();
        for (StructuredQuery.Order o : q.getOrderByList()) {
            orders.add(new Order(path(o.getField()), o.getDirection() == Direction.DESCENDING));
        }
        boolean lastDescending = !orders.isEmpty() && orders.get(orders.size() - 1).descending();
        TreeMap<List<String>, Boolean> inequality = new TreeMap<>(QueryEngine::comparePaths);
        if (q.hasWhere()) {
            collectInequalityFields(q.getWhere(), inequality);
        }
        for (List<String> p : inequality.keySet()) {
            if (!p.equals(List.of(FieldPaths.NAME)) && orders.stream().noneMatch(o -> o.path().equals(p))) {
                orders.add(new Order(p, lastDescending));
            }
        }
        if (orders.stream().noneMatch(o -> o.path().equals(List.of(FieldPaths.NAME)))) {
            orders.add(new Order(List.of(FieldPaths.NAME), lastDescending));
        }
        return orders;
    }

    private static int comparePaths(List<String> a, List<String> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int c = ResourceNames.compareUtf8(a.get(i), b.get(i));
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private static void collectInequalityFields(Filter f, Map<List<String>, Boolean> out) {
        switch (f.getFilterTypeCase()) {
            case COMPOSITE_FILTER:
                f.getCompositeFilter().getFiltersList().forEach(sub -> collectInequalityFields(sub, out));
                return;
            case FIELD_FILTER:
                switch (f.getFieldFilter().getOp()) {
                    case LESS_THAN:
                    case LESS_THAN_OR_EQUAL:
                    case GREATER_THAN:
                    case GREATER_THAN_OR_EQUAL:
                    case NOT_EQUAL:
                    case NOT_IN:
                        out.put(path(f.getFieldFilter().getField()), Boolean.TRUE);
                        return;
                    default:
                        return;
                }
            case UNARY_FILTER:
                UnaryFilter.Operator op = f.getUnaryFilter().getOp();
                if (op == UnaryFilter.Operator.IS_NOT_NULL || op == UnaryFilter.Operator.IS_NOT_NAN) {
                    out.put(path(f.getUnaryFilter().getField()), Boolean.TRUE);
                }
                return;
            default:
                return;
        }
    }

    private static Comparator<Document> comparator(List<Order> orders) {
        return (a, b) -> {
            for (Order o : orders) {
                int c = ValueOrder.compare(ordered(a, o.path()), ordered(b, o.path()));
                if (c != 0) {
                    return o.descending() ? -c : c;
                }
            }
            return 0;
        };
    }

    private static void checkCursor(@Nullable Cursor c, List<Order> orders) {
        if (c != null && c.getValuesCount() > orders.size()) {
            throw FirestoreError.invalid("A cursor has " + c.getValuesCount() + " values but the query orders by only " + orders.size() + " fields");
        }
    }

    private static int compareToCursor(Document d, Cursor cursor, List<Order> orders) {
        for (int i = 0; i < cursor.getValuesCount(); i++) {
            Order o = orders.get(i);
            int c = ValueOrder.compare(ordered(d, o.path()), cursor.getValues(i));
            if (c != 0) {
                return o.descending() ? -c : c;
            }
        }
        return 0;
    }
}
