package dev.stratum.store.redis.fault;

import dev.stratum.api.DataAccessException;
import dev.stratum.api.Store;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.FaultScenarios;
import dev.stratum.testkit.fault.ServerControl;
import dev.stratum.testkit.redis.RedisTestCluster;
import io.lettuce.core.cluster.SlotHash;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;

/**
 * The fault scenarios on a three-master Redis Cluster of this test's own whose every node sits behind a fault proxy
 * ({@link RedisTestCluster#startBehindFaultProxies()}: the nodes announce the proxies' ports, so the cluster client
 * reaches every node through its proxy). All keys of a collection share one hash tag, so one node holds all of a
 * store's data: each store gets a key prefix whose collections' slots fall on the first node (slots 0..5460), and
 * the faults hit that node's proxy while the other two stay healthy (topology refreshes keep reaching them).
 *
 * <p>Scenario 3 kills that node's {@code redis-server} for real (SIGKILL) and restarts it on the same port and folder
 * before the cluster fails it ({@code cluster-node-timeout} 3 s); the nodes run {@code appendonly yes, appendfsync
 * always}, so no acknowledged write may be lost. While the node is down the store answers
 * {@link StoreTimeoutException} or {@code StoreUnavailableException} ({@link #errorsWhileServerDown()}). The failover of a killed master to its replica is
 * {@code RedisClusterFailoverTest} (a cluster with replicas).
 */
class RedisClusterFaultScenariosTest extends FaultScenarios {
    private static final int FIRST_NODE_LAST_SLOT = 5460;
    private final RedisTestCluster cluster = RedisTestCluster.startBehindFaultProxies(0, Duration.ofSeconds(3), true);
    /** The node serving slots 0..5460, where every store of this test keeps its data. */
    private final int dataNode = cluster.masterOf(0);

    /** The first node's proxy now: each scenario closes its proxy, so the next one opens a new one on the same (announced) port. */
    private FaultProxy current;

    @AfterAll
    void stopCluster() {
        if (current != null) {
            current.close();
        }
        cluster.close();
    }

    @Override
    protected String storeName() {
        return "redis-cluster";
    }

    /** The proxy of the first node, which holds the data of every store this test opens (see {@link #prefixOnFirstNode()}). */
    @Override
    protected FaultProxy startProxy() {
        FaultProxy previous = current != null ? current : cluster.faultProxies().get(dataNode);
        int port = previous.port();
        InetSocketAddress node = previous.target();
        previous.close();
        current = FaultProxy.start(port, node);
        return current;
    }

    @Override
    protected Store openStore(FaultProxy proxy, Duration timeout) {
        return RedisStore.builder().uri(cluster.uri()).commandTimeout(timeout).connectTimeout(timeout).keyPrefix(prefixOnFirstNode()).build();
    }

    /** Scenario 3: the data's master killed (SIGKILL) and restarted on the same port and folder (AOF, fsync always). */
    @Override
    protected ServerControl serverControl(FaultProxy proxy) {
        return new ServerControl() {
            @Override
            public void kill() {
                cluster.kill(dataNode);
            }

            @Override
            public void restart() {
                cluster.restart(dataNode);
            }

            @Override
            public String description() {
                return "the data's cluster master killed (SIGKILL) and restarted on the same port and folder before a failover"
                        + " (cluster-node-timeout 3 s, no replicas); appendonly yes, appendfsync always";
            }
        };
    }

    /**
     * A cluster connection queues the commands for a node it is reconnecting to (Lettuce {@code ACCEPT_COMMANDS}):
     * a call to a dead master waits up to the command timeout, {@link StoreTimeoutException}; a call whose
     * connection broke under it (in flight, or flushed into a reconnect attempt that failed) is
     * {@code StoreUnavailableException}. Lettuce's {@code REJECT_COMMANDS} would make every such call "unavailable"
     * but also refuse the first command sent to every node while its connection is being opened (store-redis
     * README, "Errors").
     */
    @Override
    protected List<Class<? extends DataAccessException>> errorsWhileServerDown() {
        return List.of(StoreUnavailableException.class, StoreTimeoutException.class);
    }

    /** A key prefix whose collections ({@code rel_parcels}, {@code rel_ledgers}) hash to slots of the first node. */
    static String prefixOnFirstNode() {
        while (true) {
            String prefix = "c" + UUID.randomUUID().toString().substring(0, 8);
            if (SlotHash.getSlot("{" + prefix + ":rel_parcels}") <= FIRST_NODE_LAST_SLOT
                    && SlotHash.getSlot("{" + prefix + ":rel_ledgers}") <= FIRST_NODE_LAST_SLOT) {
                return prefix;
            }
        }
    }
}
