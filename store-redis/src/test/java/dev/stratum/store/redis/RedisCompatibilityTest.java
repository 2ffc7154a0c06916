package dev.stratum.store.redis;

import dev.stratum.api.Repository;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Redis store passes the whole {@link RepositoryCompatibilityKit} on a single server (see
 * {@link dev.stratum.testkit.redis.RedisTestServer} for where it comes from).
 */
class RedisCompatibilityTest extends RepositoryCompatibilityKit {
    private static RedisStore store;

    @BeforeAll
    static void open() {
        store = RedisTestStores.newStore();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected java.util.Optional<dev.stratum.api.Store> store() {
        return java.util.Optional.of(store);
    }

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return store.repository(entityType);
    }
}
