package dev.stratum.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * An index declared on an entity, from {@link Indexed} or {@link CompoundIndex}, or built for a
 * migration step ({@link #builder()}). Stores translate it to their native form.
 *
 * <pre>{@code
 * IndexDefinition byEmail = IndexDefinition.builder().field("email").unique().build();          // name email_1
 * IndexDefinition byDue = IndexDefinition.builder().name("by_assignee_due")
 *         .field("assigneeId").field("dueDate", false).sparse().build();
 * }</pre>
 *
 * @param name the index name (derived from the fields when not given: {@code status_1_dueDate_-1})
 * @param fields the indexed fields in order
 * @param unique whether values must be unique
 * @param sparse whether entities without the field are left out
 * @param text whether this is a full-text index
 * @param ttlSeconds expiry after the instant in the (single) field; 0 for none
 */
public record IndexDefinition(String name, List<Field> fields, boolean unique, boolean sparse, boolean text, long ttlSeconds) {
    public IndexDefinition {
        Objects.requireNonNull(name, "name");
        fields = List.copyOf(fields);
        if (fields.isEmpty()) {
            throw new IllegalArgumentException("an index needs at least one field");
        }
        if (name.isEmpty()) {
            name = fields.stream().map(f -> f.path() + (f.ascending() ? "_1" : "_-1")).collect(Collectors.joining("_"));
        }
    }

    /** One indexed field. */
    public record Field(String path, boolean ascending) {}

    /** Whether this index covers exactly one field. */
    public boolean isSingleField() {
        return fields.size() == 1;
    }

    /** Equal in everything but the name (the name is how the index is found, the rest is what it is). */
    public boolean sameShape(IndexDefinition other) {
        return fields.equals(other.fields) && unique == other.unique && sparse == other.sparse && text == other.text
                && ttlSeconds == other.ttlSeconds;
    }

    /** A builder; the order of its calls does not matter, except the order of {@link Builder#field} calls (the key order). */
    public static Builder builder() {
        return new Builder();
    }

    /** Builds an {@link IndexDefinition}; validated at {@link #build()}. */
    public static final class Builder {
        private String name = "";
        private final List<Field> fields = new ArrayList<>();
        private boolean unique;
        private boolean sparse;
        private long ttlSeconds;

        private Builder() {}

        /** The index name; derived from the fields when not set ({@code status_1_dueDate_-1}). */
        public Builder name(String name) {
            this.name = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Adds an ascending field (the key order is the order of these calls). */
        public Builder field(String path) {
            return field(path, true);
        }

        /** Adds a field in the given direction. */
        public Builder field(String path, boolean ascending) {
            Objects.requireNonNull(path, "path");
            fields.add(new Field(path, ascending));
            return this;
        }

        /** Values (the combination of the fields' values) must be unique. */
        public Builder unique() {
            this.unique = true;
            return this;
        }

        /** Entities without the field(s) are left out of the index (and of its uniqueness). */
        public Builder sparse() {
            this.sparse = true;
            return this;
        }

        /** Entities expire this many seconds after the instant in the (single) field. */
        public Builder ttlSeconds(long seconds) {
            this.ttlSeconds = seconds;
            return this;
        }

        /**
         * The definition.
         *
         * @throws IllegalArgumentException if there is no field, a field repeats, the TTL is negative or
         *     set on several fields
         */
        public IndexDefinition build() {
            if (fields.isEmpty()) {
                throw new IllegalArgumentException("an index needs at least one field: call field(path)");
            }
            if (fields.stream().map(Field::path).distinct().count() != fields.size()) {
                throw new IllegalArgumentException("an index lists a field twice: " + fields);
            }
            if (ttlSeconds < 0) {
                throw new IllegalArgumentException("ttlSeconds must be >= 0, was " + ttlSeconds);
            }
            if (ttlSeconds > 0 && fields.size() != 1) {
                throw new IllegalArgumentException("a TTL index has exactly one (Instant) field, not " + fields.size());
            }
            return new IndexDefinition(name, fields, unique, sparse, false, ttlSeconds);
        }
    }
}
