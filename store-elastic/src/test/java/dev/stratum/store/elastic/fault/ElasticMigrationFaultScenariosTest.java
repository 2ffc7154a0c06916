package dev.stratum.store.elastic.fault;

import dev.stratum.api.Store;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.testkit.MigrationEngineScenarios.ScenarioMarker;
import dev.stratum.testkit.domain.Parcel;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.MigrationFaultScenarios;
import java.time.Duration;

/**
 * Scenario 6 (migrations under faults) on the shared Elasticsearch test server; the namespace is the index prefix.
 * The indexes (entities, migration history and lock) are created first by a direct store with the default timeouts,
 * as in {@link ElasticFaultScenariosTest}: index creation took more than the 2 s socket timeout on the loaded machine.
 */
class ElasticMigrationFaultScenariosTest extends MigrationFaultScenarios {
    /** 5 s: with 2 s, runner A's backfill writes (each with a refresh) sometimes timed out on the loaded server before the fault. */
    @Override
    protected Duration operationTimeout() {
        return Duration.ofSeconds(5);
    }

    @Override
    protected Duration leaseTime() {
        return Duration.ofSeconds(20);
    }

    /** 60 (the fault after 30): each backfilled document is written with a refresh, slow on the loaded test server. */
    @Override
    protected int entities() {
        return 60;
    }

    @Override
    protected String storeName() {
        return "elasticsearch";
    }

    @Override
    protected FaultProxy startProxy() {
        return ElasticTestServer.shared().startFaultProxy();
    }

    @Override
    protected Store openStore(FaultProxy proxy, Duration timeout, String namespace) {
        try (ElasticStore direct = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(namespace).replicas(0).build()) {
            direct.repository(Parcel.class);
            direct.repository(ScenarioMarker.class);
            MigrationTargets.of(direct).history();
        }
        ElasticStore store = ElasticStore.builder().uri(ElasticTestServer.shared().uriThrough(proxy)).indexPrefix(namespace).replicas(0)
                .connectTimeout(timeout).socketTimeout(timeout).build();
        for (Class<?> type : new Class<?>[] {Parcel.class, ScenarioMarker.class}) {
            for (int attempt = 1; ; attempt++) {
                try {
                    store.repository(type);
                    break;
                } catch (StoreTimeoutException e) {
                    if (attempt == 5) {
                        throw e;
                    }
                }
            }
        }
        return store;
    }
}
