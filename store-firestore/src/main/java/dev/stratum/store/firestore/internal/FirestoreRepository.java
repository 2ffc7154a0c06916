package dev.stratum.store.firestore.internal;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.WriteBatch;
import dev.stratum.api.Capabilities;
import dev.stratum.api.CursorKey;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.StoreTimeoutException;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * One entity type in one Firestore collection: document id = entity id (as text), fields = the
 * entity's properties in {@link FirestoreValues}' mapping, the id also kept as a field (so that ids
 * filter and sort by their type: long ids numerically). Queries go through
 * {@link FirestoreQueryExecutor}; unique indexes through {@link UniqueReservations}.
 *
 * <p>Round trips per call: {@code findById} 1; {@code insert} 1 ({@code create}, which fails on an
 * existing id); unversioned {@code save} 1 ({@code set}); {@code update}, versioned {@code save}
 * and {@code delete} 2 — a read, then a write with an {@code update_time} precondition, so a write
 * that raced with another one fails the precondition and is re-checked instead of overwriting it.
 * A transaction would take 3 (begin, read, commit) for the same guarantee. {@code saveAll}: one
 * {@code getAll} for the replaced entities and one commit per 500 writes.
 */
public final class FirestoreRepository<T, ID> extends AbstractRepository<T, ID> {
    /** The field holding a TTL entity's expiry time (a Firestore TTL policy can be set on it). */
    public static final String EXPIRES_AT = FirestoreDocumentCodec.EXPIRES_AT;
    private static final int MAX_BATCH = 500;
    private static final int MAX_RETRIES = 50;

    private final Firestore db;
    private final CollectionReference collection;
    /** The same collection on the client that does not retry commits (see {@link FirestoreErrors#write}). */
    private final CollectionReference writeCollection;
    private final Firestore writes;
    private final FirestoreErrors errors;
    private final DecimalPaths decimals;
    private final FirestoreQueryPlanner planner;
    private final FirestoreQueryExecutor executor;
    private final UniqueReservations uniques;
    private final FirestoreDocumentCodec codec;
    private final List<IndexDefinition> ttlIndexes;
    private final boolean ttl;
    private final String entityName;

    public FirestoreRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo,
            CursorKey cursorKey, Firestore db, Firestore writes, String collectionName, FirestoreErrors errors,
            com.google.cloud.firestore.TransactionOptions transactions) {
        super(metadata, mapper, capabilities, storeInfo, Clock.systemUTC(), cursorKey);
        this.db = db;
        this.collection = db.collection(collectionName);
        this.writes = writes;
        this.writeCollection = writes.collection(collectionName);
        this.errors = errors;
        this.entityName = metadata.type().getSimpleName();
        this.decimals = DecimalPaths.of(metadata.properties(), mapper.objectMapper());
        this.planner = new FirestoreQueryPlanner(metadata);
        this.ttlIndexes = metadata.indexes().stream().filter(i -> i.ttlSeconds() > 0 && i.isSingleField()).toList();
        this.ttl = metadata.ttlSeconds() > 0 || !ttlIndexes.isEmpty();
        this.executor = new FirestoreQueryExecutor(collection, metadata, planner, ttl ? EXPIRES_AT : null, this::now, errors);
        this.uniques = new UniqueReservations(db, collection, metadata, errors, executor::expired, transactions);
        this.codec = new FirestoreDocumentCodec(metadata, decimals, ttlIndexes, ttl, executor::expired, this::now);
    }

    /** The query executor (for the store's tests and native paging). */
    public FirestoreQueryExecutor executor() {
        return executor;
    }

    /**
     * The entities a query matches as they were at {@code readTime}: every page is a read-only
     * transaction at that read time (Firestore keeps versions for an hour, longer with point-in-time
     * recovery), so the result is one consistent moment whatever is written meanwhile.
     */
    public Stream<T> streamAt(Query query, com.google.cloud.Timestamp readTime) {
        com.google.cloud.firestore.TransactionOptions atReadTime = com.google.cloud.firestore.TransactionOptions.createReadOnlyOptionsBuilder()
                .setReadTime(readTime.toProto()).build();
        FirestoreQueryExecutor.PageReader reader = page -> db.runTransaction(t -> t.get(page).get().getDocuments(), atReadTime).get();
        return executor.find(prepareEntityQuery(query), reader)
                .map(h -> codec.neutral(h.ref().getId(), new LinkedHashMap<>(h.stored()))).map(this::decode);
    }

    public CollectionReference collection() {
        return collection;
    }

    /** Whether the entity type expires. */
    public boolean hasTtl() {
        return ttl;
    }

    private DocumentReference ref(Object id) {
        return collection.document(codec.docId(id));
    }

    // ------------------------------------------------------------------ reads

    @Override
    protected @Nullable Map<String, Object> doFindById(Object id) {
        DocumentReference ref = ref(id);
        DocumentSnapshot snap = errors.call("read " + entityName + " '" + id + "' from " + collection.getId(), () -> ref.get().get());
        Map<String, Object> stored = codec.live(snap);
        return stored == null ? null : codec.neutral(snap.getId(), stored);
    }

    @Override
    protected List<Map<String, Object>> doFindAllById(List<Object> ids) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += MAX_BATCH) {
            DocumentReference[] refs = ids.subList(from, Math.min(ids.size(), from + MAX_BATCH)).stream().map(this::ref)
                    .toArray(DocumentReference[]::new);
            List<DocumentSnapshot> snaps = errors.call("read " + refs.length + " " + entityName + "s from " + collection.getId(),
                    () -> db.getAll(refs).get());
            for (DocumentSnapshot s : snaps) {
                Map<String, Object> stored = codec.live(s);
                if (stored != null) {
                    out.add(codec.neutral(s.getId(), stored));
                }
            }
        }
        return out;
    }

    @Override
    protected boolean doExistsById(Object id) {
        return doFindById(id) != null;
    }

    @Override
    protected Stream<Map<String, Object>> doFind(Query query) {
        return executor.find(query).map(h -> codec.neutral(h.ref().getId(), new LinkedHashMap<>(h.stored())));
    }

    @Override
    protected long doCount(Query query) {
        return executor.count(query);
    }

    /**
     * Keyset paging on Firestore's own cursors when the query runs natively: {@code orderBy} the sort
     * keys (plus the id, which the pager adds), {@code startAfter} the last page's values,
     * {@code limit(size + 1)} — one round trip per page, however deep. Queries checked client-side
     * take the generic "after" filter.
     */
    @Override
    protected Stream<Map<String, Object>> doFindAfter(Query query, List<Sort> keys, List<@Nullable Object> last) {
        com.google.cloud.firestore.Query q = executor.nativeQuery(query);
        if (q == null) {
            return super.doFindAfter(query, keys, last);
        }
        Object[] after = new Object[keys.size() + 1];
        for (int i = 0; i < keys.size(); i++) {
            after[i] = FirestoreValues.encodeValue(planner.stored(keys.get(i).field(), last.get(i), false));
            if (keys.get(i).field().equals(metadata.idProperty())) {
                after[keys.size()] = codec.docId(last.get(i));
            }
        }
        q = q.startAfter(after);
        com.google.cloud.firestore.Query selected = executor.select(q, query);
        if (query.limit() > 0) {
            selected = selected.limit(query.limit());
        }
        List<FirestoreQueryExecutor.Hit> hits = executor.fetch(selected);
        List<Map<String, Object>> docs = new ArrayList<>(hits.size());
        for (FirestoreQueryExecutor.Hit h : hits) {
            docs.add(codec.neutral(h.ref().getId(), new LinkedHashMap<>(h.stored())));
        }
        return docs.stream();
    }

    // ------------------------------------------------------------------ writes

    @Override
    protected WriteOutcome doWrite(WriteOp op) {
        Map<String, Object> encoded = codec.encode(op);
        String docId = codec.docId(op.id());
        if (uniques.active()) {
            @SuppressWarnings("unchecked")
            Map<String, Object> stored = (Map<String, Object>) Objects.requireNonNull(FirestoreValues.stored(encoded), "the stored form of a map");
            return uniques.write(op, docId, encoded, stored);
        }
        DocumentReference ref = writeCollection.document(docId);
        String what = "write " + entityName + " '" + op.id() + "' to " + collection.getId();
        switch (op.kind()) {
            case INSERT:
                return insert(ref, encoded, what);
            case UPSERT:
                errors.write(what, () -> ref.set(encoded).get());
                return WriteOutcome.WRITTEN;
            default:
                return replace(ref, encoded, op.expectedVersion(), what);
        }
    }

    private WriteOutcome insert(DocumentReference ref, Map<String, Object> encoded, String what) {
        for (int attempt = 0; ; attempt++) {
            try {
                errors.write(what, () -> ref.create(encoded).get());
                return WriteOutcome.WRITTEN;
            } catch (DuplicateKeyException e) {
                if (!ttl || attempt >= MAX_RETRIES) {
                    return WriteOutcome.DUPLICATE_KEY;
                }
                // an expired entity Firestore has not deleted yet does not hold its id
                DocumentSnapshot snap = errors.call(what, () -> collection.document(ref.getId()).get().get());
                if (snap.exists() && codec.live(snap) != null) {
                    return WriteOutcome.DUPLICATE_KEY;
                }
                if (snap.exists()) {
                    // deleted, or changed since it was read (precondition failed): either way the next attempt decides
                    preconditionFailed(() -> ref.delete(Precondition.updatedAt(snap.getUpdateTime())).get(), what);
                }
            }
        }
    }

    private WriteOutcome replace(DocumentReference ref, Map<String, Object> encoded, @Nullable Long expected, String what) {
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            DocumentSnapshot snap = errors.call(what, () -> collection.document(ref.getId()).get().get());
            WriteOutcome check = codec.check(snap, expected);
            if (check != null) {
                return check;
            }
            List<Object> pairs = FirestoreDocumentCodec.replacement(snap, encoded);
            boolean raced = preconditionFailed(() -> ref.update(Precondition.updatedAt(snap.getUpdateTime()), (FieldPath) pairs.get(0),
                    pairs.get(1), pairs.subList(2, pairs.size()).toArray()).get(), what);
            if (!raced) {
                return WriteOutcome.WRITTEN;
            }
        }
        throw new StoreUnavailableException("cannot " + what + ": it kept changing under " + MAX_RETRIES + " attempts");
    }

    /** Runs a preconditioned write: false if done, true if its precondition failed (the document changed meanwhile). */
    private boolean preconditionFailed(Callable<?> write, String what) {
        try {
            errors.write(what, write);
            return false;
        } catch (DataAccessException e) {
            String code = FirestoreErrors.code(e);
            if ("FAILED_PRECONDITION".equals(code) || "NOT_FOUND".equals(code) || "ABORTED".equals(code)) {
                return true;
            }
            throw e;
        }
    }

    @Override
    protected WriteOutcome doDelete(Object id, @Nullable Long expectedVersion) {
        String docId = codec.docId(id);
        if (uniques.active()) {
            return uniques.delete(docId, expectedVersion);
        }
        DocumentReference ref = writeCollection.document(docId);
        String what = "delete " + entityName + " '" + id + "' from " + collection.getId();
        for (int attempt = 0; attempt < MAX_RETRIES; attempt++) {
            DocumentSnapshot snap = errors.call(what, () -> collection.document(ref.getId()).get().get());
            WriteOutcome check = codec.check(snap, expectedVersion);
            if (check != null) {
                return check;
            }
            if (!preconditionFailed(() -> ref.delete(Precondition.updatedAt(snap.getUpdateTime())).get(), what)) {
                return WriteOutcome.WRITTEN;
            }
        }
        throw new StoreUnavailableException("cannot " + what + ": it kept changing under " + MAX_RETRIES + " attempts");
    }

    @Override
    protected long doDeleteAll(Query query) {
        long deleted = 0;
        List<DocumentReference> pending = new ArrayList<>();
        try (Stream<FirestoreQueryExecutor.Hit> hits = executor.find(query.project(metadata.idProperty()))) {
            for (var it = hits.iterator(); it.hasNext(); ) {
                DocumentReference ref = it.next().ref();
                if (uniques.active()) {
                    deleted += uniques.delete(ref.getId(), null) == WriteOutcome.WRITTEN ? 1 : 0;
                    continue;
                }
                pending.add(ref);
                if (pending.size() == MAX_BATCH) {
                    deleted += deleteBatch(pending);
                }
            }
        }
        return deleted + deleteBatch(pending);
    }

    private int deleteBatch(List<DocumentReference> refs) {
        if (refs.isEmpty()) {
            return 0;
        }
        WriteBatch batch = writes.batch();
        refs.forEach(r -> batch.delete(writeCollection.document(r.getId())));
        errors.write("delete " + refs.size() + " " + entityName + "s from " + collection.getId(), () -> batch.commit().get());
        int n = refs.size();
        refs.clear();
        return n;
    }

    // ------------------------------------------------------------------ bulk

    /**
     * Batches of at most 500 writes, each one atomic commit: one {@code getAll} reads the entities the
     * batch replaces (for their version and update time), then creates, sets and preconditioned
     * updates go in one commit. If the commit fails for one entity (an id taken, a write that raced),
     * nothing of it was applied, and its writes are replayed one by one to report each outcome.
     */
    @Override
    protected List<WriteResult> doWriteAll(List<WriteOp> ops) {
        if (uniques.active()) {
            return super.doWriteAll(ops);
        }
        List<WriteResult> out = new ArrayList<>(ops.size());
        List<WriteOp> chunk = new ArrayList<>();
        Set<Object> ids = new HashSet<>();
        for (WriteOp op : ops) {
            if (chunk.size() == MAX_BATCH || !ids.add(op.id())) {
                out.addAll(writeChunk(chunk));
                chunk = new ArrayList<>();
                ids = new HashSet<>();
                ids.add(op.id());
            }
            chunk.add(op);
        }
        out.addAll(writeChunk(chunk));
        return out;
    }

    private List<WriteResult> writeChunk(List<WriteOp> chunk) {
        if (chunk.isEmpty()) {
            return List.of();
        }
        WriteResult[] results = new WriteResult[chunk.size()];
        Map<String, Object>[] encoded = prepareAll(chunk, results);
        List<Integer> replaces = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (results[i] == null && chunk.get(i).kind() == WriteOp.Kind.REPLACE) {
                replaces.add(i);
            }
        }
        Map<Integer, DocumentSnapshot> snaps = new HashMap<>();
        if (!replaces.isEmpty()) {
            DocumentReference[] refs = replaces.stream().map(i -> collection.document(codec.docId(chunk.get(i).id()))).toArray(DocumentReference[]::new);
            List<DocumentSnapshot> read = errors.call("read " + refs.length + " " + entityName + "s from " + collection.getId(),
                    () -> db.getAll(refs).get());
            for (int k = 0; k < replaces.size(); k++) {
                snaps.put(replaces.get(k), read.get(k));
            }
        }
        WriteBatch batch = writes.batch();
        List<Integer> batched = new ArrayList<>();
        for (int i = 0; i < chunk.size(); i++) {
            if (results[i] != null) {
                continue;
            }
            WriteOp op = chunk.get(i);
            DocumentReference ref = writeCollection.document(codec.docId(op.id()));
            switch (op.kind()) {
                case INSERT -> batch.create(ref, encoded[i]);
                case UPSERT -> batch.set(ref, encoded[i]);
                default -> {
                    DocumentSnapshot snap = Objects.requireNonNull(snaps.get(i), "every replace was read above");
                    WriteOutcome check = codec.check(snap, op.expectedVersion());
                    if (check != null) {
                        results[i] = new WriteResult(check, null);
                        continue;
                    }
                    List<Object> pairs = FirestoreDocumentCodec.replacement(snap, encoded[i]);
                    batch.update(ref, Precondition.updatedAt(snap.getUpdateTime()), (FieldPath) pairs.get(0), pairs.get(1),
                            pairs.subList(2, pairs.size()).toArray());
                }
            }
            batched.add(i);
        }
        if (!batched.isEmpty()) {
            try {
                errors.write("write " + batched.size() + " " + entityName + "s to " + collection.getId(), () -> batch.commit().get());
                batched.forEach(i -> results[i] = new WriteResult(WriteOutcome.WRITTEN, null));
            } catch (StoreUnavailableException | StoreTimeoutException e) {
                batched.forEach(i -> results[i] = new WriteResult(null, e));
            } catch (DataAccessException e) {
                for (int i : batched) {
                    try {
                        results[i] = new WriteResult(doWrite(chunk.get(i)), null);
                    } catch (DataAccessException one) {
                        results[i] = new WriteResult(null, one);
                    }
                }
            }
        }
        return List.of(results);
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // a generic array is created raw: new Map<String, Object>[n] does not compile
    private Map<String, Object>[] prepareAll(List<WriteOp> chunk, WriteResult[] results) {
        Map<String, Object>[] encoded = new Map[chunk.size()];
        for (int i = 0; i < chunk.size(); i++) {
            try {
                codec.docId(chunk.get(i).id());
                encoded[i] = codec.encode(chunk.get(i));
            } catch (DataAccessException e) {
                results[i] = new WriteResult(null, e);
            }
        }
        return encoded;
    }

    @Override
    public <N> N unwrap(Class<N> type) {
        if (type.isInstance(collection)) {
            return type.cast(collection);
        }
        if (type.isInstance(db)) {
            return type.cast(db);
        }
        return super.unwrap(type);
    }
}
