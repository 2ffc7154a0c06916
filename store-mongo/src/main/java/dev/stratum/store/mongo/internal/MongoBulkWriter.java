package dev.stratum.store.mongo.internal;

import com.mongodb.MongoBulkWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.bulk.BulkWriteResult;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.WriteModel;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.spi.AbstractRepository.WriteResult;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDocumentWriter;
import org.bson.BsonValue;
import org.bson.codecs.EncoderContext;
import org.jspecify.annotations.Nullable;

/**
 * {@code saveAll} as unordered bulk writes of at most {@code batchSize} operations, each operation
 * succeeding or failing on its own:
 *
 * <ul>
 *   <li>inserts are {@code insertOne}s; a duplicate {@code _id} is reported as
 *       {@link WriteOutcome#DUPLICATE_KEY}, another unique index as a {@code DuplicateKeyException}
 *       naming it;
 *   <li>unversioned saves are {@code replaceOne} upserts (a race between two upserts of one new id,
 *       E11000 on {@code _id}, is retried once alone). Outside a transaction they are first sent as
 *       {@code insertOne}s while most of them turn out new (an upsert costs the server a lookup and an
 *       update command per document, about 1.6× the CPU of an insert on the in-process server): the
 *       ones refused as duplicates are then sent again as upserts in a second bulk request, so the result
 *       is the same. The writer switches to plain upserts while most documents already exist, and back
 *       when most upserts create (inside a transaction a refused insert would abort it: plain upserts);
 *   <li>versioned replaces filter on {@code {_id, version: expected}}. A bulk result only counts
 *       matches, so when fewer replaces matched than were sent, each replace of that batch is resolved by
 *       reading the stored document: missing → not found; holding exactly the document sent → written;
 *       anything else → version conflict. (A write that succeeded and was overwritten again before this
 *       check is then reported as a conflict: the caller reloads, which is the safe side.)
 *   <li>when a batch fails as a whole because the server is unavailable or timed out, its operations and
 *       every later one are reported failed with that exception, without further attempts.
 * </ul>
 */
@SuppressWarnings({"rawtypes", "unchecked"})
final class MongoBulkWriter {
    private static final BulkWriteOptions UNORDERED = new BulkWriteOptions().ordered(false);
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoRepository<?, ?> repository;
    private final int batchSize;
    private final @Nullable String versionField;
    /** Whether unversioned saves go out as inserts first; adapts to what the last batch found. */
    private volatile boolean insertFirst = true;

    MongoBulkWriter(MongoRepository<?, ?> repository, int batchSize, @Nullable String versionField) {
        this.repository = repository;
        this.batchSize = batchSize;
        this.versionField = versionField;
    }

    List<WriteResult> write(List<WriteOp> ops) {
        WriteResult[] results = new WriteResult[ops.size()];
        DataAccessException unavailable = null;
        for (int from = 0; from < ops.size(); from += batchSize) {
            int to = Math.min(ops.size(), from + batchSize);
            if (unavailable != null) {
                Arrays.fill(results, from, to, new WriteResult(null, unavailable));
                continue;
            }
            try {
                writeBatch(ops.subList(from, to), results, from, insertFirst && repository.connection().session() == null);
            } catch (RuntimeException e) {
                // writeBatch's calls translate with callWrite, which needs the driver's exception to tell "failed after
                // sending" (outcome unknown) from "nothing sent"; translating the translated exception again could not
                // (a reset after sending used to come out as StoreUnavailableException, "a retry is safe")
                DataAccessException d = e instanceof DataAccessException dae ? dae
                        : MongoErrors.translateWrite(e, "saveAll into " + repository.collectionName());
                Arrays.fill(results, from, to, new WriteResult(null, d));
                if (d.errorCode().isTransient()) {
                    // the later batches are not sent at all: for them a retry is safe, whatever happened to this one
                    unavailable = new StoreUnavailableException("saveAll into " + repository.collectionName()
                            + ": not attempted after an earlier batch failed: " + d.getMessage(), d);
                }
            }
        }
        return Arrays.asList(results);
    }

    private void writeBatch(List<WriteOp> batch, WriteResult[] results, int offset, boolean upsertsAsInserts) {
        List<WriteModel<Map>> models = new ArrayList<>(batch.size());
        for (WriteOp op : batch) {
            switch (op.kind()) {
                case INSERT:
                    models.add(new InsertOneModel<>(op.document()));
                    break;
                case UPSERT:
                    models.add(upsertsAsInserts ? new InsertOneModel<>(op.document())
                            : new ReplaceOneModel<>(MongoRepository.byId(op.id()), op.document(), UPSERT));
                    break;
                case REPLACE:
                    models.add(new ReplaceOneModel<>(repository.byIdAndVersion(op.id(), op.expectedVersion()), op.document()));
                    break;
                default:
                    models.add(new ReplaceOneModel<>(MongoRepository.byId(op.id()), op.document(), UPSERT));
            }
        }
        MongoConnection connection = repository.connection();
        String what = "saveAll into " + repository.collectionName();
        Map<Integer, BulkWriteError> errors = new HashMap<>();
        Executed executed = connection.callWrite(what, () -> {
            try {
                ClientSession s = connection.session();
                MongoCollection<Map> c = repository.collection();
                return new Executed(s == null ? c.bulkWrite(models, UNORDERED) : c.bulkWrite(s, models, UNORDERED), null);
            } catch (MongoBulkWriteException e) {
                if (e.getWriteConcernError() != null || e.getWriteErrors().isEmpty()) {
                    throw e;
                }
                return new Executed(e.getWriteResult(), e);
            }
        });
        MongoBulkWriteException failure = executed.partial;
        if (failure != null) {
            for (BulkWriteError e : failure.getWriteErrors()) {
                errors.put(e.getIndex(), e);
            }
        }
        BulkWriteResult result = executed.result;
        int replaces = 0;
        int upserts = 0;
        int upsertsSent = 0;
        List<Integer> refusedInserts = new ArrayList<>();
        for (int i = 0; i < batch.size(); i++) {
            WriteOp op = batch.get(i);
            BulkWriteError error = errors.get(i);
            if (op.kind() == WriteOp.Kind.UPSERT) {
                upsertsSent++;
            }
            if (upsertsAsInserts && op.kind() == WriteOp.Kind.UPSERT) {
                // refused on any unique index: the document may exist (even holding its own unique
                // value); the upsert of the second request gives the real answer
                if (error == null) {
                    results[offset + i] = new WriteResult(WriteOutcome.WRITTEN, null);
                } else if (error.getCode() == MongoErrors.DUPLICATE_KEY) {
                    refusedInserts.add(i);
                } else {
                    results[offset + i] = new WriteResult(null, MongoErrors.bulkWriteError(error, Objects.requireNonNull(failure, "errors come from the failure"), what));
                }
                continue;
            }
            if (error == null) {
                results[offset + i] = new WriteResult(WriteOutcome.WRITTEN, null);
                if (op.kind() == WriteOp.Kind.REPLACE) {
                    replaces++;
                } else if (op.kind() == WriteOp.Kind.UPSERT) {
                    upserts++;
                }
                continue;
            }
            boolean onId = MongoErrors.isIdIndex(error.getMessage());
            if (error.getCode() == MongoErrors.DUPLICATE_KEY && onId && op.kind() == WriteOp.Kind.INSERT) {
                results[offset + i] = new WriteResult(WriteOutcome.DUPLICATE_KEY, null);
            } else if (error.getCode() == MongoErrors.DUPLICATE_KEY && onId && op.kind() == WriteOp.Kind.UPSERT) {
                results[offset + i] = single(op);
            } else {
                results[offset + i] = new WriteResult(null, MongoErrors.bulkWriteError(error, Objects.requireNonNull(failure, "errors come from the failure"), what));
            }
        }
        int upserted = result.getUpserts().size();
        long replacesMatched = (long) result.getMatchedCount() - (upserts - upserted);
        if (replaces > 0 && replacesMatched < replaces) {
            resolveReplaces(batch, results, offset, errors);
        }
        if (upsertsAsInserts) {
            if (refusedInserts.size() * 2 > upsertsSent) {
                insertFirst = false;
            }
            if (!refusedInserts.isEmpty()) {
                upsertAgain(batch, results, offset, refusedInserts);
            }
        } else if (upserts > 0 && upserted * 2 > upserts && repository.connection().session() == null) {
            insertFirst = true;
        }
    }

    /** Sends the upserts whose insert was refused as a duplicate again, as upserts. */
    private void upsertAgain(List<WriteOp> batch, WriteResult[] results, int offset, List<Integer> refused) {
        List<WriteOp> again = new ArrayList<>(refused.size());
        for (int i : refused) {
            again.add(batch.get(i));
        }
        WriteResult[] out = new WriteResult[again.size()];
        try {
            writeBatch(again, out, 0, false);
        } catch (RuntimeException e) {
            Arrays.fill(out, new WriteResult(null, e instanceof DataAccessException d ? d
                    : MongoErrors.translateWrite(e, "saveAll into " + repository.collectionName())));
        }
        for (int k = 0; k < refused.size(); k++) {
            results[offset + refused.get(k)] = out[k];
        }
    }

    private WriteResult single(WriteOp op) {
        try {
            return new WriteResult(repository.connection().callWrite("save into " + repository.collectionName(), () -> repository.write(op)), null);
        } catch (DataAccessException e) {
            return new WriteResult(null, e);
        }
    }

    /** Decides each replace of a batch that matched fewer documents than it sent by reading them back. */
    private void resolveReplaces(List<WriteOp> batch, WriteResult[] results, int offset, Map<Integer, BulkWriteError> errors) {
        BsonArray ids = new BsonArray();
        for (int i = 0; i < batch.size(); i++) {
            if (batch.get(i).kind() == WriteOp.Kind.REPLACE && !errors.containsKey(i)) {
                ids.add(MongoValues.toBson(batch.get(i).id()));
            }
        }
        Map<BsonValue, BsonDocument> stored = new HashMap<>();
        repository.connection().call("saveAll into " + repository.collectionName(), () -> {
            MongoCollection<BsonDocument> raw = repository.collection().withDocumentClass(BsonDocument.class);
            ClientSession s = repository.connection().session();
            BsonDocument filter = new BsonDocument("_id", new BsonDocument("$in", ids));
            for (BsonDocument d : s == null ? raw.find(filter) : raw.find(s, filter)) {
                stored.put(d.get("_id"), d);
            }
            return null;
        });
        for (int i = 0; i < batch.size(); i++) {
            WriteOp op = batch.get(i);
            if (op.kind() != WriteOp.Kind.REPLACE || errors.containsKey(i)) {
                continue;
            }
            BsonDocument current = stored.get(MongoValues.toBson(op.id()));
            WriteOutcome outcome;
            if (current == null) {
                outcome = WriteOutcome.NOT_FOUND;
            } else if (current.equals(encode(op.document()))) {
                outcome = WriteOutcome.WRITTEN;
            } else {
                outcome = op.expectedVersion() == null || versionField == null ? WriteOutcome.NOT_FOUND : WriteOutcome.VERSION_CONFLICT;
            }
            results[offset + i] = new WriteResult(outcome, null);
        }
    }

    private BsonDocument encode(Map<String, Object> document) {
        BsonDocument out = new BsonDocument();
        repository.codec().encode(new BsonDocumentWriter(out), document, EncoderContext.builder().build());
        return out;
    }

    /** A bulk result, and the exception reporting its per-operation failures if there were any. */
    private record Executed(BulkWriteResult result, @Nullable MongoBulkWriteException partial) {}
}
