package dev.stratum.testkit;

import dev.stratum.api.Repository;
import dev.stratum.testkit.memory.InMemoryStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The in-memory reference store passes the whole {@link RepositoryCompatibilityKit}. */
class InMemoryCompatibilityTest extends RepositoryCompatibilityKit {
    private static InMemoryStore store;

    @BeforeAll
    static void createStore() {
        store = InMemoryStore.create();
    }

    @AfterAll
    static void closeStore() {
        store.close();
    }

    @Override
    protected java.util.Optional<dev.stratum.api.Store> store() {
        return java.util.Optional.of(store);
    }

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return store.repository(entityType);
    }
}
