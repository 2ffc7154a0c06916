package dev.stratum.store.mongo.fault;

import dev.stratum.api.Store;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.FaultScenarios;
import dev.stratum.testkit.fault.ServerControl;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/**
 * The fault scenarios on an in-process mongo-java-server of this test's own (killed and restarted on the same
 * port in scenario 3). Timeouts through the URI: {@code connectTimeoutMS}, {@code socketTimeoutMS} and
 * {@code serverSelectionTimeoutMS} all set to the scenario's operation timeout.
 */
class MongoFaultScenariosTest extends FaultScenarios {
    private final MongoTestServer server = MongoTestServer.startInProcess();

    @AfterAll
    void stopServer() {
        server.close();
    }

    /** 1 s: the in-process server's handshake alone can take several hundred ms on a loaded machine. */
    @Override
    protected Duration operationTimeout() {
        return Duration.ofSeconds(1);
    }

    /**
     * One ledger per writer: mongo-java-server (1.47) updates a stored document in place, key by key and without a
     * lock, so a concurrent reader can see a torn document (observed here: the new version with the old value) and
     * a versioned write based on it loses an increment. That is the test server, not Stratum (a real mongod writes
     * a document atomically); with a ledger per writer the scenario still checks unknown outcomes under resets.
     */
    @Override
    protected int ledgers() {
        return writers();
    }

    @Override
    protected String storeName() {
        return "mongo";
    }

    @Override
    protected FaultProxy startProxy() {
        return server.startFaultProxy();
    }

    @Override
    protected Store openStore(FaultProxy proxy, Duration timeout) {
        long ms = timeout.toMillis();
        String uri = server.uriThrough(proxy, MongoTestServer.uniqueDatabase("fault")) + "&connectTimeoutMS=" + ms + "&socketTimeoutMS=" + ms
                + "&serverSelectionTimeoutMS=" + ms;
        // batches of 200: a 1,000-document batch took more than the 1 s socket timeout on the in-process server under load
        return MongoStore.builder().uri(uri).bulkBatchSize(200).build();
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
                return "in-process mongo-java-server: port closed and connections dropped, then a new server on the same port over the"
                        + " same memory backend (no journal to test: a real mongod would need w:majority/j:true for this promise)";
            }
        };
    }
}
