package dev.stratum.store.elastic;

import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.store.elastic.internal.ElasticMigrationTarget;
import dev.stratum.testkit.MigrationTargetCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The {@link MigrationTargetCompatibilityKit} on Elasticsearch, with two stores (two clients) competing for the lock. */
class ElasticMigrationTargetTest extends MigrationTargetCompatibilityKit {
    static ElasticStore store;
    static ElasticStore other;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("mig");
        other = ElasticStore.builder().uri(dev.stratum.testkit.elastic.ElasticTestServer.shared().uri())
                .indexPrefix(store.config().indexPrefix()).build();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
        if (other != null) {
            other.close();
        }
    }

    @Override
    protected MigrationTarget target() {
        return store.migrationTarget();
    }

    @Override
    protected MigrationTarget secondTarget() {
        return other.migrationTarget();
    }

    /** Frees the lock and empties the history natively, keeping the token counter. */
    @Override
    protected void resetTarget() {
        ((ElasticMigrationTarget) store.migrationTarget()).reset();
    }
}
