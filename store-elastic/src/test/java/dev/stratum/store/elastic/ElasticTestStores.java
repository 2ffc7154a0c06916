package dev.stratum.store.elastic;

import dev.stratum.testkit.elastic.ElasticTestServer;

/** Stores on the shared test server, each with its own index prefix so test classes never see each other's data. */
final class ElasticTestStores {
    private ElasticTestStores() {}

    static ElasticStore newStore(String name) {
        return builder(name).build();
    }

    static ElasticStoreConfig.Builder<ElasticStore> builder(String name) {
        return ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(ElasticTestServer.uniquePrefix(name)).replicas(0);
    }
}
