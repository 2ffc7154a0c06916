package dev.stratum.api.migration;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;

/**
 * What a running {@link Migration} gets: the store, its native client and its repositories.
 *
 * <pre>{@code
 * MongoDatabase db = ctx.nativeClient(MongoDatabase.class);
 * Repository<Task, String> tasks = ctx.repository(Task.class);
 * }</pre>
 */
public interface MigrationContext {

    /** The store being migrated. */
    Store store();

    /** The version being applied or undone. */
    MigrationVersion version();

    /** The store's native client, e.g. {@code MongoDatabase}, Lettuce's {@code RedisCommands}. */
    default <N> N nativeClient(Class<N> type) {
        return store().unwrap(type);
    }

    /** The store's repository of an entity type. */
    default <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return store().repository(entityType);
    }

    /**
     * Throws {@link LeaseLostException} if this runner no longer holds the migration lock. Long
     * migrations may call it between batches to stop early.
     */
    void checkLease();
}
