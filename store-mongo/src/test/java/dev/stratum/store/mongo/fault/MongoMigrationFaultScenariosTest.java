package dev.stratum.store.mongo.fault;

import dev.stratum.api.Store;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.MigrationFaultScenarios;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;

/** Scenario 6 (migrations under faults) on an in-process mongo-java-server of this test's own; the namespace is the database. */
class MongoMigrationFaultScenariosTest extends MigrationFaultScenarios {
    private final MongoTestServer server = MongoTestServer.startInProcess();

    @AfterAll
    void stopServer() {
        server.close();
    }

    /** 1 s, as in {@link MongoFaultScenariosTest}: the in-process server's handshake alone can take several hundred ms under load. */
    @Override
    protected Duration operationTimeout() {
        return Duration.ofSeconds(1);
    }

    @Override
    protected Duration leaseTime() {
        return Duration.ofSeconds(5);
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
    protected Store openStore(FaultProxy proxy, Duration timeout, String namespace) {
        long ms = timeout.toMillis();
        String uri = server.uriThrough(proxy, "stratum_" + namespace) + "&connectTimeoutMS=" + ms + "&socketTimeoutMS=" + ms
                + "&serverSelectionTimeoutMS=" + ms;
        return MongoStore.builder().uri(uri).build();
    }
}
