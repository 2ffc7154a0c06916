package dev.stratum.api.spi;

import dev.stratum.api.Aggregation;
import dev.stratum.api.BulkResult;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.CursorKey;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.EntityNotFoundException;
import dev.stratum.api.Filter;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.InvalidEntityException;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.Update;
import dev.stratum.api.spi.internal.AggregationPreparer;
import dev.stratum.api.spi.internal.Aggregator;
import dev.stratum.api.internal.DocumentChecks;
import dev.stratum.api.internal.KeysetCursor;
import dev.stratum.api.spi.internal.Pager;
import dev.stratum.api.spi.internal.Projection;
import dev.stratum.api.internal.QueryPreparer;
import dev.stratum.api.spi.internal.UpdatePreparer;
import dev.stratum.api.spi.internal.WritePreparer;
import dev.stratum.api.spi.internal.WritePreparer.Origin;
import dev.stratum.api.spi.internal.WritePreparer.Prepared;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 *       their values converted to neutral values; filters and sorts may name the id property;
 *   <li>updates have been validated against the entity, hold neutral values, and already carry the
 *       managed changes: {@code inc(version, 1)} and {@code set(updatedAt, now)} where declared.
 * </ul>
 *
 * <p>What lives here, identically for every store: validation, the {@link dev.stratum.api.Version}
 * rules and audit fields ({@link WritePreparer}), paging ({@link Pager}), projection types, bulk
 * result reporting, and turning outcomes into the right exceptions. Every operation has a correct
 * generic default built on the required {@code do*} methods; a store overrides for native efficiency:
 *
 * <ul>
 *   <li>{@link #doUpdate} (default: version-checked read-modify-write loop over {@link #doWrite}) and
 *       {@link #doUpdateAll} (default: collect the matching ids, then {@link #doUpdate} each);
 *   <li>{@link #doFindAfter}, the keyset hook (default: the OR-of-ANDs "after" filter, checked against
 *       the capabilities, through {@link #doFind}); native cursors ({@code search_after},
 *       {@code startAfter}) go here;
 *   <li>{@link #doAggregate} (default: {@link Aggregator} over a stream of {@link #doFind});
 *   <li>{@link #doWriteAll}, {@link #doFindAllById}, {@link #doCount}, {@link #doExists},
 *       {@link #doExistsById}.
 * </ul>
 *
 * @param <T> entity type
 * @param <ID> id type
 */
public abstract class AbstractRepository<T, ID> implements Repository<T, ID>, DocumentAccess {
    /** Attempts of the generic read-modify-write update before it gives up under contention. */
    private static final int UPDATE_ATTEMPTS = 32;
    private static final int UPDATE_BATCH = 500;

    protected final EntityMetadata<T> metadata;
    protected final EntityMapper mapper;
    protected final Capabilities capabilities;
    protected final StoreInfo storeInfo;
    private final Clock clock;
    private final QueryPreparer preparer;
    private final UpdatePreparer updates;
    private final AggregationPreparer aggregations;
    private final WritePreparer writes;
    private final Pager pager;
    private final CursorKey cursorKey;
    private final String entityName;

    /**
     * The indexes that exist now on the collection: the entity's declared ones, plus those a store
     * created later through {@link IndexOperations} (a store that keeps such indexes overrides this).
     * The unindexed-field rules of queries ({@link dev.stratum.api.Capability#UNINDEXED_FIELDS}) use it.
     */
    protected List<IndexDefinition> indexes() {
        return metadata.indexes();
    }

    /**
     * @param cursorKey the key page cursors are signed with (the store's configured one; {@link CursorKey#random()} when none is)
     */
    protected AbstractRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo,
            Clock clock, CursorKey cursorKey) {
        this.metadata = metadata;
        this.mapper = mapper;
        this.capabilities = capabilities;
        this.storeInfo = storeInfo;
        this.clock = clock;
        this.preparer = new QueryPreparer(metadata, capabilities, mapper, this::indexes);
        this.updates = new UpdatePreparer(metadata, mapper, preparer);
        this.aggregations = new AggregationPreparer(metadata, preparer);
        this.writes = new WritePreparer(metadata, mapper, capabilities, storeInfo.collection(), this::now, this::newId);
        this.cursorKey = Objects.requireNonNull(cursorKey, "cursorKey");
        QueryPreparer rules = preparer;
        this.pager = new Pager(metadata.idProperty(), capabilities, mapper, cursorKey, new Pager.SortKeyRules() {
            @Override
            public void requirePageable(String field) {
                rules.requirePageable(field);
            }

            @Override
            public @Nullable Object cursorValue(String field, @Nullable Object value) {
                return rules.cursorValue(field, value);
            }
        });
        this.entityName = metadata.type().getSimpleName();
    }

    /** A repository whose page cursors are signed with a random key: valid only while this instance lives. */
    protected AbstractRepository(EntityMetadata<T> metadata, EntityMapper mapper, Capabilities capabilities, StoreInfo storeInfo,
            Clock clock) {
        this(metadata, mapper, capabilities, storeInfo, clock, CursorKey.random());
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

    /**
     * Applies a prepared update to the entity with this id, atomically: only if its version is
     * {@code expectedVersion} (when set) and it matches {@code condition} (when set; the filter of an
     * {@code updateAll}). The default is a read-modify-write loop: read, apply ({@link UpdateApplier}),
     * write back with {@link WriteOp.Kind#REPLACE} expecting the version read, and retry when another
     * writer came in between. That is atomic for versioned entities; for unversioned ones a concurrent
     * whole-entity write between the read and the write can be lost, so stores override this natively.
     */
    protected UpdateOutcome doUpdate(Object id, Update update, @Nullable Long expectedVersion, @Nullable Filter condition) {
        for (int attempt = 0; attempt < UPDATE_ATTEMPTS; attempt++) {
            Map<String, Object> doc = doFindById(id);
            if (doc == null || (condition != null && !DocumentMatcher.matches(doc, condition))) {
                return UpdateOutcome.of(WriteOutcome.NOT_FOUND);
            }
            Long stored = versionOf(doc);
            if (expectedVersion != null && !Objects.equals(stored, expectedVersion)) {
                return UpdateOutcome.of(WriteOutcome.VERSION_CONFLICT);
            }
            Map<String, Object> next = UpdateApplier.apply(doc, update);
            DocumentChecks.check(next, entityName, id, capabilities.store(), capabilities.maxDocumentBytes());
            WriteOutcome o = doWrite(new WriteOp(WriteOp.Kind.REPLACE, id, next, metadata.isVersioned() ? stored : null, 0));
            if (o == WriteOutcome.WRITTEN) {
                return UpdateOutcome.written(next);
            }
            if (o != WriteOutcome.VERSION_CONFLICT || expectedVersion != null) {
                return UpdateOutcome.of(o);
            }
        }
        throw new OptimisticLockException(entityName + " '" + id + "' changed under " + UPDATE_ATTEMPTS
                + " consecutive update attempts; not updated");
    }

    /**
     * Applies a prepared update to every document a prepared query matches; returns how many changed.
     * The default collects the matching ids, then runs {@link #doUpdate} on each (with the query's
     * filter as condition) in batches.
     */
    protected long doUpdateAll(Query query, Update update) {
        List<Object> ids;
        try (Stream<Map<String, Object>> s = doFind(query.project(metadata.idProperty()))) {
            ids = s.map(d -> d.get(metadata.idProperty())).collect(Collectors.toList());
        }
        Filter condition = query.filter().orElse(null);
        long n = 0;
        for (int from = 0; from < ids.size(); from += UPDATE_BATCH) {
            for (Object id : ids.subList(from, Math.min(ids.size(), from + UPDATE_BATCH))) {
                n += doUpdate(preparer.idValue(id), update, null, condition).outcome() == WriteOutcome.WRITTEN ? 1 : 0;
            }
        }
        return n;
    }

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

    /**
     * The keyset hook of paging: the documents of a prepared query (sorted by {@code keys}, the id
     * last, and limited to one more than the page) that come strictly after {@code lastValues} in
     * that order. The default appends {@link KeysetCursor#after} — an OR of ANDs — to the filter,
     * checks those constructs against the capabilities ({@link dev.stratum.api.QueryNotSupportedException}
     * if the store lacks OR or EXISTS) and runs {@link #doFind}. Stores with native cursors
     * ({@code search_after}, {@code startAfter}) override this.
     */
    protected Stream<Map<String, Object>> doFindAfter(Query query, List<Sort> keys, List<@Nullable Object> lastValues) {
        Filter after = KeysetCursor.after(keys, lastValues);
        preparer.requireConstructs(after, "keyset paging after sort keys " + keys);
        return doFind(query.and(after));
    }

    /** How many documents match (limit and offset apply). */
    protected long doCount(Query query) {
        try (Stream<Map<String, Object>> s = doFind(query.project(metadata.idProperty()))) {
            return s.count();
        }
    }

    /** Whether a prepared query matches anything; the default fetches at most one id. */
    protected boolean doExists(Query query) {
        try (Stream<Map<String, Object>> s = doFind(query.project(metadata.idProperty()).limit(1))) {
            return s.findAny().isPresent();
        }
    }

    /**
     * The rows of a prepared aggregation (neutral maps keyed by its result names, sorted by the group
     * values). The default streams the matching documents, only the fields it reads, through the
     * reference computation; stores with {@link Capability#NATIVE_AGGREGATION} override this.
     */
    protected List<Map<String, Object>> doAggregate(Aggregation aggregation) {
        Query q = aggregation.query();
        Set<String> fields = aggregations.fieldsRead(aggregation);
        if (capabilities.supports(Capability.PROJECTION) && !fields.isEmpty()) {
            q = q.project(fields.toArray(String[]::new));
        }
        try (Stream<Map<String, Object>> s = doFind(q)) {
            return Aggregator.aggregate(aggregation, s);
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
        return finish(writes.prepare(entity, Origin.INSERT, 0));
    }

    @Override
    public T save(T entity) {
        return finish(writes.prepare(entity, Origin.SAVE, 0));
    }

    @Override
    public T update(T entity) {
        return finish(writes.prepare(entity, Origin.UPDATE, 0));
    }

    private T finish(Prepared p) {
        DataAccessException e = writes.failure(p, doWrite(p.op()));
        if (e != null) {
            throw e;
        }
        return result(p);
    }

    private T result(Prepared p) {
        return p.changed() ? decode(p.op().document()) : metadata.type().cast(p.entity());
    }

    @Override
    public T update(ID id, Update update) {
        return partialUpdate(id, update, null);
    }

    @Override
    public T update(ID id, Update update, long expectedVersion) {
        if (!metadata.isVersioned()) {
            throw new InvalidQueryException(entityName + " has no @Version: update(id, update) without an expected version");
        }
        return partialUpdate(id, update, expectedVersion);
    }

    private T partialUpdate(ID id, Update update, @Nullable Long expectedVersion) {
        Update prepared = managed(updates.prepare(update));
        Object nid = preparer.idValue(writes.requireId(id));
        UpdateOutcome o = doUpdate(nid, prepared, expectedVersion, null);
        switch (o.outcome()) {
            case WRITTEN:
                return decode(Objects.requireNonNull(o.document(), "updated document"));
            case VERSION_CONFLICT:
                throw new OptimisticLockException(entityName + " '" + nid + "' was changed by another writer: expected version "
                        + expectedVersion + " is stale; not updated");
            default:
                throw new EntityNotFoundException(entityName + " '" + nid + "' does not exist in " + storeInfo.collection() + "; not updated");
        }
    }

    /** The user's prepared update plus what the repository maintains: the version and {@code @UpdatedAt}. */
    private Update managed(Update u) {
        if (metadata.updatedAtProperty().isPresent()) {
            u = u.andSet(metadata.updatedAtProperty().get(), now());
        }
        if (metadata.versionProperty().isPresent()) {
            u = u.inc(metadata.versionProperty().get(), 1);
        }
        return u;
    }

    @Override
    public long updateAll(Query query, Update update) {
        Update prepared = managed(updates.prepare(update));
        return doUpdateAll(preparer.prepare(query), prepared);
    }

    @Override
    public BulkResult<T> saveAll(Iterable<? extends T> entities) {
        List<Prepared> prepared = new ArrayList<>();
        List<BulkResult.Failure<T>> failures = new ArrayList<>();
        int i = 0;
        for (T e : entities) {
            try {
                prepared.add(writes.prepare(e, Origin.SAVE, i));
            } catch (DataAccessException ex) {
                failures.add(new BulkResult.Failure<>(i, e, ex));
            }
            i++;
        }
        List<WriteResult> results = prepared.isEmpty() ? List.of() : doWriteAll(prepared.stream().map(Prepared::op).toList());
        List<T> saved = new ArrayList<>();
        for (int k = 0; k < prepared.size(); k++) {
            Prepared p = prepared.get(k);
            WriteResult r = results.get(k);
            DataAccessException e = r.error() != null ? r.error() : writes.failure(p, r.outcome());
            if (e == null) {
                saved.add(result(p));
            } else {
                failures.add(new BulkResult.Failure<>(p.op().index(), metadata.type().cast(p.entity()), e));
            }
        }
        failures.sort((a, b) -> Integer.compare(a.index(), b.index()));
        return new BulkResult<>(saved, failures);
    }

    @Override
    public Optional<T> findById(ID id) {
        Map<String, Object> doc = doFindById(preparer.idValue(writes.requireId(id)));
        return doc == null ? Optional.empty() : Optional.of(decode(doc));
    }

    @Override
    public List<T> findAllById(Iterable<? extends ID> ids) {
        Set<Object> distinct = new LinkedHashSet<>();
        for (ID id : ids) {
            distinct.add(preparer.idValue(writes.requireId(id)));
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
        return doExistsById(preparer.idValue(writes.requireId(id)));
    }

    @Override
    public List<T> find(Query query) {
        try (Stream<T> s = stream(query)) {
            return s.collect(Collectors.toList());
        }
    }

    @Override
    public Stream<T> stream(Query query) {
        return doFind(prepareEntityQuery(query)).map(this::decode);
    }

    @Override
    public Optional<T> findFirst(Query query) {
        Query q = prepareEntityQuery(query);
        try (Stream<Map<String, Object>> s = doFind(q.limit(1))) {
            return s.findFirst().map(this::decode);
        }
    }

    @Override
    public boolean exists(Query query) {
        return doExists(preparer.prepare(query));
    }

    /**
     * Prepares a query for an entity-typed read: refuses projections (a partial entity could be written
     * back over the full one), then prepares it as {@link #prepareQuery} does. Stores that add native
     * entity-typed entry points use this.
     */
    protected Query prepareEntityQuery(Query query) {
        if (query != null && !query.projection().isEmpty()) {
            throw new InvalidQueryException("a projected query returns partial " + entityName + " entities, which save() or update() would"
                    + " write over the full ones: read a projection type instead, e.g. find(query, " + entityName + "Summary.class)");
        }
        return preparer.prepare(query);
    }

    @Override
    public <P> List<P> find(Query query, Class<P> projectionType) {
        try (Stream<P> s = stream(query, projectionType)) {
            return s.collect(Collectors.toList());
        }
    }

    @Override
    public <P> Stream<P> stream(Query query, Class<P> projectionType) {
        Projection<P> p = Projection.of(projectionType, metadata, mapper);
        Query q = prepareEntityQuery(query);
        if (capabilities.supports(Capability.PROJECTION)) {
            q = q.project(p.pathArray());
        }
        return doFind(q).map(d -> p.map(d, mapper));
    }

    @Override
    public Page<T> page(Query query, PageRequest request) {
        Page<Map<String, Object>> docs = doPage(prepareEntityQuery(query), request, null);
        return new Page<>(docs.items().stream().map(this::decode).toList(), docs.next());
    }

    @Override
    public <P> Page<P> page(Query query, PageRequest request, Class<P> projectionType) {
        Projection<P> p = Projection.of(projectionType, metadata, mapper);
        Query q = prepareEntityQuery(query);
        Page<Map<String, Object>> docs = doPage(q, request, capabilities.supports(Capability.PROJECTION) ? p.paths() : null);
        return new Page<>(docs.items().stream().map(d -> p.map(d, mapper)).toList(), docs.next());
    }

    /**
     * One page of neutral documents, entity pages and projection-type pages alike. The default is the shared pager:
     * offset pages through {@link #doFind}, keyset pages through {@link #doFind} then {@link #doFindAfter} with an
     * opaque cursor holding the last row's sort values. A store with native keyset paging overrides this for keyset
     * requests (and calls {@code super} for offset ones), so both kinds of page take its native path.
     *
     * @param prepared the entity query, prepared and validated
     * @param request the page asked for
     * @param projection the fields a projection type reads (to be read besides the query's own), or null for whole documents
     */
    protected Page<Map<String, Object>> doPage(Query prepared, PageRequest request, @Nullable Collection<String> projection) {
        return pager.page(prepared, request, projection, this::fetchPage);
    }

    private List<Map<String, Object>> fetchPage(Query q, List<Sort> keys, @Nullable List<@Nullable Object> after) {
        try (Stream<Map<String, Object>> s = after == null ? doFind(q) : doFindAfter(q, keys, after)) {
            return s.collect(Collectors.toList());
        }
    }

    @Override
    public <R> List<R> aggregate(Aggregation aggregation, Class<R> resultType) {
        Aggregation prepared = aggregations.prepare(aggregation);
        Objects.requireNonNull(resultType, "resultType");
        List<Map<String, Object>> rows = doAggregate(prepared);
        List<R> out = new ArrayList<>(rows.size());
        for (Map<String, Object> row : rows) {
            out.add(mapper.fromDocument(row, resultType));
        }
        return out;
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
        return doDelete(preparer.idValue(writes.requireId(id)), null) == WriteOutcome.WRITTEN;
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
                Object id = preparer.idValue(writes.requireId(raw));
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
                    out.set(ops.get(k).index(), new DataAccessException(ErrorCode.STORE_ERROR,
                            entityName + " '" + ops.get(k).id() + "' not written: " + r.outcome()));
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------------ helpers for stores

    /** Checks a document the store built itself (e.g. an update applied to a read) as every write is checked: keys, values, size. */
    protected void checkDocument(Map<String, Object> document, Object id) {
        DocumentChecks.check(document, entityName, id, capabilities.store(), capabilities.maxDocumentBytes());
    }

    /** Decodes a stored neutral (or store-native) document. */
    protected T decode(Map<String, Object> document) {
        return mapper.fromDocument(document, metadata.type());
    }

    /** The key this repository signs page cursors with: for stores that page natively through {@link KeysetCursors}. */
    protected final CursorKey cursorKey() {
        return cursorKey;
    }

    /**
     * Refuses keyset paging sorted by a field whose values may be of several types ({@link InvalidQueryException}), as the
     * shared pager does: for stores that page natively through {@link KeysetCursors}.
     */
    protected final void requirePageableSort(List<Sort> keys) {
        keys.forEach(k -> preparer.requirePageable(k.field()));
    }

    /** Prepares a query exactly as the public methods do (for stores that add native entry points). */
    protected Query prepareQuery(Query query) {
        return preparer.prepare(query);
    }

    /** The version held in a neutral document, or null. */
    protected @Nullable Long versionOf(Map<String, Object> document) {
        return writes.versionOf(document);
    }

    /** The time stamps use: the clock's time truncated to milliseconds. */
    protected Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
