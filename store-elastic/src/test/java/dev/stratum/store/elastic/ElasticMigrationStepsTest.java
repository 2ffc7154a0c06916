package dev.stratum.store.elastic;

import dev.stratum.api.Store;
import dev.stratum.testkit.MigrationStepsKit;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Portable migration steps on a real Elasticsearch; a second client survives the takeover. */
class ElasticMigrationStepsTest extends MigrationStepsKit {
    private static ElasticStore store;
    private static ElasticStore other;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("steps");
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
    protected Store secondStore() {
        return other;
    }

    /** Lock round trips are HTTP calls (see ElasticMigrationEngineScenariosTest): a longer lease. */
    @Override
    protected Duration leaseTime() {
        return Duration.ofSeconds(2);
    }
}
