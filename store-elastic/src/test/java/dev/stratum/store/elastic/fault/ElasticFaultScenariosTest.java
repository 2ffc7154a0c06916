package dev.stratum.store.elastic.fault;

import dev.stratum.api.Store;
import dev.stratum.store.elastic.ElasticStore;
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

    @Override
    protected Store openStore(FaultProxy proxy, Duration timeout) {
        return ElasticStore.builder().uri(ElasticTestServer.shared().uriThrough(proxy)).indexPrefix(ElasticTestServer.uniquePrefix("fault"))
                .replicas(0).connectTimeout(timeout).socketTimeout(timeout).build();
    }
}
