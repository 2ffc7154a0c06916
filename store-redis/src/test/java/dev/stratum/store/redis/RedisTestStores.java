package dev.stratum.store.redis;

import dev.stratum.testkit.redis.RedisTestServer;
import java.util.UUID;

/** Stores on the shared test server, each with its own key prefix so test classes never see each other's data. */
final class RedisTestStores {
    private RedisTestStores() {}

    static RedisStore newStore() {
        return RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("t" + UUID.randomUUID().toString().substring(0, 8)).build();
    }
}
