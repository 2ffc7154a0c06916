package dev.stratum.store.redis.fault;

import dev.stratum.api.Store;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.MigrationFaultScenarios;
import dev.stratum.testkit.redis.RedisTestServer;
import java.time.Duration;

/** Scenario 6 (migrations under faults) on the shared Redis test server; the namespace is the key prefix. */
class RedisMigrationFaultScenariosTest extends MigrationFaultScenarios {
    @Override
    protected String storeName() {
        return "redis";
    }

    @Override
    protected FaultProxy startProxy() {
        return RedisTestServer.shared().startFaultProxy();
    }

    @Override
    protected Store openStore(FaultProxy proxy, Duration timeout, String namespace) {
        return RedisStore.builder().uri(RedisTestServer.shared().uriThrough(proxy)).commandTimeout(timeout).connectTimeout(timeout)
                .keyPrefix(namespace).build();
    }
}
