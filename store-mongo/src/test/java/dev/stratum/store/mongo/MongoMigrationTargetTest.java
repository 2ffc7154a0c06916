package dev.stratum.store.mongo;

import dev.stratum.api.migration.MigrationTargets;
import com.mongodb.client.MongoDatabase;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.store.mongo.internal.MongoMigrationTarget;
import dev.stratum.testkit.MigrationTargetCompatibilityKit;
import dev.stratum.testkit.mongo.MongoTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link MigrationTargetCompatibilityKit} on MongoDB, with two stores (two clients) competing for the lock. */
class MongoMigrationTargetTest extends MigrationTargetCompatibilityKit {
    static MongoStore store;
    static MongoStore other;

    @BeforeAll
    static void start() {
        String uri = MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("migrations"));
        store = MongoStore.open(uri);
        other = MongoStore.open(uri);
    }

    @AfterAll
    static void stop() {
        store.unwrap(MongoDatabase.class).drop();
        store.close();
        other.close();
    }

    @Override
    protected MigrationTarget target() {
        return MigrationTargets.of(store);
    }

    @Override
    protected MigrationTarget secondTarget() {
        return MigrationTargets.of(other);
    }

    /** Frees the lock and empties the history natively, keeping the token counter. */
    @Override
    protected void resetTarget() {
        ((MongoMigrationTarget) MigrationTargets.of(store)).reset();
    }
}
