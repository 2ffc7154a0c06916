package dev.stratum.cache;

import dev.stratum.api.spi.RemoteCache;
import dev.stratum.api.BulkResult;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.Update;
import dev.stratum.api.spi.CacheOutcomeReporter;
import dev.stratum.api.spi.RemoteCacheHealth;
import dev.stratum.api.spi.CacheOutcomes;
import dev.stratum.api.spi.ForwardingRepository;
import dev.stratum.api.spi.TransactionScope;
import dev.stratum.cache.event.InvalidationBusChanged;
import dev.stratum.cache.event.LocalCacheCleared;
import dev.stratum.cache.internal.CacheCounters;
import dev.stratum.cache.internal.CacheEvents;
import dev.stratum.cache.internal.EntityIds;
import dev.stratum.cache.internal.IdCache;
import dev.stratum.cache.internal.InvalidationMessage;
import dev.stratum.cache.internal.LocalTier;
import dev.stratum.cache.internal.OutcomeReporting;
import dev.stratum.cache.internal.QueryResults;
import dev.stratum.cache.internal.RemoteTier;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A cache-aside {@link Repository} decorator; build it with
 * {@code Repositories.decorate(repo).with(config).build()} (see {@link dev.stratum.api.Repositories}).
 *
 * <h2>What is cached</h2>
 * <ul>
 *   <li>{@link #findById} and {@link #findAllById}: entities in the L1 (and the L2 when configured), and
 *       misses in the L1 for the negative TTL. {@link #existsById} is answered from the L1 when it can.
 *   <li>{@link #find} results, only with {@link CacheConfig.Builder#queryTags query tags} (L1 only).
 *   <li>Never: {@link #stream}, {@link #page}, {@link #count}.
 * </ul>
 * Cached instances are shared between callers: treat entities as immutable (records are).
 *
 * <h2>Invalidation</h2>
 * Every write through this decorator — {@code insert}, {@code save}, {@code update}, {@code saveAll},
 * {@code delete}, {@code deleteById}, also when it fails — invalidates the written ids in L1 and L2 and the
 * cached queries holding them or carrying their tags, then publishes the ids and tags to the other
 * instances over {@link RemoteCache#publish}; with a remote cache this is repeated after
 * {@link CacheConfig#secondInvalidationDelay()} to catch loads that raced with the write. A
 * {@code deleteAll(query)} may touch anything, so it clears the whole L1, the cache's L2 keys, and the
 * other instances' L1s. Loads that raced with a write never store the old value locally (see
 * {@code Epochs}). After the invalidation bus reconnects, the whole L1 is cleared.
 *
 * <h2>Failures</h2>
 * The remote cache fails open: a failure or a wait beyond {@link CacheConfig#remoteTimeout()} is a miss
 * (or a remembered invalidation), counted in {@link CacheStatistics#errorCount()} and reported as a
 * {@link dev.stratum.cache.event.RemoteCacheFailed} event; reads go to the store and succeed. The
 * store's own exceptions pass through unchanged and are never cached.
 *
 * <p>Writes that bypass this decorator (another application, a migration, the native client) are not
 * seen: their entities stay cached until their TTL.
 *
 * @param <T> entity type
 * @param <ID> id type
 */
public final class CachingRepository<T, ID> extends ForwardingRepository<T, ID>
        implements Repository<T, ID>, CacheOutcomeReporter, AutoCloseable {
    private final CacheConfig<? super T> config;
    private final String name;
    private final String instanceId = UUID.randomUUID().toString();
    private final CacheCounters counters = new CacheCounters();
    private final OutcomeReporting outcomes = new OutcomeReporting();
    private final CacheEvents events;
    private final EntityIds<T> ids;
    private final LocalTier local;
    private final IdCache<T, ID> byId;
    private final @Nullable RemoteTier<T> remote;
    private final @Nullable RemoteCacheHealth remoteHealth;
    private final @Nullable QueryResults<T> queries;
    private final Function<? super T, ? extends Collection<String>> entityTags;
    private final long secondInvalidationNanos;
    private final RemoteCache.@Nullable Subscription subscription;

    @SuppressWarnings("unchecked")
    private CachingRepository(Repository<T, ID> delegate, CacheConfig<? super T> config) {
        super(delegate);
        this.config = config;
        StoreInfo info = delegate.storeInfo();
        String defaultName = info.namespace().isEmpty() ? info.collection() : info.namespace() + "/" + info.collection();
        this.name = config.name().orElse(defaultName.replace('#', '_').replaceAll("\\s", "_"));
        this.events = new CacheEvents(config.listener());
        Class<T> type = delegate.metadata().type();
        this.ids = new EntityIds<>(delegate.metadata(), config.mapper());
        this.local = new LocalTier(config, counters);
        this.entityTags = (Function<? super T, ? extends Collection<String>>) config.entityTags();
        this.queries = config.queryTags().map(tagger -> new QueryResults<>(config, tagger, ids, counters, outcomes)).orElse(null);
        RemoteTier<T> tier = config.remote().map(r -> new RemoteTier<>(r, name, config, type, ids, counters, events)).orElse(null);
        if (tier != null) {
            tier.overflowMessage(InvalidationMessage.all(instanceId).encode()); // published after an outage that lost many
        }
        this.remote = tier;
        this.remoteHealth = tier == null ? null : new RemoteHealth(tier, counters);
        this.byId = new IdCache<>(local, remote, ids, counters, outcomes, delegate::findById, delegate::findAllById);
        this.secondInvalidationNanos = config.secondInvalidationDelay().toNanos();
        this.subscription = remote == null ? null : remote.subscribe(new BusListener());
    }

    /**
     * Decorates {@code delegate}. Prefer {@code Repositories.decorate(delegate).with(config).build()},
     * which also places tracing correctly around it. Close the result to end its invalidation subscription.
     */
    public static <T, ID> CachingRepository<T, ID> of(Repository<T, ID> delegate, CacheConfig<? super T> config) {
        return new CachingRepository<>(delegate, config);
    }

    @Override
    public void reportOutcomesTo(Supplier<? extends @Nullable CacheOutcomes> currentCall) {
        outcomes.add(Objects.requireNonNull(currentCall, "currentCall"));
    }

    /**
     * The L2's state for metrics (tracing exports it as {@code stratum.cache.remote.up} and
     * {@code stratum.cache.remote.errors}); null without an L2.
     */
    @Override
    public @Nullable RemoteCacheHealth remoteHealth() {
        return remoteHealth;
    }

    /** The cache's name (L2 keys, channel, events). */
    public String name() {
        return name;
    }

    /** The configuration. */
    public CacheConfig<? super T> config() {
        return config;
    }

    /** A snapshot of the counters. */
    public CacheStatistics statistics() {
        return counters.snapshot();
    }

    /** The number of L1 entries (entities and remembered misses). */
    public long localSize() {
        return local.size();
    }

    /** Drops everything this cache holds: the L1 here, the L2 keys, and the L1 of every other instance. */
    public void clear() {
        clearAll(LocalCacheCleared.Reason.EXPLICIT, true);
    }

    /** Drops this instance's L1 only (entities, remembered misses, query results); the L2 and other instances keep theirs. */
    public void clearLocal() {
        clearAll(LocalCacheCleared.Reason.EXPLICIT, false);
    }

    /** Ends the invalidation subscription and background L2 recovery attempts (the decorated repository and the remote cache stay open). */
    @Override
    public void close() {
        if (subscription != null) {
            subscription.close();
        }
        if (remote != null) {
            remote.close();
        }
    }

    // ------------------------------------------------------------------------------- reads

    @Override
    public Optional<T> findById(ID id) {
        if (id == null || TransactionScope.active()) { // the store reports a bad id; uncommitted reads are never cached
            return delegate.findById(id);
        }
        return byId.findById(id);
    }

    @Override
    public List<T> findAllById(Iterable<? extends ID> idList) {
        if (TransactionScope.active()) {
            return delegate.findAllById(idList);
        }
        Set<ID> distinct = new LinkedHashSet<>();
        for (ID id : idList) {
            if (id == null) {
                return delegate.findAllById(idList); // the store reports the bad id
            }
            distinct.add(id);
        }
        return distinct.isEmpty() ? List.of() : byId.findAllById(distinct);
    }

    @Override
    public boolean existsById(ID id) {
        Boolean known = (id == null || TransactionScope.active()) ? null : byId.existsLocally(id);
        return known != null ? known : delegate.existsById(id);
    }

    @Override
    public List<T> find(Query query) {
        return queries == null || TransactionScope.active() ? delegate.find(query) : queries.find(query, delegate::find);
    }

    @Override
    public Stream<T> stream(Query query) {
        return delegate.stream(query);
    }

    @Override
    public Page<T> page(Query query, PageRequest request) {
        return delegate.page(query, request);
    }

    @Override
    public long count(Query query) {
        return delegate.count(query);
    }

    // ------------------------------------------------------------------------------- writes

    @Override
    public T insert(T entity) {
        return write(entity, () -> delegate.insert(entity));
    }

    @Override
    public T save(T entity) {
        return write(entity, () -> delegate.save(entity));
    }

    @Override
    public T update(T entity) {
        return write(entity, () -> delegate.update(entity));
    }

    @Override
    public T update(ID id, Update update) {
        return updateById(id, () -> delegate.update(id, update));
    }

    @Override
    public T update(ID id, Update update, long expectedVersion) {
        return updateById(id, () -> delegate.update(id, update, expectedVersion));
    }

    private T updateById(ID id, Supplier<T> op) {
        T stored;
        try {
            stored = op.get();
        } catch (RuntimeException | Error e) {
            if (id != null) {
                invalidate(List.of(id), Set.of());
            }
            throw e;
        }
        invalidate(idsOf(Collections.singletonList(stored)), tagsOf(Collections.singletonList(stored)));
        return stored;
    }

    /** Which entities changed is not known here: like {@code deleteAll}, it clears the caches. */
    @Override
    public long updateAll(Query query, Update update) {
        try {
            return delegate.updateAll(query, update);
        } finally {
            clearAll(LocalCacheCleared.Reason.DELETE_ALL, true);
        }
    }

    private T write(T input, Supplier<T> op) {
        T stored;
        try {
            stored = op.get();
        } catch (RuntimeException | Error e) {
            // the effect may be unknown (a timeout), or the cached value may be why a version was stale
            invalidate(idsOf(Collections.singletonList(input)), tagsOf(Collections.singletonList(input)));
            throw e;
        }
        invalidate(idsOf(Collections.singletonList(stored)), tagsOf(Collections.singletonList(stored)));
        return stored;
    }

    @Override
    public BulkResult<T> saveAll(Iterable<? extends T> entities) {
        List<T> input = new ArrayList<>();
        entities.forEach(input::add);
        BulkResult<T> result;
        try {
            result = delegate.saveAll(input);
        } catch (RuntimeException | Error e) {
            invalidate(idsOf(input), tagsOf(input));
            throw e;
        }
        List<T> touched = new ArrayList<>(result.saved());
        result.failures().forEach(f -> touched.add(f.entity()));
        invalidate(idsOf(touched), tagsOf(touched));
        return result;
    }

    @Override
    public boolean delete(T entity) {
        try {
            return delegate.delete(entity);
        } finally {
            invalidate(idsOf(Collections.singletonList(entity)), tagsOf(Collections.singletonList(entity)));
        }
    }

    @Override
    public boolean deleteById(ID id) {
        try {
            return delegate.deleteById(id);
        } finally {
            if (id != null) {
                invalidate(List.of(id), Set.of());
            }
        }
    }

    @Override
    public long deleteAll(Query query) {
        try {
            return delegate.deleteAll(query);
        } finally {
            clearAll(LocalCacheCleared.Reason.DELETE_ALL, true);
        }
    }

    private List<Object> idsOf(List<? extends @Nullable T> entities) {
        List<Object> out = new ArrayList<>(entities.size());
        for (T e : entities) {
            Object id = e == null ? null : ids.idOf(e);
            if (id != null) {
                out.add(id);
            }
        }
        return out;
    }

    private Set<String> tagsOf(List<? extends @Nullable T> entities) {
        if (queries == null) {
            return Set.of();
        }
        Set<String> out = new LinkedHashSet<>();
        for (T e : entities) {
            if (e != null) {
                out.addAll(entityTags.apply(e));
            }
        }
        return out;
    }

    /** Invalidates here, in the L2 and (by message) on the other instances; with an L2, once more a little later. */
    private void invalidate(List<Object> idList, Set<String> tags) {
        if (idList.isEmpty() && tags.isEmpty()) {
            return;
        }
        Set<String> allTags = new LinkedHashSet<>(tags);
        if (queries != null) {
            for (Object id : idList) {
                T old = byId.peek(id); // the old version's tags too
                if (old != null) {
                    allTags.addAll(entityTags.apply(old));
                }
            }
        }
        CompletableFuture<Void> deleted = invalidateLocally(idList, allTags, true);
        if (remote != null && deleted != null) {
            RemoteTier<T> r = remote;
            r.awaitInvalidate(deleted, idList); // the L2 is clean before the others hear of the write
            List<String> formatted = new ArrayList<>(idList.size());
            idList.forEach(id -> formatted.add(ids.format(id)));
            String message = InvalidationMessage.of(instanceId, formatted, allTags).encode();
            r.publish(message);
            if (secondInvalidationNanos > 0) {
                CompletableFuture.delayedExecutor(secondInvalidationNanos, TimeUnit.NANOSECONDS).execute(() -> {
                    CompletableFuture<Void> again = invalidateLocally(idList, allTags, true);
                    if (again != null) {
                        var unused = again.thenRun(() -> r.publish(message)); // publish reports its own failures
                    }
                });
            }
        }
    }

    /** @return the L2 delete in flight, or null without an L2 */
    private @Nullable CompletableFuture<Void> invalidateLocally(Collection<?> idList, Collection<String> tags, boolean ownWrite) {
        CompletableFuture<Void> deleted = byId.invalidate(idList, ownWrite);
        if (queries != null) {
            queries.invalidate(idList, tags);
        }
        return deleted;
    }

    private void clearAll(LocalCacheCleared.Reason reason, boolean everywhere) {
        String message = InvalidationMessage.all(instanceId).encode();
        if (everywhere && remote != null) {
            RemoteTier<T> r = remote;
            // first: from here on the L2 is not read until its keys are gone
            r.invalidateAll(() -> r.publish(message)); // again once the L2 is clean: others may have reloaded stale entries meanwhile
        }
        // after another instance's clear or lost messages, what this instance sent to the L2 may be stale
        byId.clear(reason == LocalCacheCleared.Reason.REMOTE_DELETE_ALL || reason == LocalCacheCleared.Reason.RECONNECT);
        if (queries != null) {
            queries.clear();
        }
        events.emit(new LocalCacheCleared(name, Instant.now(), reason));
        if (everywhere && remote != null) {
            remote.publish(message);
        }
    }

    /** Applies the other instances' invalidations to this L1. */
    private final class BusListener implements RemoteCache.Listener {
        @Override
        public void onMessage(String text) {
            InvalidationMessage m = InvalidationMessage.decode(text);
            if (m == null || m.origin().equals(instanceId)) {
                return;
            }
            if (m.all()) {
                clearAll(LocalCacheCleared.Reason.REMOTE_DELETE_ALL, false);
                return;
            }
            List<Object> parsed = new ArrayList<>(m.ids().size());
            for (String s : m.ids()) {
                try {
                    parsed.add(ids.parse(s));
                } catch (IllegalArgumentException e) {
                    // not an id of this entity type: nothing of ours to drop
                }
            }
            var unused = invalidateLocally(parsed, m.tags(), false); // a remote message: nothing waits for the local drop
        }

        @Override
        public void onReconnect() {
            events.emit(new InvalidationBusChanged(name, Instant.now(), true));
            clearAll(LocalCacheCleared.Reason.RECONNECT, false);
        }

        @Override
        public void onDisconnect() {
            events.emit(new InvalidationBusChanged(name, Instant.now(), false));
        }
    }

    // ------------------------------------------------------------------------------- plumbing


    @Override
    public String toString() {
        return "CachingRepository[" + name + (remote == null ? ", L1" : ", L1+L2") + (queries == null ? "" : ", queries") + " -> "
                + delegate + "]";
    }

    /** One per cache, so that a metrics callback can hold it weakly for as long as the cache lives. */
    private record RemoteHealth(RemoteTier<?> tier, CacheCounters counters) implements RemoteCacheHealth {
        @Override
        public boolean up() {
            return tier.isUp();
        }

        @Override
        public long errorCount() {
            return counters.errors.sum();
        }
    }
}
