package dev.stratum.store.firestore;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Firestore store passes the whole {@link RepositoryCompatibilityKit} through the real
 * {@code google-cloud-firestore} client (on the server {@link dev.stratum.testkit.firestore.FirestoreTestServer}
 * provides: Google's emulator when {@code FIRESTORE_EMULATOR_HOST} is set, else the in-process server).
 */
class FirestoreCompatibilityTest extends RepositoryCompatibilityKit {
    private static FirestoreStore store;

    @BeforeAll
    static void open() {
        store = FirestoreTestStores.newStore("kit");
    }

    @AfterAll
    static void close() {
        store.close();
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
