package dev.stratum.api;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A portable, immutable filter tree. Build one with the static factories and combine them:
 *
 * <pre>{@code
 * import static dev.stratum.api.Filter.*;
 *
 * Filter open = and(eq("status", Status.OPEN), gte("priority", 2), contains("tags", "backend"));
 * Filter either = or(eq("assigneeId", "u-42"), not(exists("assigneeId")));
 * }</pre>
 *
 * <p>Field names are property paths of the entity ({@code "data.cpu"} for nested values); they are
 * checked against the entity when the query runs ({@link InvalidQueryException} for unknown or
 * illegal names). Values are Java values of the field's type (enums, {@link java.time.Instant},
 * {@link java.math.BigDecimal}, ...) and are converted exactly as the entity's own values are.
 *
 * <p>Semantics, the same on every store: {@code eq(f, null)} matches null or absent; {@code exists(f)}
 * matches a present, non-null value; comparisons never match null or absent values; {@code ne(f, v)}
 * and {@code nin} match absent values too; {@code contains(f, v)} matches a list field holding v;
 * {@code eq} on a list field compares the whole list.
 *
 * <p>Numbers compare by value across {@code Integer}/{@code Long}/{@code Double}/{@code BigDecimal}
 * ({@link dev.stratum.api.spi.ValueOrder}); {@code -0.0} and {@code 0.0} (double or float) are the same
 * value: {@code eq(f, 0.0)} matches a stored {@code -0.0}, {@code gt(f, -0.0)} does not, and both are in
 * {@code lte(f, 0.0)}.
 *
 * <p>Lists, maps and paths, also the same on every store: a list is one value — {@code exists(f)} matches
 * a list holding only null (the list is present and not null), {@code missing(f)} does not; a scalar
 * never equals, is in, or compares with a list (use {@code contains}). Equality with a map is by
 * content: key order does not matter. A path that goes through a declared list ({@code items.price}
 * where {@code items} is a {@code List<Item>}) is refused in filters and sorts with an
 * {@link InvalidQueryException} (stores would match it element-wise, as a list, or not at all); match
 * a whole element with {@code contains("items", item)} instead. Keyset paging sorted by a field whose
 * values may mix types (untyped {@code Object}, lists, maps) is refused too: see {@link PageRequest}.
 */
public sealed interface Filter {

    /** Equality; {@code value == null} matches null or absent. */
    record Eq(String field, @Nullable Object value) implements Filter {}

    /** Inequality; matches absent too. */
    record Ne(String field, @Nullable Object value) implements Filter {}

    /** A comparison on an ordered value (numbers, strings, instants, dates). */
    record Range(String field, Op op, Object value) implements Filter {
        public Range {
            Objects.requireNonNull(value, () -> "range value of '" + field + "' must not be null");
        }
    }

    /** Comparison operators of {@link Range}. */
    enum Op {
        GT(">"), GTE(">="), LT("<"), LTE("<=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written in messages. */
        public String symbol() {
            return symbol;
        }
    }

    /** Membership in a set of values. */
    record In(String field, List<@Nullable Object> values) implements Filter {
        public In {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** Non-membership in a set of values; matches absent too. */
    record Nin(String field, List<@Nullable Object> values) implements Filter {
        public Nin {
            values = Collections.unmodifiableList(new ArrayList<>(values));
        }
    }

    /** Presence of a non-null value ({@code present == true}) or its absence. */
    record Exists(String field, boolean present) implements Filter {}

    /** A list field holding the value. */
    record Contains(String field, Object value) implements Filter {
        public Contains {
            Objects.requireNonNull(value, () -> "contains value of '" + field + "' must not be null");
        }
    }

    /** A string field starting with the prefix (case-sensitive). */
    record StartsWith(String field, String prefix) implements Filter {
        public StartsWith {
            Objects.requireNonNull(prefix, () -> "prefix of '" + field + "' must not be null");
        }
    }

    /** All of the filters. */
    record And(List<Filter> filters) implements Filter {
        public And {
            filters = List.copyOf(filters);
        }
    }

    /** Any of the filters. */
    record Or(List<Filter> filters) implements Filter {
        public Or {
            filters = List.copyOf(filters);
        }
    }

    /** The negation of a filter; matches what the filter does not. */
    record Not(Filter filter) implements Filter {
        public Not {
            Objects.requireNonNull(filter, "filter");
        }
    }

    // ------------------------------------------------------------------------------- factories

    static Filter eq(String field, @Nullable Object value) {
        return new Eq(field, value);
    }

    static Filter ne(String field, @Nullable Object value) {
        return new Ne(field, value);
    }

    static Filter gt(String field, Object value) {
        return new Range(field, Op.GT, value);
    }

    static Filter gte(String field, Object value) {
        return new Range(field, Op.GTE, value);
    }

    static Filter lt(String field, Object value) {
        return new Range(field, Op.LT, value);
    }

    static Filter lte(String field, Object value) {
        return new Range(field, Op.LTE, value);
    }

    /** {@code from <= field < to}. */
    static Filter between(String field, Object fromInclusive, Object toExclusive) {
        return and(gte(field, fromInclusive), lt(field, toExclusive));
    }

    static Filter in(String field, Collection<?> values) {
        return new In(field, new ArrayList<>(values));
    }

    static Filter in(String field, Object... values) {
        return new In(field, Arrays.asList(values));
    }

    static Filter nin(String field, Collection<?> values) {
        return new Nin(field, new ArrayList<>(values));
    }

    static Filter nin(String field, Object... values) {
        return new Nin(field, Arrays.asList(values));
    }

    static Filter exists(String field) {
        return new Exists(field, true);
    }

    static Filter missing(String field) {
        return new Exists(field, false);
    }

    static Filter contains(String field, Object value) {
        return new Contains(field, value);
    }

    static Filter startsWith(String field, String prefix) {
        return new StartsWith(field, prefix);
    }

    static Filter and(Filter... filters) {
        return new And(Arrays.asList(filters));
    }

    static Filter and(List<Filter> filters) {
        return new And(filters);
    }

    static Filter or(Filter... filters) {
        return new Or(Arrays.asList(filters));
    }

    static Filter or(List<Filter> filters) {
        return new Or(filters);
    }

    static Filter not(Filter filter) {
        return new Not(filter);
    }
}
