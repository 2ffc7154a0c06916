package dev.stratum.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An immutable aggregation: the entities matching a filter, grouped by fields and/or a time bucket of
 * an {@code Instant} field, with {@code count}, {@code sum}, {@code avg}, {@code min} and {@code max}
 * per group. Run it with {@link Repository#aggregate(Aggregation, Class)}, which maps each group to a
 * record (or POJO) whose properties carry the names given here.
 *
 * <pre>{@code
 * record HourlyLoad(String series, Instant hour, double avg, double max, long samples) {}
 *
 * Instant now = Instant.now();
 * List<HourlyLoad> rows = metrics.aggregate(
 *         Aggregation.where(Filter.and(Filter.eq("series", "cpu.load"), Filter.gte("timestamp", now.minus(Duration.ofHours(24)))))
 *                 .groupBy("series")
 *                 .groupBy("timestamp", TimeBucket.HOUR, "hour")
 *                 .avg("value", "avg").max("value", "max").count("samples"),
 *         HourlyLoad.class);
 * }</pre>
 *
 * <p>Semantics, identical on every store (the in-memory store is the reference): rows come sorted by
 * the group values in the order the groups were declared (nulls first); an entity lacking a group
 * field falls in the group of null; {@code sum}, {@code avg}, {@code min} and {@code max} ignore null
 * and missing values ({@code sum} of none is 0, {@code avg}/{@code min}/{@code max} of none are null);
 * {@code count} counts the entities of the group; time buckets are UTC ({@code DAY} starts at
 * midnight UTC). Without any group the result is one row over all matching entities (none if nothing
 * matches). Paths are checked against the entity before any I/O; a bucket needs an {@code Instant}
 * field and {@code sum}/{@code avg} numeric fields ({@link InvalidQueryException} otherwise).
 *
 * <p>Stores declaring {@link Capability#NATIVE_AGGREGATION} run it on the server (MongoDB
 * {@code $group}); the others stream the matching entities, in bounded batches, through the reference
 * computation — memory grows with the number of groups, not of entities.
 */
public final class Aggregation {
    private final @Nullable Filter filter;
    private final boolean scanAllowed;
    private final List<Group> groups;
    private final List<Metric> metrics;

    private Aggregation(@Nullable Filter filter, boolean scanAllowed, List<Group> groups, List<Metric> metrics) {
        this.filter = filter;
        this.scanAllowed = scanAllowed;
        this.groups = groups;
        this.metrics = metrics;
    }

    /** Time buckets of an {@code Instant} field, in UTC. */
    public enum TimeBucket { MINUTE, HOUR, DAY }

    /** Aggregate functions. */
    public enum Function { COUNT, SUM, AVG, MIN, MAX }

    /**
     * A grouping key.
     *
     * @param field the entity's field path
     * @param name the result property
     * @param bucket the time bucket, or null to group by the value itself
     */
    public record Group(String field, String name, @Nullable TimeBucket bucket) {}

    /**
     * A computed value.
     *
     * @param function what to compute
     * @param field the field it reads; null for {@link Function#COUNT}
     * @param name the result property
     */
    public record Metric(Function function, @Nullable String field, String name) {}

    /** Aggregates every entity. */
    public static Aggregation all() {
        return new Aggregation(null, false, List.of(), List.of());
    }

    /** Aggregates the entities matching {@code filter}. */
    public static Aggregation where(Filter filter) {
        return new Aggregation(Objects.requireNonNull(filter, "filter"), false, List.of(), List.of());
    }

    /** Aggregates the entities a query's filter matches; the query must have no sort, limit, offset, projection or text. */
    public static Aggregation of(Query query) {
        if (!query.sort().isEmpty() || query.limit() > 0 || query.offset() > 0 || !query.projection().isEmpty() || query.text().isPresent()) {
            throw new InvalidQueryException("an aggregation takes only a query's filter: remove sort, limit, offset, projection and text");
        }
        return new Aggregation(query.filter().orElse(null), query.scanAllowed(), List.of(), List.of());
    }

    /** Groups by {@code field}; the result property is its last path segment. */
    public Aggregation groupBy(String field) {
        return groupBy(field, field.substring(field.lastIndexOf('.') + 1));
    }

    /** Groups by {@code field}, named {@code name} in the result. */
    public Aggregation groupBy(String field, String name) {
        return withGroup(new Group(Objects.requireNonNull(field), name, null));
    }

    /** Groups by the {@code bucket} an {@code Instant} field falls in (its start), named {@code name}. */
    public Aggregation groupBy(String field, TimeBucket bucket, String name) {
        return withGroup(new Group(Objects.requireNonNull(field), name, Objects.requireNonNull(bucket)));
    }

    /** The number of entities of each group, named {@code name}. */
    public Aggregation count(String name) {
        return withMetric(new Metric(Function.COUNT, null, name));
    }

    public Aggregation sum(String field, String name) {
        return withMetric(new Metric(Function.SUM, Objects.requireNonNull(field), name));
    }

    public Aggregation avg(String field, String name) {
        return withMetric(new Metric(Function.AVG, Objects.requireNonNull(field), name));
    }

    public Aggregation min(String field, String name) {
        return withMetric(new Metric(Function.MIN, Objects.requireNonNull(field), name));
    }

    public Aggregation max(String field, String name) {
        return withMetric(new Metric(Function.MAX, Objects.requireNonNull(field), name));
    }

    /** As {@link Query#allowScan()}: lets stores that need indexes scan for an unindexed filter. */
    public Aggregation allowScan() {
        return new Aggregation(filter, true, groups, metrics);
    }

    /** This aggregation's groups and metrics over {@code query}'s filter (repositories use it to substitute the validated filter). */
    public Aggregation over(Query query) {
        return new Aggregation(query.filter().orElse(null), query.scanAllowed(), groups, metrics);
    }

    private Aggregation withGroup(Group g) {
        checkName(g.name());
        List<Group> next = new ArrayList<>(groups);
        next.add(g);
        return new Aggregation(filter, scanAllowed, List.copyOf(next), metrics);
    }

    private Aggregation withMetric(Metric m) {
        checkName(m.name());
        List<Metric> next = new ArrayList<>(metrics);
        next.add(m);
        return new Aggregation(filter, scanAllowed, groups, List.copyOf(next));
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".") || name.startsWith("$")) {
            throw new InvalidQueryException("aggregation result name '" + name + "' must be a plain property name");
        }
        if (groups.stream().anyMatch(g -> g.name().equals(name)) || metrics.stream().anyMatch(m -> m.name().equals(name))) {
            throw new InvalidQueryException("aggregation result name '" + name + "' is used twice");
        }
    }

    /** The query whose filter selects the entities (no sort, limit or projection). */
    public Query query() {
        Query q = filter == null ? Query.all() : Query.where(filter);
        return scanAllowed ? q.allowScan() : q;
    }

    public List<Group> groups() {
        return groups;
    }

    public List<Metric> metrics() {
        return metrics;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Aggregation a && Objects.equals(filter, a.filter) && scanAllowed == a.scanAllowed && groups.equals(a.groups)
                && metrics.equals(a.metrics);
    }

    @Override
    public int hashCode() {
        return Objects.hash(filter, scanAllowed, groups, metrics);
    }

    /** Fields and functions, values elided. */
    @Override
    public String toString() {
        return "Aggregation[" + query() + ", groups=" + groups + ", metrics=" + metrics + "]";
    }
}
