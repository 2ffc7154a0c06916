package dev.stratum.store.elastic.fault;

import dev.stratum.api.Store;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.store.elastic.RefreshPolicy;
import dev.stratum.testkit.domain.Ledger;
import dev.stratum.testkit.domain.Parcel;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.fault.FaultScenarios;
import java.time.Duration;

/**
 * The fault scenarios on the shared Elasticsearch test server through a fault proxy. Scenario 3 takes the server
 * down at the proxy (the shared server's process serves the module's other tests, and a restart costs 10–20 s
 * here); the report says so.
 */
class ElasticFaultScenariosTest extends FaultScenarios {
    /** 2 s: creating a store's index template and index (on first use, through the proxy) takes over 500 ms here. */
    @Override
    protected Duration operationTimeout() {
        return Duration.ofSeconds(2);
    }

    @Override
    protected String storeName() {
        return "elasticsearch";
    }

    @Override
    protected FaultProxy startProxy() {
        return ElasticTestServer.shared().startFaultProxy();
    }

    /**
     * The store under test, through the proxy with {@code timeout}; its indexes are created first by a direct
     * store with the default timeouts. Creating an index (template, index, alias: cluster-state updates) took
     * more than the 2 s socket timeout on the loaded test machine, so every scenario used to fail in
     * {@code repository()} before any fault was injected; index creation is not what the scenarios test.
     */
    @Override
    protected Store openStore(FaultProxy proxy, Duration timeout) {
        String prefix = ElasticTestServer.uniquePrefix("fault");
        try (ElasticStore direct = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(prefix).replicas(0).build()) {
            direct.repository(Parcel.class);
            direct.repository(Ledger.class);
        }
        // ledgers (scenario 4) are only read by id (a real-time GET) and written with if_seq_no: no refresh needed, and a
        // forced refresh per increment made the scenario take minutes on the loaded machine
        ElasticStore store = ElasticStore.builder().uri(ElasticTestServer.shared().uriThrough(proxy)).indexPrefix(prefix)
                .replicas(0).connectTimeout(timeout).socketTimeout(timeout).refresh(Ledger.class, RefreshPolicy.NONE)
                // bulk requests of 200: a 1,000-document bulk (the default) with its refresh took more than the 2 s socket
                // timeout on the loaded server, so every retry round of scenario 1 timed out again on its first batch
                .bulkBatchSize(200).build();
        // the store's own ensure() re-puts the (now unchanged) template: retried like any transient failure
        for (Class<?> type : new Class<?>[] {Parcel.class, Ledger.class}) {
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
