package dev.stratum.store.firestore;

import dev.stratum.testkit.firestore.FirestoreTestServer;

/**
 * Stores on the shared test server ({@link FirestoreTestServer#shared()}: {@code FIRESTORE_EMULATOR_HOST} when
 * set, else the in-process server), each in its own project so test classes never see each other's data.
 */
final class FirestoreTestStores {
    private FirestoreTestStores() {}

    static String newProject(String prefix) {
        return FirestoreTestServer.uniqueProjectId(prefix);
    }

    static FirestoreStore newStore(String prefix) {
        return store(newProject(prefix));
    }

    static FirestoreStore store(String project) {
        return FirestoreStore.builder().projectId(project).emulatorHost(FirestoreTestServer.shared().emulatorHost()).build();
    }
}
