package dev.stratum.migrations;

import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.Update;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * One portable migration step: a change to the entities of one type that runs on every store through
 * the store's repositories (the contract's queries and partial updates), in checkpointed batches. A
 * {@link StepMigration} is a list of steps; its checksum is computed from the steps' canonical form
 * ({@link #canonical()}), so it is the same whatever compiled the class and changes exactly when a
 * step changes.
 *
 * <pre>{@code
 * Step.addField(User.class, "role", "user")                        // role = "user" where role is null or absent
 * Step.removeField(User.class, "legacyFlag")                       // unset where present
 * Step.renameField(User.class, "mail", "email")                    // email = mail, mail unset, where mail is present
 * Step.setWhere(Task.class, Filter.eq("status", Status.OPEN),      // backfill by query
 *               Update.set("status", Status.TODO))
 * Step.copy(LegacyUser.class, User.class)                          // every LegacyUser saved as a User (same id)
 * Step.createIndex(User.class,                                     // through the store's own DDL; undo: dropIndex
 *               IndexDefinition.builder().field("email").unique().build())
 * Step.dropIndex(User.class, "legacy_1")                           // not invertible (pass the definition to make it so)
 * }</pre>
 *
 * <p><b>Null and absent are the same</b> in the contract, and steps treat them alike: {@code addField}
 * fills both a missing field and a field holding null; {@code removeField} and {@code renameField}
 * touch only entities where the field holds a value.
 *
 * <p><b>Idempotent per batch.</b> A runner can die between a batch's writes and its checkpoint; the
 * runner taking over then repeats that batch. {@code addField}, {@code removeField} and
 * {@code renameField} are safe: each entity is written only while it still matches (null field,
 * present field, present old field), and after the write it no longer does. {@code copy} saves the same
 * entity under the same id again. {@code setWhere} is safe when its update makes the filter stop
 * matching or sets absolute values; an {@code inc}/{@code push} on entities that still match after the
 * update would be applied twice for a repeated batch, so give such a step a filter its update falsifies.
 */
public sealed interface Step {

    /** The entity type the step reads and writes (for {@link Copy}, the source). */
    Class<?> entity();

    /** A stable text describing exactly what the step does; the migration checksum is computed from it. */
    String canonical();

    /** The step that reverts this one, if it can be derived (add ↔ remove, rename ↔ rename back, createIndex ↔ dropIndex). */
    default Optional<Step> inverse() {
        return Optional.empty();
    }

    /**
     * Sets {@code field} to {@code value} on every entity where it is null or absent. Undo: unset
     * {@code field} where it equals {@code value} (values set otherwise stay; an entity that held
     * {@code value} before the migration loses it too).
     */
    static Step addField(Class<?> entity, String field, Object value) {
        return new AddField(entity, field, value);
    }

    /** Unsets {@code field} on every entity where it holds a value. Not invertible (the values are gone). */
    static Step removeField(Class<?> entity, String field) {
        return new RemoveField(entity, field);
    }

    /** Moves the value of {@code from} to {@code to} on every entity where {@code from} holds a value. Undo: the rename back. */
    static Step renameField(Class<?> entity, String from, String to) {
        return new RenameField(entity, from, to);
    }

    /** Applies {@code update} to every entity matching {@code filter} (a backfill by query). Not invertible. */
    static Step setWhere(Class<?> entity, Filter filter, Update update) {
        return new SetWhere(entity, filter, update);
    }

    /** Saves every {@code from} entity as a {@code to} entity with the same id (mapped property by property). Not invertible. */
    static Step copy(Class<?> from, Class<?> to) {
        return new Copy(from, to);
    }

    /**
     * Creates {@code index} on the entity's collection through the store's index DDL
     * ({@link dev.stratum.api.spi.IndexOperations}), over the entities already there; idempotent (an
     * index of the same name and shape is kept). A unique index over duplicated values fails with
     * {@link dev.stratum.api.DuplicateKeyException} and leaves nothing behind; a store that cannot create
     * it refuses before any change with {@link dev.stratum.api.QueryNotSupportedException}. Undo: the
     * {@code dropIndex} of its name.
     *
     * @throws IllegalArgumentException if a field is not a path of the entity, is its id, the index is a
     *     text index, or its name is an index the entity class declares with another shape
     */
    static Step createIndex(Class<?> entity, IndexDefinition index) {
        return new CreateIndex(entity, index);
    }

    /** Drops the index named {@code name} (idempotent). Not invertible: use {@link #dropIndex(Class, IndexDefinition)} for that. */
    static Step dropIndex(Class<?> entity, String name) {
        return new DropIndex(entity, name, null);
    }

    /** Drops the index {@code index} names (idempotent). Undo: {@code createIndex(entity, index)}. */
    static Step dropIndex(Class<?> entity, IndexDefinition index) {
        return new DropIndex(entity, index.name(), index);
    }

    /** See {@link Step#createIndex}. */
    record CreateIndex(Class<?> entity, IndexDefinition index) implements Step {
        public CreateIndex {
            Objects.requireNonNull(index, "index");
            checkIndex(entity, index);
        }

        @Override
        public String canonical() {
            return "createIndex(" + collection(entity) + ", " + StepCanonicalForm.index(index) + ")";
        }

        @Override
        public Optional<Step> inverse() {
            boolean declared = EntityMetadata.of(entity).indexes().stream().anyMatch(i -> i.name().equals(index.name()));
            return declared ? Optional.empty() : Optional.of(new DropIndex(entity, index.name(), index)); // a declared index stays
        }
    }

    /** See {@link Step#dropIndex(Class, String)}; {@code index} is the definition when known (then invertible). */
    record DropIndex(Class<?> entity, String name, @Nullable IndexDefinition index) implements Step {
        public DropIndex {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("dropIndex(" + entity.getSimpleName() + "): the index name is blank");
            }
            if (index != null) {
                checkIndex(entity, index);
            }
            EntityMetadata.of(entity).indexes().stream().filter(i -> i.name().equals(name)).findFirst().ifPresent(i -> {
                throw new IllegalArgumentException("dropIndex(" + entity.getSimpleName() + ", " + name + "): the entity class declares this index"
                        + " (@Indexed/@CompoundIndex), so the store would create it again when a repository opens; remove the annotation instead");
            });
        }

        @Override
        public String canonical() {
            // with the definition when given: it is what the derived undo creates
            return "dropIndex(" + collection(entity) + ", " + (index == null ? StepCanonicalForm.value(name) : StepCanonicalForm.index(index)) + ")";
        }

        @Override
        public Optional<Step> inverse() {
            return Optional.ofNullable(index).map(i -> new CreateIndex(entity, i));
        }
    }

    /** See {@link Step#addField}. */
    record AddField(Class<?> entity, String field, Object value) implements Step {
        public AddField {
            checkField(entity, field);
            Objects.requireNonNull(value, () -> "addField(" + entity.getSimpleName() + ", " + field + "): the value must not be null"
                    + " (null and absent are the same; there is nothing to add)");
        }

        @Override
        public String canonical() {
            return "addField(" + collection(entity) + ", " + field + ", " + StepCanonicalForm.value(value) + ")";
        }

        @Override
        public Optional<Step> inverse() {
            return Optional.of(new SetWhere(entity, Filter.eq(field, value), Update.unsetting(field)));
        }
    }

    /** See {@link Step#removeField}. */
    record RemoveField(Class<?> entity, String field) implements Step {
        public RemoveField {
            checkField(entity, field);
        }

        @Override
        public String canonical() {
            return "removeField(" + collection(entity) + ", " + field + ")";
        }
    }

    /** See {@link Step#renameField}. */
    record RenameField(Class<?> entity, String from, String to) implements Step {
        public RenameField {
            checkField(entity, from);
            checkField(entity, to);
            if (from.equals(to)) {
                throw new IllegalArgumentException("renameField(" + entity.getSimpleName() + ", " + from + ", " + to + "): the names are equal");
            }
        }

        @Override
        public String canonical() {
            return "renameField(" + collection(entity) + ", " + from + ", " + to + ")";
        }

        @Override
        public Optional<Step> inverse() {
            return Optional.of(new RenameField(entity, to, from));
        }
    }

    /** See {@link Step#setWhere}. */
    record SetWhere(Class<?> entity, Filter filter, Update update) implements Step {
        public SetWhere {
            Objects.requireNonNull(filter, "filter");
            Objects.requireNonNull(update, "update");
            EntityMetadata.of(entity);
        }

        @Override
        public String canonical() {
            return "setWhere(" + collection(entity) + ", " + StepCanonicalForm.value(filter) + ", " + StepCanonicalForm.value(update) + ")";
        }
    }

    /** See {@link Step#copy}. */
    record Copy(Class<?> entity, Class<?> to) implements Step {
        public Copy {
            EntityMetadata.of(entity);
            EntityMetadata.of(to);
        }

        @Override
        public String canonical() {
            return "copy(" + collection(entity) + " -> " + collection(to) + ", " + StepCanonicalForm.value(EntityMetadata.of(to).properties().keySet())
                    + ")";
        }
    }

    private static String collection(Class<?> entity) {
        return EntityMetadata.of(entity).collection();
    }

    private static void checkIndex(Class<?> entity, IndexDefinition index) {
        EntityMetadata<?> meta = EntityMetadata.of(entity);
        String what = "index '" + index.name() + "' on " + entity.getSimpleName();
        if (index.text()) {
            throw new IllegalArgumentException(what + ": text indexes are not created by steps (declare @Indexed(text = true))");
        }
        for (IndexDefinition.Field f : index.fields()) {
            if (f.path().equals(meta.idProperty())) {
                throw new IllegalArgumentException(what + ": '" + f.path() + "' is the id, which every store indexes already");
            }
            try {
                meta.validatePath(f.path());
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(what + ": " + e.getMessage(), e);
            }
        }
        meta.indexes().stream().filter(i -> i.name().equals(index.name()) && !i.sameShape(index)).findFirst().ifPresent(i -> {
            throw new IllegalArgumentException(what + ": the entity class declares an index of this name with another shape (" + i + ")");
        });
    }

    private static void checkField(Class<?> entity, String field) {
        Objects.requireNonNull(field, "field");
        EntityMetadata<?> meta = EntityMetadata.of(entity);
        if (!meta.properties().containsKey(field)) {
            throw new IllegalArgumentException(entity.getSimpleName() + " has no property '" + field + "' (properties: "
                    + meta.properties().keySet() + "); a step's fields must be declared on the entity class it names");
        }
        if (field.equals(meta.idProperty()) || meta.versionProperty().filter(field::equals).isPresent()) {
            throw new IllegalArgumentException("'" + field + "' is " + entity.getSimpleName() + "'s id or version: steps cannot change it");
        }
    }
}
