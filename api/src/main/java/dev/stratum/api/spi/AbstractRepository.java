package dev.stratum.api.spi;

import dev.stratum.api.BulkResult;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.EntityNotFoundException;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.internal.DocumentChecks;
import dev.stratum.api.internal.KeysetCursor;
import dev.stratum.api.internal.QueryPreparer;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The store-neutral half of every {@link Repository}. A store extends this and implements the
 * {@code do*} methods, which receive only validated input in neutral form:
 *
 * <ul>
 *   <li>ids are neutral values (String, UUID or Long), never null;
 *   <li>documents are neutral maps ({@link EntityMapper}) holding the id under
 *       {@link EntityMetadata#idProperty()}, already checked for illegal keys and size;
 *   <li>queries have been validated against the entity and the store's {@link Capabilities}, and
 *       their values converted to neutral values; filters and sorts may name the id property.
 * </ul>
 *
 * <p>What lives here, identically for every store: field and value validation, the
 * {@link dev.stratum.api.Version} rules, {@link dev.stratum.api.CreatedAt}/{@link dev.stratum.api.UpdatedAt},
 * id assignment, keyset and offset paging (on top of {@link #doFind}), bulk result reporting, and
 * turning {@link WriteOutcome}s into the right exceptions. A store may override {@link #doWriteAll},
 * {@link #doFindAllById}, {@link #doCount} and {@link #doExistsById} for native efficiency.
 *
 * @param <T> entity type
 * @param <ID> id type
 */
public abstract class AbstractRepository<T, ID> implements Repository<T, ID>, DocumentAccess {
    protected final EntityMetadata<T> metadata;
    protected final EntityMapper mapper;
    protected final Capabilities capabilities;
    protected final StoreInfo storeInfo;
    private final Clock clock;
    private final QueryPreparer preparer;
    private final String entityName;

    protected AbstractRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo,
            Clock clock) {
        this.metadata = metadata;
        this.mapper = mapper;
        this.capabilities = capabilities;
        this.storeInfo = storeInfo;
        this.clock = clock;
        this.preparer = new QueryPreparer(metadata, capabilities, mapper);
        this.entityName = metadata.type().getSimpleName();
    }

    protected AbstractRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo) {
        this(metadata, mapper, capabilities, storeInfo, Clock.systemUTC());
    }

    // ------------------------------------------------------------------------ store's half

    /** Performs one write. May throw {@link DuplicateKeyException} for unique-index clashes. */
    protected abstract WriteOutcome doWrite(WriteOp op);

    /**
     * Performs writes independently (a failure does not stop the others); the result list is parallel
     * to {@code ops}. The default loops over {@link #doWrite}; stores override with native bulk calls.
     */
    protected List<WriteResult> doWriteAll(List<WriteOp> ops) {
        List<WriteResult> out = new ArrayList<>(ops.size());
        for (WriteOp op : ops) {
            try {
                out.add(new WriteResult(doWrite(op), null));
            } catch (DataAccessException e) {
                out.add(new WriteResult(null, e));
            }
        }
        return out;
    }

    /** The outcome of one op of a bulk write: an outcome, or the exception it raised. */
    public record WriteResult(@Nullable WriteOutcome outcome, @Nullable DataAccessException error) {}

    /** The stored document, or null. */
    protected abstract @Nullable Map<String, Object> doFindById(Object id);

    /** The stored documents of these (distinct) ids, any order. */
    protected List<Map<String, Object>> doFindAllById(List<Object> ids) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Object id : ids) {
            Map<String, Object> d = doFindById(id);
            if (d != null) {
                out.add(d);
            }
        }
        return out;
    }

    protected boolean doExistsById(Object id) {
        return doFindById(id) != null;
    }

    /**
     * The documents matching a prepared query, sorted, limited, offset and projected as it says (the
     * id property is always present). The stream is closed by the caller; it should fetch lazily.
     */
    protected abstract Stream<Map<String, Object>> doFind(Query query);

    /** How many documents match (limit and offset apply). */
    protected long doCount(Query query) {
        try (Stream<Map<String, Object>> s = doFind(query.project(metadata.idProperty()))) {
            return s.count();
        }
    }

    /** Deletes by id, only if the stored version equals {@code expectedVersion} when that is set. */
    protected abstract WriteOutcome doDelete(Object id, @Nullable Long expectedVersion);

    /** Deletes what the prepared query matches; returns how many. */
    protected abstract long doDeleteAll(Query query);

    /** A new id for an entity inserted without one; the default is a random UUID (as String or UUID). */
    protected Object newId() {
        UUID u = UUID.randomUUID();
        return metadata.idType() == UUID.class ? u : u.toString();
    }

    // ------------------------------------------------------------------------ Repository

    @Override
    public EntityMetadata<T> metadata() {
        return metadata;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public StoreInfo storeInfo() {
        return storeInfo;
    }

    @Override
    public T insert(T entity) {
        Prepared p = prepare(entity, Origin.INSERT, 0);
        return finish(p, doWrite(p.op));
    }

    @Override
    public T save(T entity) {
        Prepared p = prepare(entity, Origin.SAVE, 0);
        return finish(p, doWrite(p.op));
    }

    @Override
    public T update(T entity) {
        Prepared p = prepare(entity, Origin.UPDATE, 0);
        return finish(p, doWrite(p.op));
    }

    private T finish(Prepared p, WriteOutcome outcome) {
        DataAccessException e = failure(p, outcome);
        if (e != null) {
            throw e;
        }
        return p.result();
    }

    @Override
    public BulkResult<T> saveAll(Iterable<? extends T> entities) {
        List<Prepared> prepared = new ArrayList<>();
        List<BulkResult.Failure<T>> failures = new ArrayList<>();
        int i = 0;
        for (T e : entities) {
            try {
                prepared.add(prepare(e, Origin.SAVE, i));
            } catch (DataAccessException ex) {
                failures.add(new BulkResult.Failure<>(i, e, ex));
            }
            i++;
        }
        List<WriteResult> results = prepared.isEmpty() ? List.of() : doWriteAll(prepared.stream().map(x -> x.op).toList());
        List<T> saved = new ArrayList<>();
        for (int k = 0; k < prepared.size(); k++) {
            Prepared p = prepared.get(k);
            WriteResult r = results.get(k);
            DataAccessException e = r.error() != null ? r.error() : failure(p, r.outcome());
            if (e == null) {
                saved.add(p.result());
            } else {
                failures.add(new BulkResult.Failure<>(p.op.index(), p.entity, e));
            }
        }
        failures.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new BulkResult<>(saved, failures);
    }

    @Override
    public Optional<T> findById(ID id) {
        Map<String, Object> doc = doFindById(preparer.idValue(requireId(id)));
        return doc == null ? Optional.empty() : Optional.of(decode(doc));
    }

    @Override
    public List<T> findAllById(Iterable<? extends ID> ids) {
        Set<Object> distinct = new LinkedHashSet<>();
        for (ID id : ids) {
            distinct.add(preparer.idValue(requireId(id)));
        }
        if (distinct.isEmpty()) {
            return List.of();
        }
        // keyed by text: stores whose native form is JSON hand UUID and numeric ids back as strings
        Map<String, Map<String, Object>> byId = new LinkedHashMap<>();
        for (Map<String, Object> d : doFindAllById(new ArrayList<>(distinct))) {
            byId.put(String.valueOf(d.get(metadata.idProperty())), d);
        }
        List<T> out = new ArrayList<>(byId.size());
        for (Object id : distinct) {
            Map<String, Object> d = byId.get(String.valueOf(id));
            if (d != null) {
                out.add(decode(d));
            }
        }
        return out;
    }

    @Override
    public boolean existsById(ID id) {
        return doExistsById(preparer.idValue(requireId(id)));
    }

    @Override
    public List<T> find(Query query) {
        try (Stream<T> s = stream(query)) {
            return s.collect(Collectors.toList());
        }
    }

    @Override
    public Stream<T> stream(Query query) {
        Query prepared = preparer.prepare(query);
        return doFind(prepared).map(this::decode);
    }

    @Override
    public Page<T> page(Query query, PageRequest request) {
        Query prepared = preparer.prepare(query);
        if (request.isOffset()) {
            capabilities.require(Capability.OFFSET, "offset paging");
            List<Map<String, Object>> docs = fetch(prepared.offset(request.offset()).limit(request.size() + 1));
            boolean more = docs.size() > request.size();
            List<T> items = docs.stream().limit(request.size()).map(this::decode).toList();
            return new Page<>(items, more ? Optional.of(PageRequest.offset(request.offset() + request.size(), request.size())) : Optional.empty());
        }
        if (prepared.offset() > 0 || prepared.limit() > 0) {
            throw new dev.stratum.api.InvalidQueryException("keyset paging takes its size from the PageRequest; remove limit/offset from the query");
        }
        List<Sort> keys = new ArrayList<>(prepared.sort());
        if (keys.stream().noneMatch(s -> s.field().equals(metadata.idProperty()))) {
            keys.add(Sort.asc(metadata.idProperty()));
        }
        long fingerprint = KeysetCursor.fingerprint(prepared.filter().orElse(null), keys);
        Query q = prepared.sortBy(keys).limit(request.size() + 1);
        if (!q.projection().isEmpty()) {
            String[] fields = new LinkedHashSet<>(q.projection()) {{ keys.forEach(k -> add(k.field())); }}.toArray(String[]::new);
            q = q.project(fields);
        }
        if (request.cursor().isPresent()) {
            List<Object> last = KeysetCursor.decode(request.cursor().get(), fingerprint, keys.size());
            q = q.and(KeysetCursor.after(keys, last));
        }
        List<Map<String, Object>> docs = fetch(q);
        boolean more = docs.size() > request.size();
        List<Map<String, Object>> pageDocs = more ? docs.subList(0, request.size()) : docs;
        List<T> items = pageDocs.stream().map(this::decode).toList();
        if (!more) {
            return new Page<>(items, Optional.empty());
        }
        Map<String, Object> lastDoc = pageDocs.get(pageDocs.size() - 1);
        List<Object> values = new ArrayList<>(keys.size());
        for (Sort k : keys) {
            Object v = DocumentPath.get(lastDoc, k.field());
            values.add(v == DocumentPath.ABSENT ? null : mapper.toValue(v));
        }
        return new Page<>(items, Optional.of(PageRequest.after(KeysetCursor.encode(fingerprint, values), request.size())));
    }

    private List<Map<String, Object>> fetch(Query q) {
        try (Stream<Map<String, Object>> s = doFind(q)) {
            return s.collect(Collectors.toList());
        }
    }

    @Override
    public long count(Query query) {
        return doCount(preparer.prepare(query));
    }

    @Override
    public boolean delete(T entity) {
        if (entity == null || !metadata.type().isInstance(entity)) {
            throw new InvalidEntityException("cannot delete " + (entity == null ? "null" : "a " + entity.getClass().getName())
                    + ": expected a " + metadata.type().getName());
        }
        Map<String, Object> doc = mapper.toDocument(entity);
        Object id = doc.get(metadata.idProperty());
        if (id == null) {
            throw new InvalidEntityException("cannot delete " + entityName + " without an id");
        }
        id = preparer.idValue(id);
        Long expected = metadata.isVersioned() ? versionOf(doc) : null;
        // a version-0 copy expects 0, which no stored entity has: it fails as stale instead of deleting any version
        WriteOutcome o = doDelete(id, expected);
        if (o == WriteOutcome.VERSION_CONFLICT) {
            throw new OptimisticLockException(entityName + " '" + id + "' was changed by another writer since version " + expected
                    + "; not deleted");
        }
        return o == WriteOutcome.WRITTEN;
    }

    @Override
    public boolean deleteById(ID id) {
        return doDelete(preparer.idValue(requireId(id)), null) == WriteOutcome.WRITTEN;
    }

    @Override
    public long deleteAll(Query query) {
        return doDeleteAll(preparer.prepare(query));
    }

    @Override
    public <N> N unwrap(Class<N> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException(storeInfo.system() + " repository of " + entityName + " cannot be unwrapped to " + type.getName());
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + entityName + " -> " + storeInfo.system() + ":" + storeInfo.namespace() + "/"
                + storeInfo.collection() + "]";
    }

    // ------------------------------------------------------------------------ DocumentAccess

    @Override
    public EntityMapper mapper() {
        return mapper;
    }

    @Override
    public List<@Nullable DataAccessException> writeVerbatim(List<Map<String, Object>> documents) {
        List<@Nullable DataAccessException> out = new ArrayList<>(documents.size());
        List<WriteOp> ops = new ArrayList<>(documents.size());
        for (int i = 0; i < documents.size(); i++) {
            out.add(null);
            try {
                Map<String, Object> doc = new LinkedHashMap<>(documents.get(i));
                Object raw = doc.get(metadata.idProperty());
                if (raw == null) {
                    throw new InvalidEntityException(entityName + " document without an id (" + metadata.idProperty() + ")");
                }
                Object id = preparer.idValue(requireId(raw));
                DocumentChecks.check(doc, entityName, id, capabilities.store(), capabilities.maxDocumentBytes());
                ops.add(new WriteOp(WriteOp.Kind.UPSERT, id, doc, null, i));
            } catch (DataAccessException e) {
                out.set(i, e);
            }
        }
        if (!ops.isEmpty()) {
            List<WriteResult> results = doWriteAll(ops);
            for (int k = 0; k < ops.size(); k++) {
                WriteResult r = results.get(k);
                if (r.error() != null) {
                    out.set(ops.get(k).index(), r.error());
                } else if (r.outcome() != WriteOutcome.WRITTEN) {
                    out.set(ops.get(k).index(), new DataAccessException(dev.stratum.api.ErrorCode.STORE_ERROR,
                            entityName + " '" + ops.get(k).id() + "' not written: " + r.outcome()));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------ helpers for stores

    /** Decodes a stored neutral (or store-native) document. */
    protected T decode(Map<String, Object> document) {
        return mapper.fromDocument(document, metadata.type());
    }

    /** Prepares a query exactly as the public methods do (for stores that add native entry points). */
    protected Query prepareQuery(Query query) {
        return preparer.prepare(query);
    }

    /** The version held in a neutral document, or null. */
    protected @Nullable Long versionOf(Map<String, Object> document) {
        Object v = metadata.versionProperty().map(document::get).orElse(null);
        return v == null ? null : ((Number) v).longValue();
    }

    /** The time stamps use: the clock's time truncated to milliseconds. */
    protected Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Object requireId(@Nullable Object id) {
        if (id == null) {
            throw new InvalidEntityException("null id for " + entityName);
        }
        if (id instanceof String s && (s.isEmpty() || s.indexOf('\0') >= 0)) {
            throw new InvalidEntityException("invalid id for " + entityName + ": ids must be non-empty and hold no NUL");
        }
        return id;
    }

    private enum Origin { INSERT, SAVE, UPDATE }

    /** An entity turned into a validated write, plus what to return if it succeeds. */
    private final class Prepared {
        final T entity;
        final Origin origin;
        final WriteOp op;
        final boolean changed;
        final @Nullable Long expected;

        Prepared(T entity, Origin origin, WriteOp op, boolean changed, @Nullable Long expected) {
            this.entity = entity;
            this.origin = origin;
            this.op = op;
            this.changed = changed;
            this.expected = expected;
        }

        T result() {
            return changed ? decode(op.document()) : entity;
        }
    }

    private Prepared prepare(T entity, Origin origin, int index) {
        if (entity == null) {
            throw new InvalidEntityException("null " + entityName);
        }
        if (!metadata.type().isInstance(entity)) {
            throw new InvalidEntityException("expected " + metadata.type().getName() + ", got " + entity.getClass().getName());
        }
        Map<String, Object> doc = mapper.toDocument(entity);
        String idProp = metadata.idProperty();
        Object id = doc.get(idProp);
        boolean changed = false;
        if (id == null) {
            if (origin == Origin.UPDATE) {
                throw new InvalidEntityException("cannot update " + entityName + " without an id");
            }
            if (!metadata.idAssignable()) {
                throw new InvalidEntityException(entityName + " has a " + metadata.idType().getSimpleName()
                        + " id, which the application must set; it is null");
            }
            id = newId();
            doc.put(idProp, id);
            changed = true;
        } else {
            id = requireId(id);
        }
        Long expected = null;
        WriteOp.Kind kind;
        if (metadata.isVersioned()) {
            Long current = versionOf(doc);
            long v = current == null ? 0 : current;
            boolean isNew = v == 0;
            if (origin == Origin.INSERT || (origin == Origin.SAVE && isNew)) {
                kind = WriteOp.Kind.INSERT;
                setVersion(doc, 1);
            } else {
                // update() of a version-0 entity expects 0, which no stored entity has: it fails as
                // stale (or not found) instead of overwriting whatever version is stored
                expected = v;
                kind = WriteOp.Kind.REPLACE;
                setVersion(doc, v + 1);
            }
            changed = true;
        } else {
            kind = origin == Origin.INSERT ? WriteOp.Kind.INSERT : origin == Origin.UPDATE ? WriteOp.Kind.REPLACE : WriteOp.Kind.UPSERT;
        }
        Instant now = null;
        if (metadata.createdAtProperty().isPresent() && doc.get(metadata.createdAtProperty().get()) == null) {
            now = now();
            doc.put(metadata.createdAtProperty().get(), now);
            changed = true;
        }
        if (metadata.updatedAtProperty().isPresent()) {
            doc.put(metadata.updatedAtProperty().get(), now == null ? now() : now);
            changed = true;
        }
        DocumentChecks.check(doc, entityName, id, capabilities.store(), capabilities.maxDocumentBytes());
        return new Prepared(entity, origin, new WriteOp(kind, id, doc, expected, index), changed, expected);
    }

    private void setVersion(Map<String, Object> doc, long v) {
        String prop = metadata.versionProperty().orElseThrow();
        Object old = doc.get(prop);
        doc.put(prop, old instanceof Integer ? (Object) Math.toIntExact(v) : (Object) v);
    }

    private @Nullable DataAccessException failure(Prepared p, @Nullable WriteOutcome outcome) {
        Object id = p.op.id();
        if (outcome == null || outcome == WriteOutcome.WRITTEN) {
            return null;
        }
        switch (outcome) {
            case DUPLICATE_KEY:
                if (p.origin == Origin.SAVE && metadata.isVersioned()) {
                    return new OptimisticLockException(entityName + " '" + id + "' already exists; save() of a new (version 0) entity"
                            + " cannot overwrite it: load it and update that version");
                }
                return new DuplicateKeyException(entityName + " '" + id + "' already exists in " + storeInfo.collection());
            case NOT_FOUND:
                if (p.origin == Origin.UPDATE) {
                    return new EntityNotFoundException(entityName + " '" + id + "' does not exist in " + storeInfo.collection());
                }
                return new OptimisticLockException(entityName + " '" + id + "' at version " + p.expected
                        + " no longer exists (deleted by another writer)");
            case VERSION_CONFLICT:
                return new OptimisticLockException(entityName + " '" + id + "' was changed by another writer: expected version "
                        + p.expected + " is stale");
            default:
                throw new IllegalStateException(String.valueOf(outcome));
        }
    }

    /** Convenience for stores: the filter matching one id. */
    protected Filter idFilter(Object id) {
        return Filter.eq(metadata.idProperty(), id);
    }
}
