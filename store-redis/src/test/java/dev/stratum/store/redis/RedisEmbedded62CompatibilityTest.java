package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import dev.stratum.testkit.redis.RedisTestServer;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole kit on the oldest supported Redis: the 6.2 binary of embedded-redis (the quickstart's
 * zero-install server). No FUNCTION, no Redis 7 commands: the scripts use EVAL/EVALSHA and 6.2 commands only.
 */
class RedisEmbedded62CompatibilityTest extends RepositoryCompatibilityKit {
    private static RedisTestServer server;
    private static RedisStore store;

    @BeforeAll
    static void open() {
        server = RedisTestServer.startEmbedded();
        store = RedisStore.builder().uri(server.uri()).build();
        assertThat(store.health().serverVersion()).startsWith("6.2");
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.close();
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
