package dev.stratum.backup.internal;

import com.mongodb.ClientSessionOptions;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import dev.stratum.api.Capability;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.Store;
import dev.stratum.api.spi.DocumentAccess;
import dev.stratum.backup.Consistency;
import dev.stratum.backup.ExportConsistency;
import dev.stratum.store.mongo.MongoStore;
import java.util.Iterator;
import java.util.Map;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonTimestamp;
import org.bson.codecs.configuration.CodecRegistries;
import org.jspecify.annotations.Nullable;

/**
 * MongoDB's strongest export read: on a replica set or sharded cluster running MongoDB 5.0+, one
 * {@code ClientSession} with {@code snapshot(true)} on the store's {@code MongoClient} ({@code unwrap});
 * every collection is read in it (read concern {@code snapshot}; the server fixes {@code atClusterTime}
 * on the first read and the session keeps it), so all types come from one point in time. Documents
 * are decoded with the store's own codec ({@link MongoStore#neutralDocumentCodec}), so they are exactly what the
 * repository would read. On a standalone server or {@code mongo-java-server} (no snapshot reads) it
 * reads one cursor per collection through {@link Repository#stream} and records that.
 *
 * <p>Found by {@link java.util.ServiceLoader}; only usable when {@code stratum-store-mongo} is on the
 * class path (the module's dependency on it is optional).
 */
public final class MongoSnapshotConsistency implements ExportConsistency {
    private final boolean forceNativeReads;

    public MongoSnapshotConsistency() {
        this(false);
    }

    /**
     * {@code forceNativeReads}: read with the native cursor and codec even without a snapshot session
     * (so the native read path can be tested on servers without snapshot reads).
     */
    public MongoSnapshotConsistency(boolean forceNativeReads) {
        this.forceNativeReads = forceNativeReads;
    }

    @Override
    public boolean supports(Store store) {
        return store instanceof MongoStore;
    }

    @Override
    public ReadScope open(Store store) {
        MongoStore mongo = (MongoStore) store;
        String version = String.valueOf(mongo.health().serverVersion());
        boolean replicated = mongo.capabilities().supports(Capability.TRANSACTIONS);
        if (replicated && major(version) >= 5) {
            ClientSession session = mongo.unwrap(MongoClient.class).startSession(ClientSessionOptions.builder().snapshot(true).build());
            return new Scope(mongo, session, null);
        }
        String why = !replicated ? "standalone server or mongo-java-server (no snapshot reads)" : "MongoDB " + version + " (snapshot reads need 5.0+)";
        return new Scope(mongo, null, new Consistency(Consistency.Level.BEST_EFFORT, "mongodb: one cursor per collection; " + why,
                "a document changed during the export may be read in either state; documents inserted or deleted meanwhile may or may"
                        + " not be included"));
    }

    private static int major(String version) {
        try {
            return Integer.parseInt(version.split("\\.")[0]);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private final class Scope implements ReadScope {
        private final MongoStore store;
        private final @Nullable ClientSession session;
        private final @Nullable Consistency fallback;

        Scope(MongoStore store, @Nullable ClientSession session, @Nullable Consistency fallback) {
            this.store = store;
            this.session = session;
            this.fallback = fallback;
        }

        @Override
        public Consistency consistency() {
            if (session == null) {
                return Objects.requireNonNull(fallback);
            }
            BsonTimestamp at = session.getSnapshotTimestamp();
            return new Consistency(Consistency.Level.SNAPSHOT, "mongodb: snapshot session, readConcern snapshot"
                    + (at == null ? "" : ", atClusterTime " + at.getTime() + ":" + at.getInc()),
                    "every type read at the same cluster time; writes after it are not included");
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public <T> Stream<T> stream(Repository<T, ?> repository, Query query) {
            if (session == null && !forceNativeReads) {
                return repository.stream(query);
            }
            String idProperty = repository.metadata().idProperty();
            MongoCollection<Map> c = repository.unwrap(MongoCollection.class).withDocumentClass(Map.class)
                    .withCodecRegistry(CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(MongoStore.neutralDocumentCodec(idProperty)),
                            repository.unwrap(MongoCollection.class).getCodecRegistry()));
            BsonDocument filter = store.nativeFilter(repository.metadata().type(), query);
            BsonDocument sort = new BsonDocument();
            for (Sort s : query.sort()) {
                sort.append(s.field().equals(idProperty) ? "_id" : s.field(), new BsonInt32(s.ascending() ? 1 : -1));
            }
            FindIterable<Map> it = (session == null ? c.find(filter) : c.find(session, filter)).sort(sort).batchSize(1000);
            MongoCursor<Map> cursor = it.iterator();
            DocumentAccess access = repository.unwrap(DocumentAccess.class);
            Class<T> type = repository.metadata().type();
            Spliterator<T> split = Spliterators.spliteratorUnknownSize(new Iterator<T>() {
                @Override
                public boolean hasNext() {
                    return cursor.hasNext();
                }

                @Override
                public T next() {
                    return access.mapper().fromDocument((Map<String, ?>) cursor.next(), type);
                }
            }, Spliterator.ORDERED | Spliterator.NONNULL);
            return StreamSupport.stream(split, false).onClose(cursor::close);
        }

        @Override
        public void close() {
            if (session != null) {
                session.close();
            }
        }
    }
}
