package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testkit.mongo.MongoTestServer;
import org.junit.jupiter.api.Test;

/** The testkit's MongoDB provisioning: database URIs and the shared server. */
class MongoTestServerTest {

    @Test
    void aDatabaseReplacesThePathAndKeepsOptionsAndTheAuthSource() {
        assertThat(MongoTestServer.withDatabase("mongodb://127.0.0.1:4000", "t")).isEqualTo("mongodb://127.0.0.1:4000/t");
        assertThat(MongoTestServer.withDatabase("mongodb://h1,h2/?replicaSet=rs0", "t")).isEqualTo("mongodb://h1,h2/t?replicaSet=rs0");
        assertThat(MongoTestServer.withDatabase("mongodb://app:pw@h/admin?tls=true", "t"))
                .isEqualTo("mongodb://app:pw@h/t?tls=true&authSource=admin");
        assertThat(MongoTestServer.withDatabase("mongodb://app:pw@h/other?authSource=admin", "t"))
                .isEqualTo("mongodb://app:pw@h/t?authSource=admin");
        assertThat(MongoTestServer.withDatabase("mongodb+srv://app:pw@cluster0.example.net/", "t"))
                .isEqualTo("mongodb+srv://app:pw@cluster0.example.net/t");
    }

    @Test
    void theSharedServerIsOneServerThatAStoreReaches() {
        MongoTestServer a = MongoTestServer.shared();
        assertThat(MongoTestServer.shared()).isSameAs(a);
        assertThat(a.toString()).doesNotContain("mongodb://");
        assertThat(MongoTestServer.uniqueDatabase("Some Tests!")).matches("stratum_some_tests__[0-9a-f]{8}");
        try (MongoStore store = MongoStore.open(a.uri(MongoTestServer.uniqueDatabase("shared")))) {
            assertThat(store.health().up()).isTrue();
            assertThat(store.health().details().get("server")).isEqualTo(a.isRealMongoDB() ? "mongodb" : "mongo-java-server");
        }
    }
}
