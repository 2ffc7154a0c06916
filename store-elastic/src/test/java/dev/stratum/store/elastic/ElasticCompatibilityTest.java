package dev.stratum.store.elastic;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.ConcurrentWriters;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Elasticsearch store passes the whole {@link RepositoryCompatibilityKit} on a real server (see
 * {@link dev.stratum.testkit.elastic.ElasticTestServer} for where it comes from), with the concurrent-writers check at
 * the size issue 12 asks for ({@link #concurrentWriters()}).
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

    /**
     * 16 writers × 200 versioned increments of one document, each retried on {@code OptimisticLockException}
     * ({@code if_seq_no}/{@code if_primary_term} conflicts): value 3,200, version 3,201, and the writers did collide.
     * The decorated kit keeps the default size.
     */
    @Override
    protected ConcurrentWriters concurrentWriters() {
        return ConcurrentWriters.of(16, 200).expectingConflicts();
    }

    /** Typed repositories and transactions (the kit's StoreEntryPoints group). */
    @Override
    protected Optional<Store> store() {
        return Optional.of(store);
    }
}
