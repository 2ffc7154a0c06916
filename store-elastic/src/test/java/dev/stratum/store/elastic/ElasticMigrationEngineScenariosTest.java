package dev.stratum.store.elastic;

import dev.stratum.api.Query;
import dev.stratum.api.Store;
import dev.stratum.testkit.MigrationEngineScenarios;
import dev.stratum.store.elastic.internal.ElasticMigrationTarget;
import dev.stratum.testkit.elastic.ElasticTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The migration engine's concurrency and fault scenarios on Elasticsearch, engines alternating between two clients. */
class ElasticMigrationEngineScenariosTest extends MigrationEngineScenarios {
    private static ElasticStore store;
    private static ElasticStore other;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("eng");
        other = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(store.config().indexPrefix()).build();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected Store store(int engine) {
        return engine % 2 == 0 ? store : other;
    }

    /**
     * Every lock step is an HTTP round trip (real-time GET, then a conditional index), which took over
     * 100 ms on the loaded 2-core CI machine: with the default 400 ms a heartbeat could come too late
     * and the (correctly fenced) runner lost its lease mid-migration. Two seconds keep the takeover
     * scenarios short while leaving room for a few slow round trips.
     */
    @Override
    protected java.time.Duration leaseTime() {
        return java.time.Duration.ofSeconds(2);
    }

    @Override
    protected void resetStore() {
        ((ElasticMigrationTarget) store.migrationTarget()).reset();
        markers().deleteAll(Query.all());
    }
}
