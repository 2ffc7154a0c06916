package dev.stratum.store.mongo.internal;

import com.mongodb.MongoException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.QueryNotSupportedException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Index DDL on one MongoDB collection for {@code IndexOperations}: native indexes through
 * {@code createIndex}/{@code dropIndex}/{@code listIndexes}. MongoDB builds the index over the existing
 * documents and enforces a unique one on every later write itself; a unique index over duplicated
 * values fails on the server (E11000) and leaves no index behind.
 */
public final class MongoIndexOperations {
    private final MongoConnection connection;

    public MongoIndexOperations(MongoConnection connection) {
        this.connection = connection;
    }

    /** Refuses, without I/O, what this store cannot create. */
    public static void checkCreatable(IndexDefinition index) {
        if (index.text()) {
            throw new QueryNotSupportedException("mongodb", "createIndex of a text index '" + index.name() + "'",
                    "a collection has one text index, declared with @Indexed(text = true)");
        }
    }

    /** Creates {@code index} unless one of the same name and shape exists. */
    public boolean create(String collection, IndexDefinition index) {
        checkCreatable(index);
        return connection.call("create index '" + index.name() + "' on " + collection, () -> {
            Optional<IndexDefinition> existing = find(collection, index.name());
            if (existing.isPresent()) {
                if (existing.get().sameShape(index)) {
                    return false;
                }
                throw new IllegalStateException(collection + " has an index '" + index.name() + "' of another shape: " + existing.get()
                        + " (wanted " + index + "); drop it first");
            }
            Document keys = new Document();
            index.fields().forEach(f -> keys.append(f.path(), f.ascending() ? 1 : -1));
            IndexOptions options = new IndexOptions().name(index.name()).unique(index.unique()).sparse(index.sparse());
            if (index.ttlSeconds() > 0) {
                options.expireAfter(index.ttlSeconds(), TimeUnit.SECONDS);
            }
            try {
                connection.database().getCollection(collection).createIndex(keys, options);
            } catch (MongoException e) {
                if (e.getCode() == 11000) {
                    throw new DuplicateKeyException("cannot create unique index '" + index.name() + "' on " + collection
                            + ": existing documents share a value (" + e.getMessage() + "); no index was created", e);
                }
                throw e;
            }
            return true;
        });
    }

    /** Drops the index named {@code name} if it exists. */
    public boolean drop(String collection, String name) {
        return connection.call("drop index '" + name + "' of " + collection, () -> {
            if (find(collection, name).isEmpty()) {
                return false;
            }
            try {
                connection.database().getCollection(collection).dropIndex(name);
            } catch (MongoException e) {
                if (e.getCode() != 27) { // IndexNotFound: dropped concurrently
                    throw e;
                }
            }
            return true;
        });
    }

    /** The collection's indexes but {@code _id_} and text indexes. */
    public List<IndexDefinition> list(String collection) {
        return connection.call("list the indexes of " + collection, () -> {
            List<IndexDefinition> out = new ArrayList<>();
            MongoCollection<Document> c = connection.database().getCollection(collection);
            for (Document d : c.listIndexes()) {
                Document key = d.get("key", Document.class);
                if (key == null || "_id_".equals(d.getString("name")) || key.values().stream().anyMatch(v -> !(v instanceof Number))) {
                    continue;
                }
                List<IndexDefinition.Field> fields = new ArrayList<>();
                key.forEach((k, v) -> fields.add(new IndexDefinition.Field(k, ((Number) v).doubleValue() > 0)));
                long ttl = d.get("expireAfterSeconds") instanceof Number n ? n.longValue() : 0;
                out.add(new IndexDefinition(d.getString("name"), fields, flag(d.get("unique")), flag(d.get("sparse")), false, ttl));
            }
            return out;
        });
    }

    private Optional<IndexDefinition> find(String collection, String name) {
        if (connection.database().listCollectionNames().filter(new Document("name", collection)).first() == null) {
            return Optional.empty();
        }
        return list(collection).stream().filter(i -> i.name().equals(name)).findFirst();
    }

    private static boolean flag(@Nullable Object v) {
        return Boolean.TRUE.equals(v) || (v instanceof Number n && n.intValue() != 0);
    }
}
