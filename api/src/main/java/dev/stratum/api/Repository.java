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

    /** The entity with this id, if any. */
    Optional<T> findById(ID id);

    /** The entities with these ids that exist, in the order of {@code ids} (duplicates collapsed). */
    List<T> findAllById(Iterable<? extends ID> ids);

    /** Whether an entity with this id exists. */
    boolean existsById(ID id);

    /** All entities matching the query, in its sort order (unsorted: unspecified order). */
    List<T> find(Query query);

    /**
     * The matching entities as a lazily fetched stream, in batches, so memory stays bounded however
     * many match. Close it (try-with-resources) to release the server cursor.
     */
    Stream<T> stream(Query query);

    /**
     * One page of the query's results. Keyset paging (the default) orders by the query's sort keys
     * and the id as the final tie-breaker; its cursors are opaque and tied to the query's sort.
     */
    Page<T> page(Query query, PageRequest request);

    /** How many entities match the query (limit and offset apply). */
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
