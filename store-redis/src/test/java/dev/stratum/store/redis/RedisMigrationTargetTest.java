package dev.stratum.store.redis;

import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.testkit.MigrationTargetCompatibilityKit;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Redis migration target keeps every rule of the {@link MigrationTargetCompatibilityKit}, with two clients competing. */
class RedisMigrationTargetTest extends MigrationTargetCompatibilityKit {
    static final String PREFIX = "mig" + UUID.randomUUID().toString().substring(0, 8);
    static RedisStore store;
    static RedisStore other;

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
    protected MigrationTarget target() {
        return MigrationTargets.of(store);
    }

    @Override
    protected MigrationTarget secondTarget() {
        return MigrationTargets.of(other);
    }

    /** Wipes the lock, the current lease and the history; the fencing counter stays, so tokens keep growing. */
    @Override
    @SuppressWarnings("unchecked")
    protected void resetTarget() {
        RedisClusterCommands<String, String> redis = store.unwrap(RedisClusterCommands.class);
        String base = "{" + PREFIX + ":__migrations}:";
        redis.del(base + "lock", base + "lease", base + "history");
    }
}
