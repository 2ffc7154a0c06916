package dev.stratum.store.redis;

import dev.stratum.api.Store;
import dev.stratum.testkit.MigrationStepsKit;
import dev.stratum.testkit.redis.RedisTestServer;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Portable migration steps on Redis (queries on unindexed fields through the steps' allowed scans); a second client survives. */
class RedisMigrationStepsTest extends MigrationStepsKit {
    private static final String PREFIX = "steps" + UUID.randomUUID().toString().substring(0, 8);
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
    protected Store secondStore() {
        return other;
    }
}
