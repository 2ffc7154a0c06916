package dev.stratum.api.spi;

import dev.stratum.api.IndexDefinition;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Store;
import java.util.List;
import java.util.Objects;

/**
 * Index DDL of a store: creates, drops and lists the indexes of an entity's collection through the
 * store's own structures (a MongoDB index, Redis index sets, ...). A {@link Store} that can change
 * indexes after its repositories are open implements it; the migration engine's
 * {@code Step.createIndex}/{@code Step.dropIndex} call it through {@link #of(Store)}.
 *
 * <pre>{@code
 * IndexOperations ops = IndexOperations.of(store);
 * ops.createIndex(User.class, IndexDefinition.builder().field("email").unique().build());
 * ops.dropIndex(User.class, "email_1");
 * }</pre>
 *
 * <p>Rules every implementation keeps (the testkit's {@code MigrationStepsKit} checks them):
 *
 * <ul>
 *   <li>{@link #checkCreatable} throws {@link QueryNotSupportedException} naming the store and what it
 *       cannot do, without I/O; {@link #createIndex} calls it first, so a refused index changes nothing.
 *   <li>{@link #createIndex} is idempotent: an index of the same name and shape is kept. One of the same
 *       name and another shape is an {@link IllegalStateException} showing both. A unique index over
 *       existing duplicates is a {@link dev.stratum.api.DuplicateKeyException} naming a duplicated
 *       value, and no index is left behind. Afterwards the store's repositories use the index (queries,
 *       and unique enforcement on every write).
 *   <li>{@link #dropIndex} is idempotent (a missing index is not an error) and answers whether it dropped one.
 * </ul>
 */
public interface IndexOperations {

    /**
     * Checks, without I/O, that this store can create {@code index} on {@code entityType}.
     *
     * @throws QueryNotSupportedException naming the store and the part of the index it cannot create
     */
    void checkCreatable(Class<?> entityType, IndexDefinition index);

    /**
     * Creates {@code index} on the collection of {@code entityType} over the existing entities.
     *
     * @return true if it was created, false if an index of the same name and shape existed
     * @throws QueryNotSupportedException before any I/O, see {@link #checkCreatable}
     * @throws dev.stratum.api.DuplicateKeyException if it is unique and existing entities share a value; nothing changed
     * @throws IllegalStateException if an index of that name exists with another shape; nothing changed
     */
    boolean createIndex(Class<?> entityType, IndexDefinition index);

    /**
     * Drops the index named {@code name} from the collection of {@code entityType}.
     *
     * @return true if it existed
     */
    boolean dropIndex(Class<?> entityType, String name);

    /** The indexes that exist now on the collection of {@code entityType} (declared and created), without the id's. */
    List<IndexDefinition> indexes(Class<?> entityType);

    /**
     * The index operations of {@code store}.
     *
     * @throws QueryNotSupportedException if the store does not implement them
     */
    static IndexOperations of(Store store) {
        Objects.requireNonNull(store, "store");
        if (store instanceof IndexOperations ops) {
            return ops;
        }
        throw new QueryNotSupportedException(store.name(), "createIndex/dropIndex",
                store.getClass().getName() + " does not implement " + IndexOperations.class.getName());
    }
}
