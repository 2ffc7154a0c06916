package dev.stratum.store.redis;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import dev.stratum.testkit.redis.RedisTestCluster;
import java.util.UUID;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The same repository code on a real three-master Redis Cluster ({@link RedisTestCluster}): the whole
 * {@link RepositoryCompatibilityKit} (CRUD, queries, sorting, paging, streaming, versioning, bulk, TTL…)
 * passes, because every key of a collection shares one hash tag and so one slot.
 */
class RedisClusterCompatibilityTest extends RepositoryCompatibilityKit {
    private static RedisStore store;

    @BeforeAll
    static void open() {
        store = RedisStore.builder().uri(RedisTestCluster.shared().uri()).keyPrefix("c" + UUID.randomUUID().toString().substring(0, 8)).build();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return store.repository(entityType);
    }

    /** Typed repositories and transactions (the kit's StoreEntryPoints group). */
    @Override
    protected Optional<Store> store() {
        return Optional.of(store);
    }
}
