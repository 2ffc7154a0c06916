package dev.stratum.api;

import java.util.Objects;

/**
 * One sort key. Nulls and absent values sort first ascending and last descending, on every store.
 * Numbers sort by value ({@link dev.stratum.api.spi.ValueOrder}): {@code -0.0} and {@code 0.0} are equal,
 * so the next key (or the id) orders them.
 *
 * <pre>{@code Query.all().sortBy(Sort.desc("priority"), Sort.asc("dueDate")) }</pre>
 *
 * @param field the property path
 * @param direction the direction
 */
public record Sort(String field, Direction direction) {
    public Sort {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(direction, "direction");
    }

    /** Ascending on {@code field}. */
    public static Sort asc(String field) {
        return new Sort(field, Direction.ASC);
    }

    /** Descending on {@code field}. */
    public static Sort desc(String field) {
        return new Sort(field, Direction.DESC);
    }

    /** Sort direction. */
    public enum Direction { ASC, DESC }

    /** Whether ascending. */
    public boolean ascending() {
        return direction == Direction.ASC;
    }
}
