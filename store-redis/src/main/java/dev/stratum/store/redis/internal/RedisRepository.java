package dev.stratum.store.redis.internal;

import dev.stratum.api.Capabilities;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Update;
import dev.stratum.api.spi.DocumentMatcher;
import dev.stratum.api.spi.UpdateApplier;
import dev.stratum.api.spi.UpdateOutcome;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.spi.AbstractRepository;
import dev.stratum.api.spi.WriteOp;
import dev.stratum.api.spi.WriteOutcome;
import io.lettuce.core.KeyValue;
import io.lettuce.core.ScriptOutputType;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final RedisIndexMaintainer indexes;
    private final RedisDocumentCodec codec;
    private final RedisQueryExecutor executor;
    private final int writeBatchSize;
    private final long timeoutMillis;
    private final String entityName;

    public RedisRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo,
            RedisConnector connector, RedisScripts scripts) {
        super(metadata, mapper, capabilities, storeInfo);
        this.connector = connector;
        this.scripts = scripts;
        this.keys = new RedisKeys(connector.config().keyPrefix(), metadata.collection());
        this.indexes = new RedisIndexMaintainer(metadata);
        this.codec = new RedisDocumentCodec(mapper, metadata);
        this.writeBatchSize = connector.config().writeBatchSize();
        this.timeoutMillis = connector.config().commandTimeout().toMillis();
        this.entityName = metadata.type().getSimpleName();
        RedisQueryPlanner planner = new RedisQueryPlanner(metadata, indexes, capabilities.store());
        this.executor = new RedisQueryExecutor(keys, scripts, planner, codec::decodeNeutral, metadata.idProperty(), indexes.hasTtl(),
                connector.config().fetchSize(), connector.config().cursorTtl().toMillis(), writeBatchSize, connector.server());
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

    private byte[][] writeArgs(WriteOp op) {
        return writeArgs(op.kind() == WriteOp.Kind.INSERT ? "I" : op.kind() == WriteOp.Kind.REPLACE ? "R" : "U", op.id(), op.document(),
                codec.encode(op.document()), op.expectedVersion());
    }

    private byte[][] writeArgs(String kind, Object id, Map<String, Object> doc, byte[] json, @Nullable Long expectedVersion) {
        return writeArgs(kind, id, doc, json, RedisScripts.bytes(expectedVersion == null ? "" : Long.toString(expectedVersion)));
    }

    private byte[][] writeArgs(String kind, Object id, Map<String, Object> doc, byte[] json, byte[] expected) {
        List<String> entries = indexes.entries(doc);
        List<String[]> uniques = indexes.uniqueChecks(doc);
        byte[][] args = new byte[10 + uniques.size() * 3 + entries.size()][];
        int i = 0;
        args[i++] = RedisScripts.bytes(keys.base());
        args[i++] = RedisScripts.bytes(kind);
        args[i++] = RedisScripts.bytes(RedisValueEncoding.idToken(id));
        args[i++] = json;
        args[i++] = expected;
        Long version = versionOf(doc);
        args[i++] = RedisScripts.bytes(version == null ? "" : Long.toString(version));
        args[i++] = RedisScripts.bytes(indexes.ttlMillis() > 0 ? Long.toString(indexes.ttlMillis()) : "");
        Long at = indexes.expireAt(doc);
        args[i++] = RedisScripts.bytes(at == null ? "" : Long.toString(at));
        args[i++] = RedisScripts.bytes(indexes.hasTtl() ? "1" : "0");
        args[i++] = RedisScripts.bytes(Integer.toString(uniques.size()));
        for (String[] u : uniques) {
            for (String part : u) {
                args[i++] = RedisScripts.bytes(part);
            }
        }
        for (String e : entries) {
            args[i++] = RedisScripts.bytes(e);
        }
        return args;
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
        List<Object> reply;
        try {
            reply = scripts.run(RedisScripts.Script.WRITE, ScriptOutputType.MULTI,
                    new String[] {keys.doc(RedisValueEncoding.idToken(op.id()))}, writeArgs(op));
        } catch (RuntimeException e) {
            throw RedisErrors.translateWrite(e, "write " + entityName, connector.server());
        }
        return outcome(op, reply);
    }

    /** Pipelines the writes in batches: each batch is sent without waiting, then its replies are collected. */
    @Override
    protected List<WriteResult> doWriteAll(List<WriteOp> ops) {
        List<WriteResult> out = new ArrayList<>(ops.size());
        for (int from = 0; from < ops.size(); from += writeBatchSize) {
            List<WriteOp> batch = ops.subList(from, Math.min(ops.size(), from + writeBatchSize));
            List<CompletableFuture<List<Object>>> sent = new ArrayList<>(batch.size());
            for (WriteOp op : batch) {
                try {
                    sent.add(scripts.runAsync(RedisScripts.Script.WRITE, ScriptOutputType.MULTI,
                            new String[] {keys.doc(RedisValueEncoding.idToken(op.id()))}, writeArgs(op)));
                } catch (RuntimeException e) {
                    sent.add(CompletableFuture.failedFuture(e));
                }
            }
            for (int k = 0; k < batch.size(); k++) {
                out.add(await(batch.get(k), sent.get(k)));
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
            if (expectedVersion != null && !java.util.Objects.equals(versionOf(doc), expectedVersion)) {
                return UpdateOutcome.of(WriteOutcome.VERSION_CONFLICT);
            }
            Map<String, Object> next = UpdateApplier.apply(doc, update);
            checkDocument(next, id);
            WriteOp op = new WriteOp(WriteOp.Kind.REPLACE, id, next, null, 0);
            List<Object> reply;
            try {
                reply = scripts.run(RedisScripts.Script.WRITE, ScriptOutputType.MULTI, new String[] {key},
                        writeArgs("C", id, next, codec.encode(next), json));
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
        throw new dev.stratum.api.OptimisticLockException(entityName + " '" + id + "' changed under " + UPDATE_ATTEMPTS
                + " consecutive update attempts; not updated");
    }

    @Override
    protected WriteOutcome doDelete(Object id, @Nullable Long expectedVersion) {
        String token = RedisValueEncoding.idToken(id);
        byte[] reply;
        try {
            reply = scripts.run(RedisScripts.Script.DELETE, ScriptOutputType.VALUE, new String[] {keys.doc(token)},
                    RedisScripts.bytes(keys.base()), RedisScripts.bytes(token),
                    RedisScripts.bytes(expectedVersion == null ? "" : Long.toString(expectedVersion)),
                    RedisScripts.bytes(indexes.hasTtl() ? "1" : "0"));
        } catch (RuntimeException e) {
            throw RedisErrors.translateWrite(e, "delete " + entityName, connector.server());
        }
        String code = new String(reply, StandardCharsets.US_ASCII);
        return code.equals("OK") ? WriteOutcome.WRITTEN : code.equals("VC") ? WriteOutcome.VERSION_CONFLICT : WriteOutcome.NOT_FOUND;
    }

    private long deleteIds(List<Object> ids) {
        List<CompletableFuture<byte[]>> sent = new ArrayList<>();
        for (Object id : ids) {
            String token = RedisValueEncoding.idToken(id);
            sent.add(scripts.runAsync(RedisScripts.Script.DELETE, ScriptOutputType.VALUE, new String[] {keys.doc(token)},
                    RedisScripts.bytes(keys.base()), RedisScripts.bytes(token), new byte[0], RedisScripts.bytes(indexes.hasTtl() ? "1" : "0")));
        }
        long n = 0;
        for (CompletableFuture<byte[]> f : sent) {
            try {
                n += "OK".equals(new String(f.get(timeoutMillis, TimeUnit.MILLISECONDS), StandardCharsets.US_ASCII)) ? 1 : 0;
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
        return executor.deleteAll(query, this::deleteIds);
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
        String after = "-";
        while (true) {
            List<byte[]> tokens;
            List<KeyValue<String, byte[]>> docs;
            try {
                tokens = connector.sync().zrangebylex(keys.ids(), io.lettuce.core.Range.from(
                        after.equals("-") ? io.lettuce.core.Range.Boundary.unbounded()
                                : io.lettuce.core.Range.Boundary.excluding(RedisScripts.bytes(after)),
                        io.lettuce.core.Range.Boundary.unbounded()), io.lettuce.core.Limit.create(0, writeBatchSize));
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
                Object id = doc.get(metadata.idProperty());
                ids.add(id);
                sent.add(scripts.runAsync(RedisScripts.Script.WRITE, ScriptOutputType.MULTI, new String[] {kv.getKey()},
                        writeArgs("X", id, doc, kv.getValue(), (Long) null)));
            }
            for (int k = 0; k < sent.size(); k++) {
                WriteOp op = new WriteOp(WriteOp.Kind.UPSERT, ids.get(k), Map.of(), null, k);
                WriteResult r = await(op, sent.get(k));
                if (r.error() != null) {
                    throw r.error();
                }
                done++;
            }
            after = new String(tokens.get(tokens.size() - 1), StandardCharsets.UTF_8);
        }
    }

    /** Removes up to {@code max} expired entities with their index entries; returns how many. */
    public long sweep(int max) {
        try {
            Long n = scripts.run(RedisScripts.Script.PURGE, ScriptOutputType.INTEGER, new String[] {keys.expiry()},
                    RedisScripts.bytes(keys.base()), RedisScripts.bytes(Integer.toString(max)));
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
        return executor.stream(query);
    }

    @Override
    protected long doCount(Query query) {
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
