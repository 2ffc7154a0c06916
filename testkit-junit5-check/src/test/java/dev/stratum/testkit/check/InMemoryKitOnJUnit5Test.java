package dev.stratum.testkit.check;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import dev.stratum.testkit.memory.InMemoryStore;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The whole repository kit, run by JUnit 5 as a service's test would run it. */
class InMemoryKitOnJUnit5Test extends RepositoryCompatibilityKit {
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
    protected Optional<Store> store() {
        return Optional.of(store);
    }

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return store.repository(entityType);
    }
}
