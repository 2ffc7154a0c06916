package dev.stratum.store.firestore;

import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.store.firestore.internal.FirestoreMigrationTarget;
import dev.stratum.testkit.MigrationTargetCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The Firestore migration target keeps every rule of the {@link MigrationTargetCompatibilityKit}, with two clients competing. */
class FirestoreMigrationTargetTest extends MigrationTargetCompatibilityKit {
    static FirestoreStore store;
    static FirestoreStore other;

    @BeforeAll
    static void open() {
        String project = FirestoreTestStores.newProject("mig");
        store = FirestoreTestStores.store(project);
        other = FirestoreTestStores.store(project);
    }

    @AfterAll
    static void close() {
        store.close();
        other.close();
    }

    @Override
    protected MigrationTarget target() {
        return store.migrationTarget();
    }

    @Override
    protected MigrationTarget secondTarget() {
        return other.migrationTarget();
    }

    /** Frees the lock and wipes the history; the token counter stays, so tokens keep growing. */
    @Override
    protected void resetTarget() {
        ((FirestoreMigrationTarget) store.migrationTarget()).reset();
    }
}
