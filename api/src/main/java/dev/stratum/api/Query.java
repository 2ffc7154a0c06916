package dev.stratum.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * An immutable, portable query: a {@link Filter}, sort keys, a limit, an optional projection and an
 * optional full-text match. Every "with" method returns a new query.
 *
 * <pre>{@code
 * Query q = Query.where(Filter.and(Filter.eq("status", Status.OPEN), Filter.gte("priority", 2)))
 *         .sortBy(Sort.desc("priority"), Sort.asc("dueDate"))
 *         .limit(20);
 * List<Task> top = tasks.find(q);
 * }</pre>
 *
 * <p>Nothing here is store-specific and nothing is validated until the query meets a repository:
 * then field names are checked against the entity ({@link InvalidQueryException}) and constructs
 * against the store's {@link Capabilities} ({@link QueryNotSupportedException}), before any I/O.
 *
 * <p>Projections are read as a projection type, {@link Repository#find(Query, Class)}, never as
 * entities: a partial entity saved back would overwrite the stored fields with defaults.
 */
public final class Query {
    private static final Query ALL = new Query(null, List.of(), 0, 0, Set.of(), null, false);

    private final @Nullable Filter filter;
    private final List<Sort> sort;
    private final int limit;
    private final int offset;
    private final Set<String> projection;
    private final @Nullable String text;
    private final boolean scanAllowed;

    private Query(@Nullable Filter filter, List<Sort> sort, int limit, int offset, Set<String> projection,
            @Nullable String text, boolean scanAllowed) {
        this.filter = filter;
        this.sort = sort;
        this.limit = limit;
        this.offset = offset;
        this.projection = projection;
        this.text = text;
        this.scanAllowed = scanAllowed;
    }

    /** Every entity. */
    public static Query all() {
        return ALL;
    }

    /** The entities matching {@code filter}. */
    public static Query where(Filter filter) {
        return ALL.filter(filter);
    }

    /** Entities matching a full-text search over the fields declared {@code @Indexed(text = true)}. */
    public static Query text(String search) {
        return ALL.matching(search);
    }

    /** This query with {@code filter} replacing the current filter. */
    public Query filter(@Nullable Filter filter) {
        return new Query(filter, sort, limit, offset, projection, text, scanAllowed);
    }

    /** This query with {@code extra} and-ed to the current filter. */
    public Query and(Filter extra) {
        return filter(filter == null ? extra : Filter.and(filter, extra));
    }

    /** This query sorted by {@code keys} (replacing earlier sort keys). */
    public Query sortBy(Sort... keys) {
        return sortBy(Arrays.asList(keys));
    }

    /** This query sorted by {@code keys} (replacing earlier sort keys). */
    public Query sortBy(List<Sort> keys) {
        return new Query(filter, List.copyOf(keys), limit, offset, projection, text, scanAllowed);
    }

    /** At most {@code n} results; 0 means no limit. */
    public Query limit(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, was " + n);
        }
        return new Query(filter, sort, n, offset, projection, text, scanAllowed);
    }

    /**
     * Skip the first {@code n} results. Prefer keyset paging ({@link Repository#page}); offsets cost
     * O(offset) on every store and are refused by stores without {@link Capability#OFFSET}.
     */
    public Query offset(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("offset must be >= 0, was " + n);
        }
        return new Query(filter, sort, limit, n, projection, text, scanAllowed);
    }

    /**
     * Load only these properties (the id always comes along). Used by stores and by projection-typed
     * reads ({@link Repository#find(Query, Class)}), which set it from the projection type; the
     * entity-typed reads ({@code find}, {@code stream}, {@code page}, {@code findFirst}) refuse a
     * projected query with {@link InvalidQueryException}.
     */
    public Query project(String... fields) {
        return new Query(filter, sort, limit, offset, Set.copyOf(new LinkedHashSet<>(Arrays.asList(fields))), text, scanAllowed);
    }

    /** This query with a full-text match (stores with {@link Capability#TEXT_SEARCH}). */
    public Query matching(@Nullable String search) {
        return new Query(filter, sort, limit, offset, projection, search, scanAllowed);
    }

    /**
     * Opt into a full scan where the store would otherwise refuse the query, e.g. a filter on an
     * unindexed field on Redis. The scan is streamed, never loaded whole.
     */
    public Query allowScan() {
        return new Query(filter, sort, limit, offset, projection, text, true);
    }

    public Optional<Filter> filter() {
        return Optional.ofNullable(filter);
    }

    public List<Sort> sort() {
        return sort;
    }

    /** The limit; 0 means none. */
    public int limit() {
        return limit;
    }

    public int offset() {
        return offset;
    }

    /** Projected fields; empty means all. */
    public Set<String> projection() {
        return projection;
    }

    public Optional<String> text() {
        return Optional.ofNullable(text);
    }

    public boolean scanAllowed() {
        return scanAllowed;
    }

    /** Every field path this query names (filter, sort, projection). */
    public Set<String> fields() {
        Set<String> out = new LinkedHashSet<>();
        if (filter != null) {
            collectFields(filter, out);
        }
        sort.forEach(s -> out.add(s.field()));
        out.addAll(projection);
        return out;
    }

    static void collectFields(Filter f, Set<String> out) {
        // Java 17 baseline: no pattern matching for switch yet
        if (f instanceof Filter.And x) {
            x.filters().forEach(c -> collectFields(c, out));
        } else if (f instanceof Filter.Or x) {
            x.filters().forEach(c -> collectFields(c, out));
        } else if (f instanceof Filter.Not x) {
            collectFields(x.filter(), out);
        } else {
            out.add(Filters.fieldOf(f));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Query q && Objects.equals(filter, q.filter) && sort.equals(q.sort) && limit == q.limit
                && offset == q.offset && projection.equals(q.projection) && Objects.equals(text, q.text)
                && scanAllowed == q.scanAllowed;
    }

    @Override
    public int hashCode() {
        return Objects.hash(filter, sort, limit, offset, projection, text, scanAllowed);
    }

    /** A readable rendering with values elided, safe for logs. */
    @Override
    public String toString() {
        List<String> parts = new ArrayList<>();
        parts.add("fields=" + fields());
        if (!sort.isEmpty()) parts.add("sort=" + sort);
        if (limit > 0) parts.add("limit=" + limit);
        if (offset > 0) parts.add("offset=" + offset);
        if (text != null) parts.add("text=?");
        if (scanAllowed) parts.add("scan");
        return "Query" + parts;
    }
}
