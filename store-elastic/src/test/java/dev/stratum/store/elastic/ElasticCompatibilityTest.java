package dev.stratum.store.elastic;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.ConcurrentWriters;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import dev.stratum.testkit.domain.Counter;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
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
    /** The same indexes, counters written without a refresh: for the concurrent-writers check only. */
    private static ElasticStore unrefreshedCounters;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("kit");
        unrefreshedCounters = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(store.config().indexPrefix())
                .replicas(0).refresh(Counter.class, RefreshPolicy.NONE).build();
    }

    @AfterAll
    static void close() {
        if (unrefreshedCounters != null) {
            unrefreshedCounters.close();
        }
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

    /**
     * The counters' index through a repository with {@link RefreshPolicy#NONE}: the check only inserts, reads by id
     * (real-time GET) and updates with {@code if_seq_no}/{@code if_primary_term}, exactly as under the default
     * {@code IMMEDIATE}, minus a forced shard refresh per write that only searches need (3,200 of them made the check
     * take 78 s in CI, 5½ minutes on a loaded machine). The decorated kit runs the check with {@code IMMEDIATE}.
     */
    @Override
    protected Repository<Counter, String> concurrentWritersRepository() {
        return unrefreshedCounters.repository(Counter.class);
    }

    /** The counters' index is refreshed first, so the reset's search sees what the concurrent-writers check wrote. */
    @Override
    protected void resetCollection(Repository<?, ?> repo) {
        if (repo.metadata().type() == Counter.class) {
            try {
                ElasticTestStores.http("POST", "/" + store.aliasOf(Counter.class) + "/_refresh", null);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while refreshing the counters' index", e);
            }
        }
        super.resetCollection(repo);
    }

    /** Typed repositories and transactions (the kit's StoreEntryPoints group). */
    @Override
    protected Optional<Store> store() {
        return Optional.of(store);
    }
}
