package dev.stratum.store.redis.fault;

import dev.stratum.api.Store;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.FaultScenarios;
import dev.stratum.testkit.fault.ServerControl;
import dev.stratum.testkit.redis.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The fault scenarios on a single Redis server of this test's own (killed and restarted in scenario 3), started
 * with {@code --appendonly yes --appendfsync always}: an acknowledged write is on disk before its reply.
 */
class RedisFaultScenariosTest extends FaultScenarios {
    private final RedisTestServer server = RedisTestServer.startDurable();

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Override
    protected String storeName() {
        return "redis";
    }

    @Override
    protected FaultProxy startProxy() {
        return server.startFaultProxy();
    }

    @Override
    protected Store openStore(FaultProxy proxy, Duration timeout) {
        return RedisStore.builder().uri(server.uriThrough(proxy)).commandTimeout(timeout).connectTimeout(timeout)
                .keyPrefix("f" + UUID.randomUUID().toString().substring(0, 8)).build();
    }

    @Override
    protected ServerControl serverControl(FaultProxy proxy) {
        return new ServerControl() {
            @Override
            public void kill() {
                server.kill();
            }

            @Override
            public void restart() {
                server.restart();
            }

            @Override
            public String description() {
                return "redis-server killed (SIGKILL) and restarted on the same port and folder; appendonly yes, appendfsync always";
            }
        };
    }
}
