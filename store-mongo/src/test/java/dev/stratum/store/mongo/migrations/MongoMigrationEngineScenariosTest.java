package dev.stratum.store.mongo.migrations;

import com.mongodb.client.MongoDatabase;
import dev.stratum.api.Query;
import dev.stratum.api.Store;
import dev.stratum.testkit.MigrationEngineScenarios;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.testkit.mongo.MongoTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The migration engine's concurrency and fault scenarios on MongoDB (4 engines at once, a killed runner
 * taken over, a stale fencing token refused), engines alternating between two clients.
 */
class MongoMigrationEngineScenariosTest extends MigrationEngineScenarios {
    private static MongoStore store;
    private static MongoStore other;

    @BeforeAll
    static void open() {
        String uri = MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("engine"));
        store = MongoStore.builder().uri(uri).build();
        other = MongoStore.builder().uri(uri).build();
    }

    @AfterAll
    static void close() {
        store.unwrap(MongoDatabase.class).drop();
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

    /** Wipes history and lease natively (one document) instead of waiting for a leftover lease to expire. */
    @Override
    protected void resetStore() {
        store.unwrap(MongoDatabase.class).getCollection(store.config().migrationCollection()).drop();
        markers().deleteAll(Query.all());
    }
}
