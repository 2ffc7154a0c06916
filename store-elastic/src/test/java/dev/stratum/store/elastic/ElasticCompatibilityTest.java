package dev.stratum.store.elastic;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Elasticsearch store passes the whole {@link RepositoryCompatibilityKit} on a real server (see
 * {@link dev.stratum.testkit.elastic.ElasticTestServer} for where it comes from).
 */
class ElasticCompatibilityTest extends RepositoryCompatibilityKit {
    private static ElasticStore store;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("kit");
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return store.repository(entityType);
    }

    /** Typed repositories and transactions (the kit's StoreEntryPoints group). */
    @Override
    protected Optional<Store> store() {
        return Optional.of(store);
    }
}
