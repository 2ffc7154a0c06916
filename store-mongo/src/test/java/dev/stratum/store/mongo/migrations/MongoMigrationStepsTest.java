package dev.stratum.store.mongo.migrations;

import com.mongodb.client.MongoDatabase;
import dev.stratum.api.Store;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.testkit.MigrationStepsKit;
import dev.stratum.testkit.mongo.MongoTestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Portable migration steps on MongoDB; the takeover survivor uses a second client. */
class MongoMigrationStepsTest extends MigrationStepsKit {
    private static MongoStore store;
    private static MongoStore other;

    @BeforeAll
    static void open() {
        String uri = MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("steps"));
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
    protected Store secondStore() {
        return other;
    }
}
