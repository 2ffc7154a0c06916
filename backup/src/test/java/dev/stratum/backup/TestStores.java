package dev.stratum.backup;

import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.mongodb.client.MongoDatabase;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.Query;
import dev.stratum.api.Store;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.store.redis.RedisStore;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.mongo.MongoTestServer;
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
        MEMORY, MONGODB, REDIS;

        Store open() {
            return switch (this) {
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
            if (store instanceof MongoStore m) {
                m.unwrap(MongoDatabase.class).drop();
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
