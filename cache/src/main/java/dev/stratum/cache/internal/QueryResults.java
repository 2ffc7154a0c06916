package dev.stratum.cache.internal;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.stratum.api.Query;
import dev.stratum.api.spi.CacheOutcomes;
import dev.stratum.cache.CacheConfig;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The L1 cache of {@code find(query)} results, with two indexes that decide what a write invalidates:
 * by tag (entities that may <em>enter</em> a result) and by the ids a result holds (entities that may
 * <em>leave</em> it).
 *
 * <p>Indexes are allowed to hold stale references (a query evicted since) — they only cause a
 * harmless extra invalidation — but must never miss a live one. So an invalidation bumps the epoch
 * before it takes index buckets away, and a loader that indexes and stores a result checks afterwards
 * that no invalidation ran since it started ({@link Epochs} explains the pattern). Stale references
 * are swept, under a lock that excludes loaders mid-store, when the indexes grow past a bound.
 *
 * @param <T> entity type
 */
public final class QueryResults<T> {
    private final Cache<Query, Entry> cache;
    private final Function<? super Query, ? extends Collection<String>> tagger;
    private final EntityIds<T> ids;
    private final CacheCounters counters;
    private final SingleFlight<Query, List<T>> flights = new SingleFlight<>();
    private final Map<String, Set<Query>> byTag = new ConcurrentHashMap<>();
    private final Map<Object, Set<Query>> byId = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();
    private final ReentrantReadWriteLock sweepLock = new ReentrantReadWriteLock();
    private final long sweepThreshold;
    /** The index size that triggers the next sweep: at least the threshold, and twice what the last sweep left. */
    private volatile long nextSweepAt;
    private final AtomicLong sweeps = new AtomicLong();
    private final OutcomeReporting outcomes;

    private record Entry(List<?> items) {}

    public QueryResults(CacheConfig<?> config, Function<? super Query, ? extends Collection<String>> tagger, EntityIds<T> ids,
            CacheCounters counters, OutcomeReporting outcomes) {
        this.outcomes = outcomes;
        this.tagger = tagger;
        this.ids = ids;
        this.counters = counters;
        this.sweepThreshold = Math.max(1_024, config.maximumQueries() * 64);
        this.nextSweepAt = sweepThreshold;
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.maximumQueries())
                .expireAfterWrite(config.queryTtl().toNanos(), TimeUnit.NANOSECONDS)
                .ticker(config.ticker()::getAsLong)
                .executor(Runnable::run)
                .evictionListener((@Nullable Query q, @Nullable Entry e, RemovalCause c) -> counters.evictions.increment())
                .build();
    }

    /** The result of {@code query}, from the cache or {@code loader}; uncached queries go straight to the loader. */
    @SuppressWarnings("unchecked")
    public List<T> find(Query query, Function<Query, List<T>> loader) {
        Collection<String> tags = query.offset() > 0 ? List.of() : tagger.apply(query);
        if (tags.isEmpty()) {
            return loader.apply(query);
        }
        CacheOutcomes rec = outcomes.current();
        Entry cached = cache.getIfPresent(query);
        if (cached != null) {
            counters.hits.increment();
            if (rec != null) {
                rec.hit(1);
            }
            return (List<T>) cached.items();
        }
        CompletableFuture<List<T>> mine = new CompletableFuture<>();
        CompletableFuture<List<T>> other = flights.claim(query, mine);
        counters.misses.increment();
        if (rec != null) {
            rec.miss(1);
        }
        if (other != null) {
            return SingleFlight.await(other);
        }
        try {
            long stamp = epoch.get();
            counters.loads.increment();
            if (rec != null) {
                rec.load();
            }
            List<T> items = List.copyOf(loader.apply(query));
            if (byId.size() + byTag.size() > nextSweepAt) {
                sweep();
            }
            sweepLock.readLock().lock();
            try {
                index(query, tags, items);
                cache.put(query, new Entry(items));
                if (epoch.get() != stamp) {
                    cache.invalidate(query);
                }
            } finally {
                sweepLock.readLock().unlock();
            }
            mine.complete(items);
            return items;
        } catch (RuntimeException | Error e) {
            counters.loadFailures.increment();
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.release(query, mine);
        }
    }

    private void index(Query query, Collection<String> tags, List<T> items) {
        for (String tag : tags) {
            byTag.computeIfAbsent(tag, k -> ConcurrentHashMap.newKeySet()).add(query);
        }
        for (T item : items) {
            Object id = ids.idOf(item);
            if (id != null) {
                byId.computeIfAbsent(id, k -> ConcurrentHashMap.newKeySet()).add(query);
            }
        }
    }

    /** Invalidates the results that hold one of these ids or carry one of these tags. */
    public void invalidate(Collection<?> idList, Collection<String> tags) {
        epoch.incrementAndGet();
        flights.forgetAll();
        Set<Query> doomed = new HashSet<>();
        for (String tag : tags) {
            Set<Query> s = byTag.remove(tag);
            if (s != null) {
                doomed.addAll(s);
            }
        }
        for (Object id : idList) {
            Set<Query> s = byId.remove(id);
            if (s != null) {
                doomed.addAll(s);
            }
        }
        if (!doomed.isEmpty()) {
            cache.invalidateAll(doomed);
        }
    }

    /** Drops every cached result. */
    public void clear() {
        epoch.incrementAndGet();
        flights.forgetAll();
        byTag.clear();
        byId.clear();
        cache.invalidateAll();
    }

    /** How many results are cached (for tests and diagnostics). */
    public long size() {
        cache.cleanUp();
        return cache.estimatedSize();
    }

    /** How many sweeps ran (diagnostics and tests). */
    public long sweepCount() {
        return sweeps.get();
    }

    /**
     * Removes index references to queries no longer cached. Loaders index and store under the read
     * lock, so no result can be half-indexed while this runs. The next sweep waits until the indexes
     * have doubled from what this one left (and passed the threshold), so when the live results alone
     * exceed the threshold a sweep is amortised over as many new references as it visited, instead of
     * running on every miss.
     */
    private void sweep() {
        sweepLock.writeLock().lock();
        try {
            if (byId.size() + byTag.size() <= nextSweepAt) {
                return;
            }
            sweeps.incrementAndGet();
            Set<Query> live = cache.asMap().keySet();
            prune(byTag, live);
            prune(byId, live);
            nextSweepAt = Math.max(sweepThreshold, 2L * (byId.size() + byTag.size()));
        } finally {
            sweepLock.writeLock().unlock();
        }
    }

    private static <K> void prune(Map<K, Set<Query>> index, Set<Query> live) {
        index.entrySet().removeIf(e -> {
            e.getValue().removeIf(q -> !live.contains(q));
            return e.getValue().isEmpty();
        });
    }
}
