package dev.stratum.backup;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoDatabase;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.Query;
import dev.stratum.api.Store;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.store.firestore.FirestoreStore;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.mongo.MongoTestServer;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.firestore.FirestoreTestServer;
import dev.stratum.testkit.redis.RedisTestServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/** The stores the tests run on, each fresh (own database / key prefix), and the canonical form they compare. */
final class TestStores {
    private TestStores() {}

    enum Kind {
        MEMORY, MONGODB, REDIS, ELASTICSEARCH, FIRESTORE;

        Store open() {
            return switch (this) {
                // one shared server per kind for the whole test JVM; each store gets its own prefix / project
                case ELASTICSEARCH -> ElasticStore.builder().uri(ElasticTestServer.shared().uri())
                        .indexPrefix(ElasticTestServer.uniquePrefix("backup")).replicas(0).build();
                case FIRESTORE -> FirestoreStore.builder().projectId(FirestoreTestServer.uniqueProjectId("backup"))
                        .emulatorHost(FirestoreTestServer.shared().emulatorHost()).build();
                case MEMORY -> InMemoryStore.create();
                case MONGODB -> MongoStore.builder().uri(MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("backup"))).build();
                case REDIS -> RedisStore.builder().uri(RedisTestServer.shared().uri())
                        .keyPrefix("b" + UUID.randomUUID().toString().substring(0, 8)).build();
            };
        }
    }

    /** A Redis store with its own key prefix and this command timeout. */
    static Store redis(java.time.Duration commandTimeout) {
        return RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("b" + UUID.randomUUID().toString().substring(0, 8))
                .commandTimeout(commandTimeout).build();
    }

    /** Drops what the store holds (MongoDB: its database) and closes it. */
    static void dispose(Store store, Class<?>... types) {
        try {
            drop(store, types);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drop(Store store, Class<?>... types) throws IOException {
        try {
            if (store instanceof MongoStore m) {
                m.unwrap(MongoDatabase.class).drop();
            } else if (store instanceof ElasticStore e) {
                // the server refuses wildcard deletes (action.destructive_requires_name): name every index and template
                String prefix = e.config().indexPrefix();
                var indices = e.unwrap(co.elastic.clients.elasticsearch.ElasticsearchClient.class).indices();
                List<String> names = List.copyOf(indices.get(g -> g.index(prefix + "*").allowNoIndices(true)).result().keySet());
                if (!names.isEmpty()) {
                    indices.delete(d -> d.index(names));
                }
                for (var t : indices.getIndexTemplate(g -> g.name(prefix + "*")).indexTemplates()) {
                    indices.deleteIndexTemplate(d -> d.name(t.name()));
                }
            } else {
                for (Class<?> t : types) {
                    store.repository(t).deleteAll(Query.all());
                }
            }
        } finally {
            store.close();
        }
    }

    private static final ObjectWriter CANONICAL = EntityMapper.defaults().objectMapper().writer()
            .with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /** The canonical neutral JSON of one entity (the archive's line form). */
    static String canonical(Object entity) {
        try {
            return new String(CANONICAL.writeValueAsBytes(EntityMapper.defaults().toDocument(entity)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every entity of a type in the store as canonical neutral JSON, sorted. */
    static <T> List<String> contents(Store store, Class<T> type) {
        try (Stream<T> s = store.<T, Object>repository(type).stream(Query.all())) {
            return s.map(TestStores::canonical).sorted().toList();
        }
    }
}
