package dev.stratum.store.redis;

import dev.stratum.api.Query;
import dev.stratum.api.Store;
import dev.stratum.testkit.MigrationEngineScenarios;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The migration engine's concurrency and fault scenarios on Redis, engines alternating between two clients. */
class RedisMigrationEngineScenariosTest extends MigrationEngineScenarios {
    private static final String PREFIX = "eng" + UUID.randomUUID().toString().substring(0, 8);
    private static RedisStore store;
    private static RedisStore other;

    @BeforeAll
    static void open() {
        store = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix(PREFIX).build();
        other = RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix(PREFIX).build();
    }

    @AfterAll
    static void close() {
        store.close();
        other.close();
    }

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected Store store(int engine) {
        return engine % 2 == 0 ? store : other;
    }

    @Override
    @SuppressWarnings("unchecked")
    protected void resetStore() {
        RedisClusterCommands<String, String> redis = store.unwrap(RedisClusterCommands.class);
        String base = "{" + PREFIX + ":__migrations}:";
        redis.del(base + "lock", base + "lease", base + "history");
        markers().deleteAll(Query.all());
    }
}
