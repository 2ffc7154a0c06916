package dev.stratum.store.mongo.internal;

import com.mongodb.MongoWriteException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.CountOptions;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.result.DeleteResult;
import com.mongodb.client.result.UpdateResult;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import dev.stratum.api.Aggregation;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Filter;
import dev.stratum.api.Update;
import dev.stratum.api.spi.UpdateOutcome;
import dev.stratum.api.CursorKey;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Query;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import dev.stratum.store.mongo.MongoRepositoryOptions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonInt32;
import org.bson.BsonInt64;
import org.bson.BsonValue;
import org.bson.Document;
import org.bson.codecs.configuration.CodecRegistries;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.types.ObjectId;
import org.jspecify.annotations.Nullable;

/**
 * A {@link dev.stratum.api.Repository} over one MongoDB collection. The base class validates and
 * prepares; this class runs each operation natively:
 *
 * <ul>
 *   <li>documents go through {@link MongoDocumentCodec} (neutral map ↔ BSON, id property ↔ {@code _id});
 *   <li>filters, sorts and projections through {@link MongoFilterTranslator}, executed by the server,
 *       with limit and skip;
 *   <li>{@code stream} iterates a driver cursor fetching {@code streamBatchSize} documents per round
 *       trip, so at most one batch is held in memory; closing the stream kills the cursor;
 *   <li>versioned replaces and deletes filter on {@code {_id, version: expected}}: a miss on an existing
 *       id is a version conflict, on a missing one "not found";
 *   <li>{@code saveAll} runs unordered bulk writes ({@link MongoBulkWriter}).
 * </ul>
 *
 * <p>Every call joins the transaction bound to the thread by {@code MongoStore.inTransaction}, if any.
 *
 * @param <T> entity type
 * @param <ID> id type
 */
@SuppressWarnings({"rawtypes", "unchecked"})
public final class MongoRepository<T, ID> extends AbstractRepository<T, ID> {
    private static final int ID_BATCH = 1000;
    private static final BsonDocument ID_ONLY = new BsonDocument("_id", new BsonInt32(1));

    private final MongoConnection connection;
    private final String collectionName;
    private final MongoRepositoryOptions options;
    private final MongoDocumentCodec codec;
    private final CodecRegistry registry;
    private final MongoFilterTranslator translator;
    private final MongoBulkWriter bulkWriter;
    private final int streamBatchSize;
    private final @Nullable String versionField;
    private volatile CollectionRef ref;
    // what each call is doing, for exception messages (built once: these calls are the hot path)
    /** Per WriteOp.Kind, indexed by its ordinal: the span texts, built once per repository. */
    private final String[] writeWhat;
    private final String whatDelete;
    private final String whatDeleteAll;
    private final String whatFindById;
    private final String whatFindAllById;
    private final String whatExists;
    private final String whatFind;
    private final String whatCount;
    private final String whatUpdate;
    private final String whatUpdateAll;
    private final String whatAggregate;
    // top-level fields of sparse indexes: never written as null (MongoDB indexes an explicit null, a sparse index then clashes)
    private final Set<String> sparseFields;

    /** The collection of one client generation. */
    private record CollectionRef(long generation, MongoCollection<Map> collection) {}

    @SuppressWarnings("EnumOrdinal") // fills writeWhat, indexed by ordinal
    public MongoRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo, Clock clock,
            CursorKey cursorKey, MongoConnection connection, MongoRepositoryOptions options, int streamBatchSize, int bulkBatchSize) {
        super(metadata, mapper, capabilities, storeInfo, clock, cursorKey);
        this.connection = connection;
        this.collectionName = storeInfo.collection();
        this.options = options;
        this.sparseFields = MongoDocumentCodec.sparseFields(metadata);
        this.codec = new MongoDocumentCodec(metadata.idProperty(), sparseFields);
        this.registry = CodecRegistries.fromRegistries(CodecRegistries.fromCodecs(codec), connection.database().getCodecRegistry());
        this.translator = new MongoFilterTranslator(metadata);
        this.streamBatchSize = streamBatchSize;
        this.versionField = metadata.versionProperty().orElse(null);
        this.ref = new CollectionRef(connection.generation(), open());
        this.bulkWriter = new MongoBulkWriter(this, bulkBatchSize, versionField);
        this.writeWhat = new String[WriteOp.Kind.values().length];
        for (WriteOp.Kind k : WriteOp.Kind.values()) {
            writeWhat[k.ordinal()] = k.name().toLowerCase(Locale.ROOT) + " into " + collectionName;
        }
        this.whatDelete = "delete from " + collectionName;
        this.whatDeleteAll = "deleteAll from " + collectionName;
        this.whatFindById = "findById in " + collectionName;
        this.whatFindAllById = "findAllById in " + collectionName;
        this.whatExists = "existsById in " + collectionName;
        this.whatFind = "find in " + collectionName;
        this.whatCount = "count in " + collectionName;
        this.whatUpdate = "update in " + collectionName;
        this.whatUpdateAll = "updateAll in " + collectionName;
        this.whatAggregate = "aggregate in " + collectionName;
    }

    private MongoCollection<Map> open() {
        MongoCollection<Map> c = connection.database().getCollection(collectionName, Map.class).withCodecRegistry(registry);
        return applyOptions(c);
    }

    private <D> MongoCollection<D> applyOptions(MongoCollection<D> c) {
        if (options.writeConcern().isPresent()) {
            c = c.withWriteConcern(options.writeConcern().get());
        }
        if (options.readPreference().isPresent()) {
            c = c.withReadPreference(options.readPreference().get());
        }
        if (options.readConcern().isPresent()) {
            c = c.withReadConcern(options.readConcern().get());
        }
        return c;
    }

    /** The collection on the current client (re-opened after a credential rotation). */
    MongoCollection<Map> collection() {
        CollectionRef r = ref;
        long generation = connection.generation();
        if (r.generation != generation) {
            r = new CollectionRef(generation, open());
            ref = r;
        }
        return r.collection;
    }

    MongoConnection connection() {
        return connection;
    }

    MongoDocumentCodec codec() {
        return codec;
    }

    String collectionName() {
        return collectionName;
    }

    /** The {@code _id} filter of a neutral id. */
    static BsonDocument byId(Object id) {
        return new BsonDocument("_id", MongoValues.toBson(id));
    }

    /** The filter of a versioned write: {@code {_id: id, version: expected}}. */
    BsonDocument byIdAndVersion(Object id, @Nullable Long expected) {
        BsonDocument f = byId(id);
        if (expected != null && versionField != null) {
            f.append(versionField, new BsonInt64(expected));
        }
        return f;
    }

    // ------------------------------------------------------------------------------- writes

    @Override
    @SuppressWarnings("EnumOrdinal") // see writeWhat
    protected WriteOutcome doWrite(WriteOp op) {
        return connection.callWrite(writeWhat[op.kind().ordinal()], () -> write(op));
    }

    WriteOutcome write(WriteOp op) {
        ClientSession s = connection.session();
        MongoCollection<Map> c = collection();
        Map<String, Object> doc = op.document();
        try {
            switch (op.kind()) {
                case INSERT:
                    if (s == null) {
                        c.insertOne(doc);
                    } else {
                        c.insertOne(s, doc);
                    }
                    return WriteOutcome.WRITTEN;
                case REPLACE:
                    BsonDocument filter = byIdAndVersion(op.id(), op.expectedVersion());
                    UpdateResult r = s == null ? c.replaceOne(filter, doc) : c.replaceOne(s, filter, doc);
                    if (r.getMatchedCount() > 0) {
                        return WriteOutcome.WRITTEN;
                    }
                    return op.expectedVersion() != null && exists(op.id()) ? WriteOutcome.VERSION_CONFLICT : WriteOutcome.NOT_FOUND;
                default:
                    return upsert(c, s, op, doc, true);
            }
        } catch (MongoWriteException e) {
            if (MongoErrors.isDuplicateKey(e)) {
                if (op.kind() == WriteOp.Kind.INSERT && MongoErrors.isIdIndex(e.getError().getMessage())) {
                    return WriteOutcome.DUPLICATE_KEY;
                }
                throw MongoErrors.duplicateKey(e, "write of " + metadata.type().getSimpleName() + " '" + op.id() + "' into " + collectionName);
            }
            throw e;
        }
    }

    private WriteOutcome upsert(MongoCollection<Map> c, @Nullable ClientSession s, WriteOp op, Map<String, Object> doc, boolean retry) {
        ReplaceOptions upsert = new ReplaceOptions().upsert(true);
        try {
            if (s == null) {
                c.replaceOne(byId(op.id()), doc, upsert);
            } else {
                c.replaceOne(s, byId(op.id()), doc, upsert);
            }
            return WriteOutcome.WRITTEN;
        } catch (MongoWriteException e) {
            // two upserts of a new id racing: one inserts, the other's insert meets the _id; once more replaces
            if (retry && MongoErrors.isDuplicateKey(e) && MongoErrors.isIdIndex(e.getError().getMessage())) {
                return upsert(c, s, op, doc, false);
            }
            throw e;
        }
    }

    @Override
    protected List<WriteResult> doWriteAll(List<WriteOp> ops) {
        return bulkWriter.write(ops);
    }

    @Override
    protected WriteOutcome doDelete(Object id, @Nullable Long expectedVersion) {
        return connection.callWrite(whatDelete, () -> {
            ClientSession s = connection.session();
            BsonDocument filter = byIdAndVersion(id, expectedVersion);
            DeleteResult r = s == null ? collection().deleteOne(filter) : collection().deleteOne(s, filter);
            if (r.getDeletedCount() > 0) {
                return WriteOutcome.WRITTEN;
            }
            return expectedVersion != null && exists(id) ? WriteOutcome.VERSION_CONFLICT : WriteOutcome.NOT_FOUND;
        });
    }

    @Override
    protected long doDeleteAll(Query query) {
        return connection.callWrite(whatDeleteAll, () -> {
            ClientSession s = connection.session();
            if (query.limit() == 0 && query.offset() == 0) {
                BsonDocument filter = translator.filter(query);
                return (s == null ? collection().deleteMany(filter) : collection().deleteMany(s, filter)).getDeletedCount();
            }
            // a limit or offset picks which ones: find their ids first (in the query's order), then delete those
            List<BsonValue> ids = new ArrayList<>();
            try (MongoCursor<Map> cursor = findIterable(query.project(metadata.idProperty())).cursor()) {
                while (cursor.hasNext()) {
                    ids.add(MongoValues.toBson(cursor.next().get(metadata.idProperty())));
                }
            }
            long deleted = 0;
            for (int from = 0; from < ids.size(); from += ID_BATCH) {
                BsonDocument filter = new BsonDocument("_id",
                        new BsonDocument("$in", new BsonArray(ids.subList(from, Math.min(ids.size(), from + ID_BATCH)))));
                deleted += (s == null ? collection().deleteMany(filter) : collection().deleteMany(s, filter)).getDeletedCount();
            }
            return deleted;
        });
    }

    /** One {@code findOneAndUpdate}: filter {@code {_id, version?, condition?}}, {@code $set/$inc/$push/$unset}, the document after. */
    @Override
    protected UpdateOutcome doUpdate(Object id, Update update, @Nullable Long expectedVersion, @Nullable Filter condition) {
        return connection.callWrite(whatUpdate, () -> {
            ClientSession s = connection.session();
            BsonDocument filter = byIdAndVersion(id, expectedVersion);
            if (condition != null) {
                filter = new BsonDocument("$and", new BsonArray(List.of(filter, translator.translate(condition))));
            }
            BsonDocument change = MongoUpdateTranslator.translate(update, sparseFields);
            FindOneAndUpdateOptions after = new FindOneAndUpdateOptions().returnDocument(ReturnDocument.AFTER);
            Map doc;
            try {
                doc = s == null ? collection().findOneAndUpdate(filter, change, after) : collection().findOneAndUpdate(s, filter, change, after);
            } catch (com.mongodb.MongoCommandException e) {
                if (e.getErrorCode() == MongoErrors.DUPLICATE_KEY) {
                    throw MongoErrors.duplicateKey(e, "update of " + metadata.type().getSimpleName() + " '" + id + "' in " + collectionName);
                }
                throw e;
            }
            if (doc != null) {
                return UpdateOutcome.written((Map<String, Object>) doc);
            }
            return expectedVersion != null && condition == null && exists(id) ? UpdateOutcome.of(WriteOutcome.VERSION_CONFLICT)
                    : UpdateOutcome.of(WriteOutcome.NOT_FOUND);
        });
    }

    /**
     * One {@code updateMany} when the query has no limit/offset: each document changes atomically (its
     * version {@code $inc}-ed), the filter is evaluated per document at write time, the whole is not one
     * transaction. With a limit or offset, which ones is decided first (the generic path).
     */
    @Override
    protected long doUpdateAll(Query query, Update update) {
        if (query.limit() > 0 || query.offset() > 0 || query.text().isPresent()) {
            return super.doUpdateAll(query, update);
        }
        return connection.callWrite(whatUpdateAll, () -> {
            ClientSession s = connection.session();
            BsonDocument filter = translator.filter(query);
            BsonDocument change = MongoUpdateTranslator.translate(update, sparseFields);
            return (s == null ? collection().updateMany(filter, change) : collection().updateMany(s, filter, change)).getMatchedCount();
        });
    }

    /** {@code $match}, {@code $group}, {@code $project} on the server ({@link MongoAggregator}). */
    @Override
    protected List<Map<String, Object>> doAggregate(Aggregation aggregation) {
        return connection.call(whatAggregate, () -> {
            List<BsonDocument> pipeline = MongoAggregator.pipeline(aggregation, translator.filter(aggregation.query()), translator);
            ClientSession s = connection.session();
            List<Map<String, Object>> raw = new ArrayList<>();
            for (Map d : s == null ? collection().aggregate(pipeline) : collection().aggregate(s, pipeline)) {
                raw.add((Map<String, Object>) d);
            }
            return MongoAggregator.rows(aggregation, raw);
        });
    }

    // ------------------------------------------------------------------------------- reads

    @Override
    protected boolean doExists(Query query) {
        return connection.call(whatCount, () -> findIterable(query.project(metadata.idProperty()).limit(1)).first() != null);
    }

    private FindIterable<Map> findFiltered(BsonDocument filter) {
        ClientSession s = connection.session();
        return s == null ? collection().find(filter) : collection().find(s, filter);
    }

    /** The find of a prepared query: filter, sort, skip, limit, projection, batch size. */
    FindIterable<Map> findIterable(Query query) {
        FindIterable<Map> it = findFiltered(translator.filter(query)).batchSize(streamBatchSize);
        BsonDocument sort = translator.sort(query.sort());
        if (sort != null) {
            it = it.sort(sort);
        }
        if (query.offset() > 0) {
            it = it.skip(query.offset());
        }
        if (query.limit() > 0) {
            it = it.limit(query.limit());
        }
        BsonDocument projection = translator.projection(query.projection());
        if (projection != null) {
            it = it.projection(projection);
        }
        return it;
    }

    @Override
    protected @Nullable Map<String, Object> doFindById(Object id) {
        return connection.call(whatFindById, () -> (Map<String, Object>) findFiltered(byId(id)).first());
    }

    @Override
    protected List<Map<String, Object>> doFindAllById(List<Object> ids) {
        return connection.call(whatFindAllById, () -> {
            List<Map<String, Object>> out = new ArrayList<>(ids.size());
            for (int from = 0; from < ids.size(); from += ID_BATCH) {
                BsonArray in = new BsonArray();
                for (Object id : ids.subList(from, Math.min(ids.size(), from + ID_BATCH))) {
                    in.add(MongoValues.toBson(id));
                }
                for (Map d : findFiltered(new BsonDocument("_id", new BsonDocument("$in", in))).batchSize(ID_BATCH)) {
                    out.add(d);
                }
            }
            return out;
        });
    }

    @Override
    protected boolean doExistsById(Object id) {
        return connection.call(whatExists, () -> exists(id));
    }

    boolean exists(Object id) {
        return findFiltered(byId(id)).projection(ID_ONLY).first() != null;
    }

    @Override
    protected Stream<Map<String, Object>> doFind(Query query) {
        String what = whatFind;
        MongoCursor<Map> cursor = connection.call(what, () -> findIterable(query).cursor());
        Spliterator<Map<String, Object>> split = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super Map<String, Object>> action) {
                Map next = connection.call(what, () -> cursor.hasNext() ? cursor.next() : null);
                if (next == null) {
                    return false;
                }
                action.accept((Map<String, Object>) next);
                return true;
            }
        };
        return StreamSupport.stream(split, false).onClose(cursor::close);
    }

    @Override
    protected long doCount(Query query) {
        return connection.call(whatCount, () -> {
            CountOptions o = new CountOptions();
            if (query.limit() > 0) {
                o.limit(query.limit());
            }
            if (query.offset() > 0) {
                o.skip(query.offset());
            }
            ClientSession s = connection.session();
            BsonDocument filter = translator.filter(query);
            return s == null ? collection().countDocuments(filter, o) : collection().countDocuments(s, filter, o);
        });
    }

    /** Ids the application leaves null: an ObjectId in hex for String ids (as MongoDB would), a random UUID for UUID ids. */
    @Override
    protected Object newId() {
        return metadata.idType() == UUID.class ? UUID.randomUUID() : new ObjectId().toHexString();
    }

    // ------------------------------------------------------------------------------- native access

    /**
     * {@code MongoCollection.class} (of {@code org.bson.Document}, with this repository's read and write
     * settings), {@code MongoDatabase.class}, {@code MongoClient.class}, or this repository.
     */
    @Override
    public <N> N unwrap(Class<N> type) {
        if (type == MongoCollection.class) {
            return type.cast(applyOptions(connection.database().getCollection(collectionName, Document.class)));
        }
        if (type == MongoDatabase.class) {
            return type.cast(connection.database());
        }
        if (type == MongoClient.class) {
            return type.cast(connection.client());
        }
        return super.unwrap(type);
    }

    /** The translator (for {@code MongoStore}'s native helpers and tests). */
    public MongoFilterTranslator translator() {
        return translator;
    }

    /** Prepares a query as the public methods do and translates its filter (native helpers). */
    public BsonDocument nativeFilter(Query query) {
        return translator.filter(prepareQuery(query));
    }
}
