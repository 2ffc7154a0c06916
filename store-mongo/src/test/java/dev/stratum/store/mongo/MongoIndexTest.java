package dev.stratum.store.mongo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.IndexOptions;
import dev.stratum.api.CompoundIndex;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Repository;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.jspecify.annotations.Nullable;

/** Indexes from entity metadata: created at repository creation or on request, idempotently, conflicts reported with both definitions. */
class MongoIndexTest {

    @Entity("accounts")
    @CompoundIndex(name = "by_team_joined", fields = {"team", "-joined"}, unique = true)
    record Account(@Id @Nullable String id, @Indexed(unique = true) String email, @Indexed(sparse = true) @Nullable String nickname,
            String team, Instant joined, @Indexed(ttlSeconds = 3600) @Nullable Instant lastSeen, @Indexed(text = true) @Nullable String bio,
            @Indexed(text = true) @Nullable String notes) {

        static Account of(String email, String team, Instant joined) {
            return new Account(null, email, null, team, joined, null, null, null);
        }
    }

    MongoStore store;

    @BeforeEach
    void open() {
        store = TestStores.create("indexes");
    }

    @AfterEach
    void close() {
        TestStores.dropAndClose(store);
    }

    private Map<String, Document> indexes(String collection) {
        List<Document> all = store.unwrap(MongoDatabase.class).getCollection(collection).listIndexes().into(new ArrayList<>());
        return all.stream().collect(Collectors.toMap(d -> d.getString("name"), Function.identity()));
    }

    @Test
    void theDeclaredIndexesAreCreatedWithTheRepository() {
        store.repository(Account.class);
        Map<String, Document> idx = indexes("accounts");
        assertThat(idx).containsKeys("_id_", "email_1", "nickname_1", "by_team_joined", "lastSeen_1", "bio_notes_text");
        assertThat(idx.get("email_1").get("key", Document.class)).isEqualTo(new Document("email", 1));
        assertThat(idx.get("email_1").getBoolean("unique")).isTrue();
        assertThat(idx.get("nickname_1").getBoolean("sparse")).isTrue();
        assertThat(idx.get("by_team_joined").get("key", Document.class)).isEqualTo(new Document("team", 1).append("joined", -1));
        assertThat(idx.get("by_team_joined").getBoolean("unique")).isTrue();
        assertThat(((Number) idx.get("lastSeen_1").get("expireAfterSeconds")).longValue()).isEqualTo(3600);
    }

    @Test
    void ensureIndexesIsIdempotent() {
        store.repository(Account.class);
        Map<String, Document> before = indexes("accounts");
        store.ensureIndexes(Account.class);
        store.ensureIndexes(Account.class);
        assertThat(indexes("accounts").keySet()).isEqualTo(before.keySet());
        try (MongoStore second = MongoStore.create(MongoStoreConfig.from(store.config()).build())) {
            second.repository(Account.class); // another application instance starting up
        }
        assertThat(indexes("accounts").keySet()).isEqualTo(before.keySet());
    }

    @Test
    void withoutAutomaticCreationIndexesWaitForEnsureIndexes() {
        try (MongoStore manual = MongoStore.create(MongoStoreConfig.from(store.config()).createIndexes(false).build())) {
            manual.repository(Account.class).insert(Account.of("a@example.com", "core", Instant.EPOCH));
            assertThat(indexes("accounts")).containsOnlyKeys("_id_");
            manual.ensureIndexes(Account.class);
            assertThat(indexes("accounts")).containsKeys("email_1", "by_team_joined");
        }
    }

    @Test
    void anExistingIndexWithTheSameNameButOtherOptionsIsAConflictNamingBoth() {
        store.unwrap(MongoDatabase.class).getCollection("accounts").createIndex(new Document("email", 1), new IndexOptions().name("email_1"));
        assertThatThrownBy(() -> store.repository(Account.class))
                .isInstanceOf(MongoIndexConflictException.class)
                .hasMessageContaining("accounts")
                .hasMessageContaining("{name: 'email_1', key: {\"email\": 1}, unique: true}")
                .hasMessageContaining("\"name\": \"email_1\"")
                .satisfies(e -> {
                    MongoIndexConflictException c = (MongoIndexConflictException) e;
                    assertThat(c.collection()).isEqualTo("accounts");
                    assertThat(c.declared()).contains("unique: true");
                    assertThat(c.existing()).doesNotContain("unique");
                });
    }

    @Test
    void anExistingIndexOnTheSameKeysWithOtherOptionsIsAConflict() {
        store.unwrap(MongoDatabase.class).getCollection("accounts").createIndex(new Document("team", 1).append("joined", -1),
                new IndexOptions().name("legacy_team_index"));
        assertThatThrownBy(() -> store.repository(Account.class))
                .isInstanceOf(MongoIndexConflictException.class)
                .hasMessageContaining("by_team_joined")
                .hasMessageContaining("legacy_team_index");
    }

    @Test
    void anEquivalentIndexUnderAnotherNameIsKept() {
        store.unwrap(MongoDatabase.class).getCollection("accounts").createIndex(new Document("email", 1),
                new IndexOptions().name("unique_email").unique(true));
        store.repository(Account.class);
        assertThat(indexes("accounts")).containsKey("unique_email").doesNotContainKey("email_1");
    }

    @Test
    void aUniqueIndexClashNamesTheIndex() {
        Repository<Account, String> accounts = store.repository(Account.class);
        accounts.insert(Account.of("ann@example.com", "core", Instant.parse("2024-01-01T00:00:00Z")));
        assertThatThrownBy(() -> accounts.insert(Account.of("ann@example.com", "web", Instant.parse("2024-01-02T00:00:00Z"))))
                .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("email_1")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("ann@example.com"))
                .hasCauseInstanceOf(com.mongodb.MongoWriteException.class);
        assertThatThrownBy(() -> accounts.insert(Account.of("bob@example.com", "core", Instant.parse("2024-01-01T00:00:00Z"))))
                .isInstanceOf(DuplicateKeyException.class).hasMessageContaining("by_team_joined");
    }
}
