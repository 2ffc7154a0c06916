package dev.stratum.store.firestore.migrations;

import dev.stratum.api.Query;
import dev.stratum.api.Store;
import dev.stratum.testkit.MigrationEngineScenarios;
import dev.stratum.store.firestore.FirestoreStore;
import dev.stratum.store.firestore.internal.FirestoreMigrationTarget;
import dev.stratum.testkit.firestore.FirestoreTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The migration engine's concurrency and fault scenarios on Firestore, engines alternating between two clients. */
class FirestoreMigrationEngineScenariosTest extends MigrationEngineScenarios {
    private static FirestoreStore store;
    private static FirestoreStore other;

    @BeforeAll
    static void open() {
        String project = FirestoreTestServer.uniqueProjectId("eng");
        String host = FirestoreTestServer.shared().emulatorHost();
        store = FirestoreStore.builder().projectId(project).emulatorHost(host).build();
        other = FirestoreStore.builder().projectId(project).emulatorHost(host).build();
    }

    @AfterAll
    static void close() {
        store.close();
        other.close();
    }

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected Store store(int engine) {
        return engine % 2 == 0 ? store : other;
    }

    @Override
    protected void resetStore() {
        ((FirestoreMigrationTarget) store.migrationTarget()).reset();
        markers().deleteAll(Query.all());
    }
}
