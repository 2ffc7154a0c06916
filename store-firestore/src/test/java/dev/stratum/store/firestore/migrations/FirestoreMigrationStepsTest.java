package dev.stratum.store.firestore.migrations;

import dev.stratum.api.Store;
import dev.stratum.store.firestore.FirestoreStore;
import dev.stratum.testkit.MigrationStepsKit;
import dev.stratum.testkit.firestore.FirestoreTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Portable migration steps on Firestore (the testkit's in-process server); a second client survives. */
class FirestoreMigrationStepsTest extends MigrationStepsKit {
    private static FirestoreStore store;
    private static FirestoreStore other;

    @BeforeAll
    static void open() {
        String project = FirestoreTestServer.uniqueProjectId("steps");
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
    protected Store secondStore() {
        return other;
    }
}
