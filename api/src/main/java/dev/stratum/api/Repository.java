package dev.stratum.api;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The one data-access contract of Stratum, kept identically by every store and by every decorator
 * (cache, tracing). Thread-safe.
 *
 * <pre>{@code
 * Repository<Task, String> tasks = store.repository(Task.class);
 *
 * Task t = tasks.insert(new Task(null, "Write docs", Status.OPEN, 2, List.of("docs"), 0));   // id and version 1 assigned
 * Task done = tasks.update(t.withStatus(Status.DONE));                                      // version 2, or OptimisticLockException
 * List<Task> open = tasks.find(Query.where(Filter.eq("status", Status.OPEN)).sortBy(Sort.desc("priority")).limit(20));
 * Page<Task> page = tasks.page(Query.all().sortBy(Sort.asc("dueDate")), PageRequest.first(50));
 * try (Stream<Task> all = tasks.stream(Query.all())) { all.forEach(this::export); }
 *
 * Task started = tasks.update(t.id(), Update.set("status", Status.IN_PROGRESS).inc("priority", 1));  // atomic, no read
 * List<TaskTitle> titles = tasks.find(Query.where(Filter.eq("status", Status.OPEN)), TaskTitle.class); // record TaskTitle(String id, String title)
 * }</pre>
 *
 * <p>Every method validates its input before any I/O: unknown or illegal field names give
 * {@link InvalidQueryException}, constructs the store cannot do give {@link QueryNotSupportedException},
 * bad ids and illegal keys give {@link InvalidEntityException}. Failures of the store surface as
 * {@link StoreUnavailableException} or {@link StoreTimeoutException} with the driver's exception as cause.
 *
 * @param <T> the entity type (record or POJO annotated with {@link Entity})
 * @param <ID> the id type ({@code String}, {@code UUID} or {@code Long})
 */
public interface Repository<T, ID> {

    /** The entity's metadata: collection name, id, version, indexes. */
    EntityMetadata<T> metadata();

    /** What the underlying store can do. */
    Capabilities capabilities();

    /** Where this repository's data lives (for tracing and diagnostics; never holds credentials). */
    StoreInfo storeInfo();

    /**
     * Writes a new entity; fails with {@link DuplicateKeyException} if the id (or a unique index
     * value) exists. A null String/UUID id is assigned; a version becomes 1; {@link CreatedAt} and
     * {@link UpdatedAt} are set.
     *
     * @return the entity as stored
     */
    T insert(T entity);

    /**
     * Writes the entity whether or not it exists (upsert). For versioned entities the version is
     * checked as {@link Version} describes.
     *
     * @return the entity as stored
     */
    T save(T entity);

    /**
     * Replaces an existing entity: {@link EntityNotFoundException} if absent,
     * {@link OptimisticLockException} if its version is stale.
     *
     * @return the entity as stored, with its version incremented
     */
    T update(T entity);

    /**
     * Saves many entities as {@link #save} would, in store-native batches. Each entity succeeds or
     * fails on its own; the failures are reported, never thrown, and the good entities are kept.
     */
    BulkResult<T> saveAll(Iterable<? extends T> entities);

    /**
     * Changes some fields of one entity atomically on the store, without reading it first, and returns
     * it as stored: its {@link Version} incremented and {@link UpdatedAt} set. Paths and values are
     * checked against the entity before any I/O ({@link InvalidQueryException}).
     *
     * <pre>{@code
     * Task t = tasks.update(id, Update.set("status", Status.DONE).push("tags", "shipped").unset("dueDate"));
     * }</pre>
     *
     * <p>Natively atomic on MongoDB ({@code findOneAndUpdate}) and in memory; on Redis a compare-and-set
     * of the document in the write script (retried on contention), indexes updated in the same script.
     * Stores without a native form use a version-checked read-modify-write loop.
     *
     * @throws EntityNotFoundException if no entity has this id (an update never creates one)
     */
    T update(ID id, Update update);

    /**
     * {@link #update(Object, Update)} only if the stored version is {@code expectedVersion}.
     *
     * @throws OptimisticLockException if the stored version differs (nothing is changed)
     * @throws EntityNotFoundException if no entity has this id
     */
    T update(ID id, Update update, long expectedVersion);

    /**
     * Applies {@code update} to every entity matching the query and returns how many were changed.
     * Each entity is updated atomically (its version incremented, {@code @UpdatedAt} set) and only if it
     * still matches the filter when it is written; the whole is <em>not</em> one atomic step:
     *
     * <ul>
     *   <li>MongoDB runs one {@code updateMany} (a concurrent writer sees each document either before or
     *       after, never half-updated; it may see some documents updated and others not yet);
     *   <li>Redis and stores without a native form first collect the matching ids (memory grows with
     *       their number), then update each atomically in batches; an entity that stops matching in
     *       between is skipped; one inserted meanwhile may be missed.
     * </ul>
     */
    long updateAll(Query query, Update update);

    /** The entity with this id, if any. */
    Optional<T> findById(ID id);

    /** The entities with these ids that exist, in the order of {@code ids} (duplicates collapsed). */
    List<T> findAllById(Iterable<? extends ID> ids);

    /** Whether an entity with this id exists. */
    boolean existsById(ID id);

    /**
     * All entities matching the query, in its sort order (unsorted: unspecified order).
     *
     * @throws InvalidQueryException if the query has a projection: projections are read as another
     *     type ({@link #find(Query, Class)}), never as partial entities
     */
    List<T> find(Query query);

    /**
     * The matching entities as a lazily fetched stream, in batches, so memory stays bounded however
     * many match. Close it (try-with-resources) to release the server cursor.
     *
     * <p>Under concurrent writes a stream is not a snapshot of the documents: each batch reads the
     * entities' current state. It returns every entity that matches throughout and whose sort keys do
     * not change while it runs exactly once, in order. An entity written, deleted or whose sort keys
     * change while the stream runs may be missed or, if a sort key changed, returned twice (on Redis:
     * the set of matches and the order by the first sort key are fixed when the stream starts; ties are
     * ordered by the later keys' values when their batch is read). When that matters, sort by keys that
     * never change (the id last) or walk keyset {@link #page pages}.
     */
    Stream<T> stream(Query query);

    /**
     * One page of the query's results. Keyset paging (the default) orders by the query's sort keys
     * and the id as the final tie-breaker; its cursors are opaque and tied to the query's sort.
     */
    Page<T> page(Query query, PageRequest request);

    /**
     * The first entity the query matches, in its sort order. Fetches one document.
     *
     * @throws InvalidQueryException if the query has a projection (use {@link #find(Query, Class)})
     */
    Optional<T> findFirst(Query query);

    /** Whether any entity matches the query; fetches at most one id. */
    boolean exists(Query query);

    /**
     * The matching entities mapped to a projection type (a record or POJO) whose properties name the
     * fields to fetch; a property of a nested record type projects that nested object's fields
     * ({@code record Where(String region)} as property {@code location} fetches {@code location.region}).
     * The result is not an entity, so it cannot be written back over the full one — entity-typed
     * reads refuse a projected query for that reason.
     *
     * <pre>{@code
     * record TaskTitle(String id, String title) {}
     * List<TaskTitle> titles = tasks.find(Query.where(Filter.eq("status", Status.OPEN)).sortBy(Sort.asc("title")), TaskTitle.class);
     * }</pre>
     *
     * @throws InvalidQueryException if a property of {@code projectionType} names no field of the entity
     */
    <P> List<P> find(Query query, Class<P> projectionType);

    /** {@link #stream(Query)} mapped to a projection type, as {@link #find(Query, Class)}. */
    <P> Stream<P> stream(Query query, Class<P> projectionType);

    /** {@link #page(Query, PageRequest)} mapped to a projection type, as {@link #find(Query, Class)}. */
    <P> Page<P> page(Query query, PageRequest request, Class<P> projectionType);

    /**
     * Groups and aggregates the entities an {@link Aggregation} selects; each row is mapped to
     * {@code resultType}, whose properties carry the aggregation's result names.
     *
     * <pre>{@code
     * record HourlyAvg(String series, Instant hour, double avg) {}
     * List<HourlyAvg> rows = metrics.aggregate(Aggregation.where(Filter.gte("timestamp", since))
     *         .groupBy("series").groupBy("timestamp", Aggregation.TimeBucket.HOUR, "hour").avg("value", "avg"), HourlyAvg.class);
     * }</pre>
     */
    <R> List<R> aggregate(Aggregation aggregation, Class<R> resultType);

    /** How many entities match the query (limit and offset apply); counts on the store, fetching no documents. */
    long count(Query query);

    /**
     * Deletes this entity. For versioned entities the version must match
     * ({@link OptimisticLockException} otherwise).
     *
     * @return whether an entity was deleted
     */
    boolean delete(T entity);

    /** Deletes by id, whatever its version. @return whether an entity was deleted */
    boolean deleteById(ID id);

    /** Deletes every entity matching the query; {@code Query.all()} empties the collection. @return how many */
    long deleteAll(Query query);

    /**
     * The store's native object: e.g. {@code MongoCollection.class} or {@code MongoDatabase.class} on
     * MongoDB, the Lettuce connection on Redis; decorators unwrap to the repository they decorate.
     *
     * @throws IllegalArgumentException if this repository has nothing of that type
     */
    <N> N unwrap(Class<N> type);
}
