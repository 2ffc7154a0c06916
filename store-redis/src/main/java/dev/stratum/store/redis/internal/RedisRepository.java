package dev.stratum.store.redis.internal;

import dev.stratum.api.Capabilities;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Query;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.Update;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.DocumentMatcher;
import dev.stratum.api.spi.UpdateApplier;
import dev.stratum.api.spi.UpdateOutcome;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import dev.stratum.store.redis.IndexReport;
import io.lettuce.core.KeyValue;
import io.lettuce.core.Limit;
import io.lettuce.core.Range;
import io.lettuce.core.ScoredValue;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The repository of one entity type on Redis. Every write is one {@code EVALSHA} of the write script,
 * which checks the id, the version and the unique indexes and updates the JSON document and all its
 * secondary index entries atomically; reads by id are plain {@code GET}/{@code MGET}; queries run
 * server-side through {@link RedisQueryExecutor}.
 *
 * @param <T> entity type
 * @param <ID> id type
 */
public final class RedisRepository<T, ID> extends AbstractRepository<T, ID> {
    private static final int UPDATE_ATTEMPTS = 64;
    private final RedisConnector connector;
    private final RedisScripts scripts;
    private final RedisKeys keys;
    // replaced when an index is created or dropped (IndexOperations), here or by another store instance
    private volatile RedisIndexMaintainer indexes;
    private volatile List<IndexDefinition> created;
    private volatile @Nullable String ddlVersion;
    private volatile long ddlCheckedNanos;
    private final RedisDocumentCodec codec;
    private volatile RedisQueryExecutor executor;
    private final int writeBatchSize;
    private final long timeoutMillis;
    private final String entityName;
    private final RedisWriteRunner runner;
    /** Names this repository's write keys; with the counter, every call's write key is unique. */
    private final String writerId = UUID.randomUUID().toString().substring(0, 12) + ":";
    private final AtomicLong writeCounter = new AtomicLong();
    /** How long a write remembers its reply: a re-sent call arrives within its command timeout. */
    private final long writeKeyTtlMillis;

    public RedisRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo,
            RedisConnector connector, RedisScripts scripts) {
        super(metadata, mapper, capabilities, storeInfo);
        this.connector = connector;
        this.scripts = scripts;
        this.keys = new RedisKeys(connector.config().keyPrefix(), metadata.collection());
        this.codec = new RedisDocumentCodec(mapper, metadata);
        this.writeBatchSize = connector.config().writeBatchSize();
        this.timeoutMillis = connector.config().commandTimeout().toMillis();
        this.entityName = metadata.type().getSimpleName();
        this.runner = new RedisWriteRunner(scripts, timeoutMillis);
        this.writeKeyTtlMillis = 2 * timeoutMillis + 5_000;
        this.ddl = new RedisIndexDdl(connector, keys, metadata);
        // no I/O when a repository opens: the created indexes are read before its first write or query
        install(new RedisIndexDdl.State(List.of(), null));
        this.ddlCheckedNanos = System.nanoTime() - 2 * RedisIndexDdl.RECHECK_NANOS;
    }

    private final RedisIndexDdl ddl;

    private void install(RedisIndexDdl.State state) {
        RedisIndexMaintainer maintainer = new RedisIndexMaintainer(metadata, state.created());
        RedisQueryPlanner planner = new RedisQueryPlanner(metadata, maintainer, capabilities.store());
        RedisQueryExecutor ex = new RedisQueryExecutor(keys, scripts, planner, codec::decodeNeutral, metadata.idProperty(), maintainer.hasTtl(),
                connector.config().fetchSize(), connector.config().cursorTtl().toMillis(), writeBatchSize, connector.server());
        this.indexes = maintainer;
        this.executor = ex;
        this.created = state.created();
        this.ddlVersion = state.version();
        this.ddlCheckedNanos = System.nanoTime();
    }

    /**
     * Picks up indexes another store instance created or dropped: the DDL version is read at most once
     * per {@link RedisIndexDdl#RECHECK_NANOS} before a write or query.
     */
    private void refreshIndexes() {
        if (ddlVersion != null && System.nanoTime() - ddlCheckedNanos < RedisIndexDdl.RECHECK_NANOS) {
            return;
        }
        ddlCheckedNanos = System.nanoTime();
        if (!ddl.version().equals(ddlVersion)) {
            synchronized (ddl) {
                install(ddl.read());
            }
        }
    }

    @Override
    protected List<IndexDefinition> indexes() {
        if (ddlVersion == null) {
            try {
                refreshIndexes(); // once: later refreshes come with writes and queries
            } catch (DataAccessException e) {
                // unreachable: the query is judged on the declared indexes (and its I/O will report the outage)
            }
        }
        List<IndexDefinition> now = created;
        if (now == null || now.isEmpty()) {
            return metadata.indexes();
        }
        List<IndexDefinition> all = new ArrayList<>(metadata.indexes());
        all.addAll(now);
        return all;
    }

    /** The indexes created by {@code IndexOperations} (not the declared ones). */
    public List<IndexDefinition> createdIndexes() {
        synchronized (ddl) {
            install(ddl.read());
            return created;
        }
    }

    /**
     * Creates {@code index} over the stored entities: a unique one is checked against them first
     * (nothing changes if two share a value), then registered (other instances pick it up) and every
     * entity re-indexed; a duplicate written meanwhile unregisters it again.
     */
    public boolean createIndex(IndexDefinition index) {
        synchronized (ddl) {
            RedisIndexDdl.State state = ddl.read();
            install(state);
            for (IndexDefinition i : allIndexes(state)) {
                if (i.name().equals(index.name())) {
                    if (i.sameShape(index)) {
                        return false;
                    }
                    throw new IllegalStateException(metadata.collection() + " has an index '" + index.name() + "' of another shape: " + i
                            + " (wanted " + index + "); drop it first");
                }
            }
            if (index.unique()) {
                ddl.checkNoDuplicates(index, codec);
            }
            install(ddl.register(index));
            try {
                reindex();
            } catch (RuntimeException e) {
                install(ddl.unregister(index.name()));
                reindex();
                if (e instanceof DuplicateKeyException) {
                    throw new DuplicateKeyException("cannot create unique index '" + index.name() + "' on " + metadata.collection()
                            + ": " + e.getMessage() + "; the index was removed again", e);
                }
                throw e;
            }
            return true;
        }
    }

    /** Drops a created index: unregistered, then every entity re-indexed without it (its entries go). */
    public boolean dropIndex(String name) {
        synchronized (ddl) {
            if (metadata.indexes().stream().anyMatch(i -> i.name().equals(name))) {
                throw new IllegalStateException("index '" + name + "' of " + metadata.collection() + " is declared on " + entityName
                        + " (@Indexed/@CompoundIndex): remove the annotation instead");
            }
            RedisIndexDdl.State state = ddl.read();
            if (state.created().stream().noneMatch(i -> i.name().equals(name))) {
                install(state);
                return false;
            }
            install(ddl.unregister(name));
            reindex();
            return true;
        }
    }

    private List<IndexDefinition> allIndexes(RedisIndexDdl.State state) {
        List<IndexDefinition> all = new ArrayList<>(metadata.indexes());
        all.addAll(state.created());
        return all;
    }

    /** The key layout of this collection. */
    public RedisKeys keys() {
        return keys;
    }

    /** Whether entities of this type expire (the store's sweeper then visits this collection). */
    public boolean hasTtl() {
        return indexes.hasTtl();
    }

    // ------------------------------------------------------------------------------ writes

    /** One call of a write-side script: the keys it declares and its arguments. */
    @SuppressWarnings("ArrayRecordComponent") // a call's arguments, handed to Lettuce as they are; never compared
    record ScriptCall(List<String> keys, byte[][] args) {}

    private ScriptCall writeCall(WriteOp op) {
        return writeCall(op.kind() == WriteOp.Kind.INSERT ? "I" : op.kind() == WriteOp.Kind.REPLACE ? "R" : "U", op.id(), op.document(),
                codec.encode(op.document()), RedisScripts.bytes(op.expectedVersion() == null ? "" : Long.toString(op.expectedVersion())),
                true);
    }

    /** A new write key: names one call, so that a re-sent call is answered from its first run. */
    private String writeKey() {
        return keys.full("w:" + writerId + Long.toString(writeCounter.incrementAndGet(), 36));
    }

    /**
     * The write script's call: every key the new document's entries occupy is declared up front (the
     * script asks for the old entries' keys itself when they differ); an idempotent call carries a
     * write key.
     */
    ScriptCall writeCall(String kind, Object id, Map<String, Object> doc, byte[] json, byte[] expected, boolean idempotent) {
        String token = RedisValueEncoding.idToken(id);
        List<String> entries = indexes.entries(doc);
        List<String[]> uniques = indexes.uniqueChecks(doc);
        LinkedHashSet<String> declared = new LinkedHashSet<>();
        declared.add(keys.doc(token));
        declared.add(keys.manifest());
        declared.add(keys.ids());
        declared.add(keys.expiry());
        String wkey = idempotent ? writeKey() : "";
        if (idempotent) {
            declared.add(wkey);
        }
        for (String e : entries) {
            keys.entryKeys(e, declared);
        }
        byte[][] args = new byte[12 + uniques.size() * 3 + entries.size()][];
        int i = 0;
        args[i++] = RedisScripts.bytes(keys.base());
        args[i++] = RedisScripts.bytes(kind);
        args[i++] = RedisScripts.bytes(token);
        args[i++] = json;
        args[i++] = expected;
        Long version = versionOf(doc);
        args[i++] = RedisScripts.bytes(version == null ? "" : Long.toString(version));
        args[i++] = RedisScripts.bytes(indexes.ttlMillis() > 0 ? Long.toString(indexes.ttlMillis()) : "");
        Long at = indexes.expireAt(doc);
        args[i++] = RedisScripts.bytes(at == null ? "" : Long.toString(at));
        args[i++] = RedisScripts.bytes(indexes.hasTtl() ? "1" : "0");
        args[i++] = RedisScripts.bytes(wkey);
        args[i++] = RedisScripts.bytes(Long.toString(writeKeyTtlMillis));
        args[i++] = RedisScripts.bytes(Integer.toString(uniques.size()));
        for (String[] u : uniques) {
            for (String part : u) {
                args[i++] = RedisScripts.bytes(part);
            }
        }
        for (String e : entries) {
            args[i++] = RedisScripts.bytes(e);
        }
        return new ScriptCall(new ArrayList<>(declared), args);
    }

    private ScriptCall deleteCall(Object id, @Nullable Long expectedVersion) {
        String token = RedisValueEncoding.idToken(id);
        String wkey = writeKey();
        List<String> declared = List.of(keys.doc(token), keys.manifest(), keys.ids(), keys.expiry(), wkey);
        return new ScriptCall(declared, new byte[][] {RedisScripts.bytes(keys.base()), RedisScripts.bytes(token),
                RedisScripts.bytes(expectedVersion == null ? "" : Long.toString(expectedVersion)),
                RedisScripts.bytes(indexes.hasTtl() ? "1" : "0"), RedisScripts.bytes(wkey),
                RedisScripts.bytes(Long.toString(writeKeyTtlMillis))});
    }

    private WriteOutcome outcome(WriteOp op, List<Object> reply) {
        String code = new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
        switch (code) {
            case "OK":
                return WriteOutcome.WRITTEN;
            case "DUP":
                return WriteOutcome.DUPLICATE_KEY;
            case "NF":
                return WriteOutcome.NOT_FOUND;
            case "VC":
                return WriteOutcome.VERSION_CONFLICT;
            case "CHANGED":
                return WriteOutcome.WRITTEN;
            case "UNQ":
                String index = new String((byte[]) reply.get(1), StandardCharsets.UTF_8);
                List<String> fields = indexes.uniques().stream().filter(u -> u.name().equals(index)).findFirst()
                        .map(RedisIndexMaintainer.Unique::paths).orElse(List.of(index));
                throw new DuplicateKeyException(entityName + " '" + op.id() + "' violates unique index '" + index + "' on "
                        + String.join(", ", fields) + ": another entity has the same value; nothing was written");
            default:
                throw new IllegalStateException("unexpected write script reply " + code);
        }
    }

    @Override
    protected WriteOutcome doWrite(WriteOp op) {
        refreshIndexes();
        List<Object> reply;
        try {
            ScriptCall call = writeCall(op);
            reply = runner.run(RedisScripts.Script.WRITE, call.keys(), call.args());
        } catch (RuntimeException e) {
            throw RedisErrors.translateWrite(e, "write " + entityName, connector.server());
        }
        return outcome(op, reply);
    }

    /**
     * Pipelines the writes in batches of {@code writeBatchSize}: each batch is sent in one write and one
     * flush ({@link RedisWriteRunner#runBatchAsync}), then its replies are collected, one outcome per entity.
     */
    @Override
    protected List<WriteResult> doWriteAll(List<WriteOp> ops) {
        refreshIndexes();
        List<WriteResult> out = new ArrayList<>(ops.size());
        for (int from = 0; from < ops.size(); from += writeBatchSize) {
            List<WriteOp> batch = ops.subList(from, Math.min(ops.size(), from + writeBatchSize));
            List<ScriptCall> calls = new ArrayList<>(batch.size());
            List<@Nullable RuntimeException> unprepared = new ArrayList<>(batch.size());
            for (WriteOp op : batch) {
                try {
                    calls.add(writeCall(op));
                    unprepared.add(null);
                } catch (RuntimeException e) {
                    unprepared.add(e);
                }
            }
            Iterator<CompletableFuture<List<Object>>> replies = runner.runBatchAsync(RedisScripts.Script.WRITE,
                    calls.stream().map(ScriptCall::keys).toList(), calls.stream().map(ScriptCall::args).toList()).iterator();
            for (int k = 0; k < batch.size(); k++) {
                RuntimeException e = unprepared.get(k);
                out.add(await(batch.get(k), e == null ? replies.next() : CompletableFuture.failedFuture(e)));
            }
        }
        return out;
    }

    private WriteResult await(WriteOp op, CompletableFuture<List<Object>> f) {
        try {
            return new WriteResult(outcome(op, f.get(timeoutMillis, TimeUnit.MILLISECONDS)), null);
        } catch (DataAccessException e) {
            return new WriteResult(null, e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return new WriteResult(null, RedisErrors.translateWrite(e, "write " + entityName, connector.server()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new WriteResult(null, RedisErrors.translateWrite(e, "write " + entityName, connector.server()));
        }
    }

    /**
     * A partial update as a compare-and-set in the write script: read the document, apply the update
     * ({@link UpdateApplier}), and write it — with its index entries, unique checks and TTL, in one
     * script — only if the stored JSON is still the one read; otherwise read again. Atomic per entity
     * for versioned and unversioned entities alike (Redis has no server-side JSON update without
     * modules). {@code updateAll} runs this per matching id (the generic path).
     */
    @Override
    protected UpdateOutcome doUpdate(Object id, Update update, @Nullable Long expectedVersion, @Nullable Filter condition) {
        refreshIndexes();
        String key = keys.doc(RedisValueEncoding.idToken(id));
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            byte[] json;
            try {
                json = connector.sync().get(key);
            } catch (RuntimeException e) {
                throw RedisErrors.translate(e, "update " + entityName, connector.server());
            }
            if (json == null) {
                return UpdateOutcome.of(WriteOutcome.NOT_FOUND);
            }
            Map<String, Object> doc = codec.decodeNeutral(json);
            if (condition != null && !DocumentMatcher.matches(doc, condition)) {
                return UpdateOutcome.of(WriteOutcome.NOT_FOUND);
            }
            if (expectedVersion != null && !Objects.equals(versionOf(doc), expectedVersion)) {
                return UpdateOutcome.of(WriteOutcome.VERSION_CONFLICT);
            }
            Map<String, Object> next = UpdateApplier.apply(doc, update);
            checkDocument(next, id);
            WriteOp op = new WriteOp(WriteOp.Kind.REPLACE, id, next, null, 0);
            List<Object> reply;
            try {
                ScriptCall call = writeCall("C", id, next, codec.encode(next), json, true);
                reply = runner.run(RedisScripts.Script.WRITE, call.keys(), call.args());
            } catch (RuntimeException e) {
                throw RedisErrors.translateWrite(e, "update " + entityName, connector.server());
            }
            WriteOutcome o = outcome(op, reply);
            if (o == WriteOutcome.WRITTEN) {
                return UpdateOutcome.written(next);
            }
            if (o == WriteOutcome.NOT_FOUND) {
                return UpdateOutcome.of(o);
            }
            // VERSION_CONFLICT: another writer changed it since the read
        }
        throw new OptimisticLockException(entityName + " '" + id + "' changed under " + UPDATE_ATTEMPTS
                + " consecutive update attempts; not updated");
    }

    @Override
    protected WriteOutcome doDelete(Object id, @Nullable Long expectedVersion) {
        byte[] reply;
        try {
            ScriptCall call = deleteCall(id, expectedVersion);
            reply = (byte[]) runner.run(RedisScripts.Script.DELETE, call.keys(), call.args()).get(0);
        } catch (RuntimeException e) {
            throw RedisErrors.translateWrite(e, "delete " + entityName, connector.server());
        }
        String code = new String(reply, StandardCharsets.US_ASCII);
        return code.equals("OK") ? WriteOutcome.WRITTEN : code.equals("VC") ? WriteOutcome.VERSION_CONFLICT : WriteOutcome.NOT_FOUND;
    }

    private long deleteIds(List<Object> ids) {
        List<List<String>> callKeys = new ArrayList<>(ids.size());
        List<byte[][]> callArgs = new ArrayList<>(ids.size());
        for (Object id : ids) {
            ScriptCall call = deleteCall(id, null);
            callKeys.add(call.keys());
            callArgs.add(call.args());
        }
        List<CompletableFuture<List<Object>>> sent = runner.runBatchAsync(RedisScripts.Script.DELETE, callKeys, callArgs); // one flush
        long n = 0;
        for (CompletableFuture<List<Object>> f : sent) {
            try {
                n += "OK".equals(new String((byte[]) f.get(timeoutMillis, TimeUnit.MILLISECONDS).get(0), StandardCharsets.US_ASCII)) ? 1 : 0;
            } catch (ExecutionException | TimeoutException e) {
                throw RedisErrors.translateWrite(e, "deleteAll " + entityName, connector.server());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw RedisErrors.translateWrite(e, "deleteAll " + entityName, connector.server());
            }
        }
        return n;
    }

    @Override
    protected long doDeleteAll(Query query) {
        refreshIndexes();
        return executor.deleteAll(query, this::deleteIds, this::popSnapshot);
    }

    /** Takes up to n ids from a deleteAll snapshot (empty once it is exhausted or expired) and extends its life. */
    private List<String> popSnapshot(String snapshot, int n) {
        try {
            List<ScoredValue<byte[]>> popped = connector.sync().zpopmin(snapshot, n);
            List<String> ids = new ArrayList<>(popped.size());
            popped.forEach(v -> ids.add(new String(v.getValue(), StandardCharsets.UTF_8)));
            if (!ids.isEmpty()) {
                connector.sync().pexpire(snapshot, 30_000);
            }
            return ids;
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "deleteAll " + entityName, connector.server());
        }
    }

    /**
     * Rewrites the index entries of every stored entity from its document, e.g. after a field became
     * {@code @Indexed} or an index changed. Documents, versions and TTLs stay as they are; an entity
     * written concurrently is skipped (its writer maintained its indexes). Pipelined in batches.
     *
     * @return how many entities were re-indexed
     * @throws DuplicateKeyException if a new unique index finds two entities with one value (the
     *     entities before it are re-indexed; fix the data and run it again)
     */
    public long reindex() {
        long done = 0;
        byte @Nullable [] after = null;
        while (true) {
            List<byte[]> tokens;
            List<KeyValue<String, byte[]>> docs;
            try {
                tokens = connector.sync().zrangebylex(keys.ids(), Range.from(
                        after == null ? Range.Boundary.unbounded()
                                : Range.Boundary.excluding(after),
                        Range.Boundary.unbounded()), Limit.create(0, writeBatchSize));
                if (tokens.isEmpty()) {
                    return done;
                }
                String[] docKeys = tokens.stream().map(t -> keys.doc(new String(t, StandardCharsets.UTF_8))).toArray(String[]::new);
                docs = connector.sync().mget(docKeys);
            } catch (RuntimeException e) {
                throw RedisErrors.translate(e, "reindex " + entityName, connector.server());
            }
            List<CompletableFuture<List<Object>>> sent = new ArrayList<>();
            List<Object> ids = new ArrayList<>();
            for (KeyValue<String, byte[]> kv : docs) {
                if (!kv.hasValue()) {
                    continue;
                }
                Map<String, Object> doc = codec.decodeNeutral(kv.getValue());
                Object id = Objects.requireNonNull(doc.get(metadata.idProperty()),
                        () -> kv.getKey() + " holds a document without its id property '" + metadata.idProperty() + "'");
                ids.add(id);
                ScriptCall call = writeCall("X", id, doc, kv.getValue(), new byte[0], false);
                sent.add(runner.runAsync(RedisScripts.Script.WRITE, call.keys(), call.args()));
            }
            for (int k = 0; k < sent.size(); k++) {
                WriteOp op = new WriteOp(WriteOp.Kind.UPSERT, ids.get(k), Map.of(), null, k);
                WriteResult r = await(op, sent.get(k));
                if (r.error() != null) {
                    throw r.error();
                }
                done++;
            }
            after = tokens.get(tokens.size() - 1);
        }
    }

    /**
     * Checks every index entry of this collection against the documents, and with {@code repair}
     * fixes what it can (see {@link RedisIndexVerifier}).
     */
    public IndexReport verifyIndexes(boolean repair) {
        try {
            return new RedisIndexVerifier(this, connector, keys, indexes, codec, runner).run(repair);
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "verifyIndexes " + entityName, connector.server());
        }
    }

    /** The version a stored document carries, or null (unversioned). */
    @Nullable Long versionOfDocument(Map<String, Object> doc) {
        return versionOf(doc);
    }

    /**
     * Rewrites every index entry and the manifest of one document if it is still the JSON read
     * (taking its unique values over from whichever id held them); "OK", "CHANGED" or "NF".
     */
    String forceReindex(String idToken, Map<String, Object> doc, byte[] json) {
        Object id = doc.get(metadata.idProperty());
        ScriptCall call = writeCall("F", id == null ? idToken : id, doc, json, new byte[0], false);
        List<Object> reply = runner.run(RedisScripts.Script.WRITE, call.keys(), call.args());
        return new String((byte[]) reply.get(0), StandardCharsets.UTF_8);
    }

    /** Removes up to {@code max} expired entities with their index entries; returns how many. */
    public long sweep(int max) {
        try {
            // first call: which keys the due documents occupy; second: purge them with those keys declared
            List<String> declared = new ArrayList<>(List.of(keys.expiry(), keys.manifest(), keys.ids()));
            long n = 0;
            for (int round = 0; round < 2; round++) {
                List<Object> reply = runner.run(RedisScripts.Script.PURGE, declared, RedisScripts.bytes(keys.base()),
                        RedisScripts.bytes(Integer.toString(max)));
                n += (Long) reply.get(0);
                if (reply.size() == 1 || n >= max) {
                    break;
                }
                declared.addAll(RedisWriteRunner.keysRequested(reply, 1));
            }
            return n;
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "sweep " + entityName, connector.server());
        }
    }

    // ------------------------------------------------------------------------------ reads

    @Override
    protected @Nullable Map<String, Object> doFindById(Object id) {
        byte[] json;
        try {
            json = connector.sync().get(keys.doc(RedisValueEncoding.idToken(id)));
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "findById " + entityName, connector.server());
        }
        return json == null ? null : codec.decodeNeutral(json);
    }

    @Override
    protected List<Map<String, Object>> doFindAllById(List<Object> ids) {
        String[] docKeys = new String[ids.size()];
        for (int i = 0; i < docKeys.length; i++) {
            docKeys[i] = keys.doc(RedisValueEncoding.idToken(ids.get(i)));
        }
        List<KeyValue<String, byte[]>> values;
        try {
            values = connector.sync().mget(docKeys);
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "findAllById " + entityName, connector.server());
        }
        List<Map<String, Object>> out = new ArrayList<>(values.size());
        for (KeyValue<String, byte[]> kv : values) {
            if (kv.hasValue()) {
                out.add(codec.decodeNeutral(kv.getValue()));
            }
        }
        return out;
    }

    @Override
    protected boolean doExistsById(Object id) {
        try {
            return connector.sync().exists(keys.doc(RedisValueEncoding.idToken(id))) > 0;
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "existsById " + entityName, connector.server());
        }
    }

    @Override
    protected Stream<Map<String, Object>> doFind(Query query) {
        refreshIndexes();
        return executor.stream(query);
    }

    @Override
    protected long doCount(Query query) {
        refreshIndexes();
        return executor.count(query);
    }

    /**
     * Also unwraps to the Lettuce client and to connections/commands with String keys and values (a
     * separate connection from the one Stratum uses).
     */
    @Override
    public <N> N unwrap(Class<N> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        N n = connector.unwrap(type);
        if (n != null) {
            return n;
        }
        return super.unwrap(type);
    }
}
