package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;

import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Repository;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Who owns the driver client: a given client is used and left open; rotation never closes a client unwrap handed out. */
class MongoClientOwnershipTest {
    @Entity("owned_notes")
    record Note(@Id @Nullable String id, String text) {}

    @Test
    void aGivenClientIsUsedAndNeverClosedByTheStore() {
        MongoTestServer server = MongoTestServer.shared();
        try (MongoClient client = MongoClients.create(server.uri())) {
            String db = MongoTestServer.uniqueDatabase("given");
            try (MongoStore store = MongoStore.builder().client(client).database(db).build()) {
                assertThat(store.unwrap(MongoClient.class)).isSameAs(client);
                Repository<Note, String> notes = store.repository(Note.class);
                Note n = notes.insert(new Note(null, "on the service's own client"));
                assertThat(notes.findById(n.id())).contains(n);
                assertThat(store.config().toString()).contains("client=given");
            }
            // still open after the store closed: the service owns it
            assertThat(client.getDatabase(db).getCollection("owned_notes").countDocuments()).isEqualTo(1);
        }
    }

    @Test
    void aRotatedClientHandedOutByUnwrapStaysOpenUntilTheStoreCloses() {
        AtomicInteger version = new AtomicInteger();
        MongoStore store = MongoStore.builder().uri(MongoTestServer.shared().uri() + "/" + MongoTestServer.uniqueDatabase("rotate") + "?serverSelectionTimeoutMS=1000")
                .credentials(() -> MongoCredential.createScramSha256Credential("app", "admin", ("pw" + version.get()).toCharArray()))
                .build();
        MongoClient before = store.unwrap(MongoClient.class);
        version.incrementAndGet();
        assertThat(store.refreshCredentials()).as("a new credential: a new client").isTrue();
        MongoClient after = store.unwrap(MongoClient.class);
        assertThat(after).isNotSameAs(before);
        // mongo-java-server refuses every authentication, so a call fails either way: an open client with the server's refusal
        assertThat(use(before)).as("the unwrapped client is not closed by the rotation").isNotInstanceOf(IllegalStateException.class);
        store.close();
        assertThat(use(before)).as("closed with the store").isInstanceOf(IllegalStateException.class).hasMessageContaining("open");
        assertThat(use(after)).isInstanceOf(IllegalStateException.class);
    }

    private static @Nullable Throwable use(MongoClient client) {
        try {
            client.listDatabaseNames().first();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
