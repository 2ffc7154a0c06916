package dev.stratum.store.mongo;

import com.mongodb.client.MongoDatabase;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.util.function.UnaryOperator;

/** Stores on the shared test server, each on a database of its own that is dropped when the store is closed. */
final class TestStores {
    private TestStores() {}

    static MongoStore create(String prefix) {
        return create(prefix, b -> b);
    }

    static MongoStore create(String prefix, UnaryOperator<MongoStoreConfig.Builder<MongoStore>> customize) {
        return customize.apply(MongoStore.builder().uri(MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase(prefix)))).build();
    }

    /** Drops the store's database and closes it. */
    static void dropAndClose(MongoStore store) {
        try {
            store.unwrap(MongoDatabase.class).drop();
        } finally {
            store.close();
        }
    }
}
