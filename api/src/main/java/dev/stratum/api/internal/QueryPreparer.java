package dev.stratum.api.internal;

import com.fasterxml.jackson.databind.JavaType;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Filters;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Sort;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Turns a user's {@link Query} into the validated, neutral query a store executes: field paths
 * checked against the entity, values checked against the fields' types and converted to neutral
 * values, constructs checked against the store's capabilities. All before any I/O.
 */
public final class QueryPreparer {
    private final EntityMetadata<?> meta;
    private final Capabilities caps;
    private final EntityMapper mapper;
    private final Supplier<List<IndexDefinition>> indexes;

    public QueryPreparer(EntityMetadata<?> meta, Capabilities caps, EntityMapper mapper) {
        this(meta, caps, mapper, meta::indexes);
    }

    /** With the indexes that exist now ({@code indexes}: declared and created by {@code IndexOperations}), for the unindexed-field rules. */
    public QueryPreparer(EntityMetadata<?> meta, Capabilities caps, EntityMapper mapper,
            Supplier<List<IndexDefinition>> indexes) {
        this.meta = meta;
        this.caps = caps;
        this.mapper = mapper;
        this.indexes = indexes;
    }

    public Query prepare(Query q) {
        Set<String> served = compoundServed(q.filter().orElse(null));
        Filter filter = q.filter().map(f -> normalize(f, q.scanAllowed(), served)).orElse(null);
        if (filter != null) {
            Set<String> rangeFields = new HashSet<>();
            collectRangeFields(filter, rangeFields);
            if (rangeFields.size() > 1) {
                caps.require(Capability.RANGE_ON_MULTIPLE_FIELDS, "range filters on several fields " + rangeFields);
            }
        }
        for (Sort s : q.sort()) {
            meta.validatePath(s.field());
            requireNoListOnTheWay(s.field(), "sort");
            requireTypedUnlessSupported(s.field(), s.field(), "sort");
            requireQueryable(s.field(), "sort", q.scanAllowed(), served);
        }
        for (String p : q.projection()) {
            meta.validatePath(p);
        }
        if (!q.projection().isEmpty()) {
            caps.require(Capability.PROJECTION, "projection");
        }
        if (q.offset() > 0) {
            caps.require(Capability.OFFSET, "offset");
        }
        if (q.text().isPresent()) {
            caps.require(Capability.TEXT_SEARCH, "text search");
            if (meta.textFields().isEmpty()) {
                throw new InvalidQueryException("text search on " + meta.type().getName() + ", which declares no @Indexed(text = true) field");
            }
        }
        if (q.scanAllowed() && !caps.supports(Capability.UNINDEXED_FIELDS)) {
            caps.require(Capability.SCAN, "scan");
        }
        return q.filter(filter);
    }

    /**
     * Checks the constructs of a filter built by the repository itself (the keyset filter of a page)
     * against the capabilities, so a store is never sent what it did not declare.
     */
    public void requireConstructs(Filter f, String purpose) {
        if (f instanceof Filter.And x) {
            x.filters().forEach(c -> requireConstructs(c, purpose));
        } else if (f instanceof Filter.Or x) {
            caps.require(Capability.OR, "or (" + purpose + ")");
            x.filters().forEach(c -> requireConstructs(c, purpose));
        } else if (f instanceof Filter.Not x) {
            caps.require(Capability.NOT, "not (" + purpose + ")");
            requireConstructs(x.filter(), purpose);
        } else if (f instanceof Filter.Exists) {
            caps.require(Capability.EXISTS, "exists (" + purpose + ")");
        } else if (f instanceof Filter.Ne || f instanceof Filter.Nin) {
            caps.require(Capability.NOT_EQUAL, "ne (" + purpose + ")");
        }
    }

    /**
     * Keyset paging continues with {@code gt(key, last)}, which only matches values of the last value's type:
     * over a field whose values may mix types (untyped {@code Object}, lists, maps, byte arrays) it would skip
     * the other types' rows. The contract refuses it there on every store.
     */
    public void requirePageable(String field) {
        JavaType type = meta.validatePath(field);
        Class<?> raw = type.getRawClass();
        if (raw == Object.class || type.isCollectionLikeType() || type.isArrayType() || type.isMapLikeType()
                || Collection.class.isAssignableFrom(raw) || Map.class.isAssignableFrom(raw)) {
            throw new InvalidQueryException("keyset paging sorted by '" + field + "' of " + meta.type().getName() + ", whose "
                    + (raw == Object.class ? "untyped values may mix types" : raw.getSimpleName() + " values have no single-type order")
                    + ": a page cannot continue after such a value without skipping rows; sort by a typed scalar field,"
                    + " or read with find/stream or offset paging");
        }
    }

    /** A value read from a page cursor, checked against the field's type like a query value. */
    public @Nullable Object cursorValue(String field, @Nullable Object value) {
        JavaType type = meta.validatePath(field);
        Class<?> raw = type.getRawClass();
        if ((raw == Instant.class || raw == LocalDate.class || raw == BigDecimal.class || raw == UUID.class)
                && (value instanceof String || value instanceof Instant || value instanceof LocalDate || value instanceof Long)) {
            // some stores read these back in their stored form (ISO text, epoch millis, decimal text), which the cursor carries
            return value;
        }
        try {
            return value(field, type, value, true);
        } catch (InvalidQueryException e) {
            throw new InvalidQueryException("page cursor holds an invalid value for '" + field + "': " + e.getMessage(), e);
        }
    }

    /** A neutral value for a filter on the id. */
    public Object idValue(Object id) {
        Object v = mapper.toValue(id);
        if (v == null) {
            throw new InvalidQueryException("null id");
        }
        return v;
    }

    private Filter normalize(Filter f, boolean scan, Set<String> served) {
        if (f instanceof Filter.And x) {
            return Filter.and(x.filters().stream().map(c -> normalize(c, scan, served)).toList());
        }
        if (f instanceof Filter.Or x) {
            caps.require(Capability.OR, "or");
            return Filter.or(x.filters().stream().map(c -> normalize(c, scan, served)).toList());
        }
        if (f instanceof Filter.Not x) {
            caps.require(Capability.NOT, "not");
            return Filter.not(normalize(x.filter(), scan, served));
        }
        String field = Filters.fieldOf(f);
        JavaType type = meta.validatePath(field);
        requireNoListOnTheWay(field, Filters.constructOf(f) + " filter");
        requireTypedUnlessSupported(field, type, Filters.constructOf(f) + " filter");
        requireQueryable(field, Filters.constructOf(f) + " filter", scan, served);
        if ((f instanceof Filter.Eq || f instanceof Filter.Ne || f instanceof Filter.In || f instanceof Filter.Nin)
                && (type.isCollectionLikeType() || type.isArrayType()) && type.getRawClass() != byte[].class) {
            List<@Nullable Object> vs = f instanceof Filter.Eq e ? Collections.singletonList(e.value())
                    : f instanceof Filter.Ne n ? Collections.singletonList(n.value())
                    : f instanceof Filter.In i ? i.values() : ((Filter.Nin) f).values();
            for (Object v : vs) {
                if (v != null && !(v instanceof Collection)) {
                    throw new InvalidQueryException("'" + field + "' of " + meta.type().getName() + " is a list: "
                            + Filters.constructOf(f) + " compares the whole list; use Filter.contains to test one element");
                }
            }
        }
        if (f instanceof Filter.Eq x) {
            return Filter.eq(field, value(field, type, x.value(), true));
        }
        if (f instanceof Filter.Ne x) {
            caps.require(Capability.NOT_EQUAL, "ne");
            return Filter.ne(field, value(field, type, x.value(), true));
        }
        if (f instanceof Filter.Range x) {
            if (type.isCollectionLikeType() || type.isMapLikeType() || type.getRawClass() == Boolean.class || type.getRawClass() == boolean.class) {
                throw new InvalidQueryException("range filter on '" + field + "' of " + meta.type().getName() + ": "
                        + type.getRawClass().getSimpleName() + " values are not ordered");
            }
            return new Filter.Range(field, x.op(), requiredValue(field, type, x.value()));
        }
        if (f instanceof Filter.In x) {
            return Filter.in(field, values(field, type, x.values()));
        }
        if (f instanceof Filter.Nin x) {
            caps.require(Capability.NOT_EQUAL, "nin");
            return Filter.nin(field, values(field, type, x.values()));
        }
        if (f instanceof Filter.Exists x) {
            caps.require(Capability.EXISTS, "exists");
            return x;
        }
        if (f instanceof Filter.Contains x) {
            caps.require(Capability.ARRAY_CONTAINS, "contains");
            if (!(type.isCollectionLikeType() || type.isArrayType() || type.getRawClass() == Object.class)) {
                throw new InvalidQueryException("contains filter on '" + field + "' of " + meta.type().getName()
                        + ", which is not a list but " + type.getRawClass().getSimpleName());
            }
            JavaType element = type.getContentType() == null ? type : type.getContentType();
            return Filter.contains(field, requiredValue(field, element, x.value()));
        }
        Filter.StartsWith x = (Filter.StartsWith) f;
        caps.require(Capability.STARTS_WITH, "startsWith");
        Class<?> raw = type.getRawClass();
        if (!(raw == String.class || raw == Object.class)) {
            throw new InvalidQueryException("startsWith filter on '" + field + "' of " + meta.type().getName()
                    + ", which is not a String but " + raw.getSimpleName());
        }
        return x;
    }

    /**
     * A path through a declared list ({@code items.price} where {@code items} is a {@code List<Item>}) has no one
     * meaning across stores — element-wise on MongoDB, the list of the elements' values in the reference, not
     * indexable on Redis — so the contract refuses it in filters and sorts, on every store.
     */
    private void requireNoListOnTheWay(String path, String construct) {
        for (int dot = path.indexOf('.'); dot > 0; dot = path.indexOf('.', dot + 1)) {
            String prefix = path.substring(0, dot);
            JavaType t = meta.validatePath(prefix);
            if (t.isCollectionLikeType() || t.isArrayType()) {
                throw new InvalidQueryException(construct + " on '" + path + "' of " + meta.type().getName() + " goes through the list '"
                        + prefix + "': paths through lists are not queryable (match a whole element with Filter.contains(\"" + prefix
                        + "\", element), or keep the value outside the list)");
            }
        }
    }

    private void requireTypedUnlessSupported(String field, Object typeOrField, String construct) {
        if (!caps.supports(Capability.UNTYPED_FIELD_QUERIES_REFUSED)) {
            return;
        }
        JavaType t = typeOrField instanceof JavaType j ? j : meta.validatePath((String) typeOrField);
        Class<?> raw = t.getRawClass();
        boolean untyped = raw == Object.class || com.fasterxml.jackson.databind.JsonNode.class.isAssignableFrom(raw)
                || (t.isMapLikeType() && t.getContentType() != null && t.getContentType().getRawClass() == Object.class);
        if (untyped) {
            throw new QueryNotSupportedException(caps.store(), construct + " on untyped field '" + field + "'",
                    "this store cannot compare untyped values by type; declare the field with a concrete type");
        }
    }

    /**
     * The fields a compound index serves in this query: with equality on its leading fields
     * {@code f1..fk} among the filter's top-level conjuncts, the index also serves {@code f2..fk} and
     * filters and sorts on the next field {@code f(k+1)} (see {@link dev.stratum.api.CompoundIndex}).
     */
    private Set<String> compoundServed(@Nullable Filter filter) {
        if (filter == null || caps.supports(Capability.UNINDEXED_FIELDS)) {
            return Set.of();
        }
        Set<String> eqFields = new HashSet<>();
        for (Filter c : Filters.conjuncts(filter)) {
            if (c instanceof Filter.Eq e) {
                eqFields.add(e.field());
            }
        }
        Set<String> out = new HashSet<>();
        for (IndexDefinition index : indexes.get()) {
            if (index.text() || index.fields().size() < 2) {
                continue;
            }
            for (int k = 0; k < index.fields().size() && eqFields.contains(index.fields().get(k).path()); k++) {
                if (k + 1 < index.fields().size()) {
                    out.add(index.fields().get(k + 1).path());
                }
            }
        }
        return out;
    }

    private void requireQueryable(String field, String construct, boolean scan, Set<String> served) {
        if (caps.supports(Capability.UNINDEXED_FIELDS) || meta.isIndexed(field) || served.contains(field)) {
            return;
        }
        for (IndexDefinition i : indexes.get()) {
            if (!i.text() && i.fields().get(0).path().equals(field)) {
                return; // an index created after the entity class (IndexOperations)
            }
        }
        if (scan && caps.supports(Capability.SCAN)) {
            return;
        }
        throw new QueryNotSupportedException(caps.store(), construct + " on unindexed field '" + field + "'",
                caps.supports(Capability.SCAN) ? "declare it @Indexed or opt into a scan with Query.allowScan()" : "declare it @Indexed");
    }

    private List<@Nullable Object> values(String field, JavaType type, List<@Nullable Object> in) {
        List<Object> out = new ArrayList<>(in.size());
        for (Object v : in) {
            out.add(value(field, type, v, true));
        }
        return out;
    }

    private Object requiredValue(String field, JavaType type, @Nullable Object value) {
        return Objects.requireNonNull(value(field, type, value, false), "value(.., nullable = false) refuses null");
    }

    public @Nullable Object value(String field, JavaType type, @Nullable Object value, boolean nullable) {
        if (value == null) {
            if (!nullable) {
                throw new InvalidQueryException("null value for '" + field + "' of " + meta.type().getName());
            }
            return null;
        }
        Class<?> raw = type.isCollectionLikeType() || type.isArrayType() ? null : type.getRawClass();
        if (raw != null && raw != Object.class && !type.isMapLikeType()) {
            check(field, raw, value);
        }
        if (raw == UUID.class && value instanceof String s) {
            try {
                return UUID.fromString(s);
            } catch (IllegalArgumentException e) {
                throw new InvalidQueryException("'" + field + "' of " + meta.type().getName() + " is a UUID; '" + s + "' is not one");
            }
        }
        if (raw != null && raw.isEnum() && value instanceof String s) {
            boolean known = false;
            for (Object c : raw.getEnumConstants()) {
                known |= ((Enum<?>) c).name().equals(s);
            }
            if (!known) {
                throw new InvalidQueryException("'" + s + "' is not a constant of " + raw.getSimpleName() + " (field '" + field + "')");
            }
        }
        Object neutral = mapper.toValue(value);
        if (!DocumentChecks.isFinite(neutral)) {
            throw new InvalidQueryException("'" + field + "' of " + meta.type().getName()
                    + " is compared with NaN or an infinity, which no stored value can hold");
        }
        return neutral;
    }

    private void check(String field, Class<?> raw, Object value) {
        boolean ok;
        if ((raw.isPrimitive() && raw != boolean.class && raw != char.class) || Number.class.isAssignableFrom(raw)) {
            ok = value instanceof Number;
        } else if (raw == boolean.class || raw == Boolean.class) {
            ok = value instanceof Boolean;
        } else if (raw == String.class) {
            ok = value instanceof CharSequence || value instanceof Character;
        } else if (raw == Instant.class) {
            ok = value instanceof Instant || value instanceof Date;
        } else if (raw == LocalDate.class) {
            ok = value instanceof LocalDate;
        } else if (raw == UUID.class) {
            ok = value instanceof UUID || value instanceof String;
        } else if (raw.isEnum()) {
            ok = raw.isInstance(value) || value instanceof String;
        } else if (raw == BigDecimal.class) {
            ok = value instanceof Number;
        } else {
            ok = true;
        }
        if (!ok) {
            throw new InvalidQueryException("'" + field + "' of " + meta.type().getName() + " holds " + raw.getSimpleName()
                    + " values; the query compares it with a " + value.getClass().getSimpleName());
        }
    }

    private static void collectRangeFields(Filter f, Set<String> out) {
        if (f instanceof Filter.Range r) {
            out.add(r.field());
        } else if (f instanceof Filter.And x) {
            x.filters().forEach(c -> collectRangeFields(c, out));
        } else if (f instanceof Filter.Or x) {
            x.filters().forEach(c -> collectRangeFields(c, out));
        } else if (f instanceof Filter.Not x) {
            collectRangeFields(x.filter(), out);
        }
    }
}
