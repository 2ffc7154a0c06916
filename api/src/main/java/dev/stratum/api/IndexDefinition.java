package dev.stratum.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An index declared on an entity, from {@link Indexed} or {@link CompoundIndex}. Stores translate it
 * to their native form.
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
}
