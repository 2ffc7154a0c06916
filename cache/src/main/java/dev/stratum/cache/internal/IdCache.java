package dev.stratum.cache.internal;

import dev.stratum.api.spi.CacheOutcomes;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The by-id half of the caching decorator: L1 lookups, single-flight loads through the L2 and then
 * the store, negative caching, and the local side of invalidation.
 *
 * @param <T> entity type
 * @param <ID> id type
 */
public final class IdCache<T, ID> {
    private static final CachedValue ABSENT_UNCACHED = new CachedValue(null, 0);

    private final LocalTier local;
    private final @Nullable RemoteTier<T> remote;
    private final EntityIds<T> ids;
    private final CacheCounters counters;
    private final Function<ID, Optional<T>> findOne;
    private final Function<List<ID>, List<T>> findMany;
    private final Epochs epochs = new Epochs();
    private final SingleFlight<Object, CachedValue> flights = new SingleFlight<>();
    private final OutcomeReporting outcomes;

    public IdCache(LocalTier local, @Nullable RemoteTier<T> remote, EntityIds<T> ids, CacheCounters counters,
            OutcomeReporting outcomes, Function<ID, Optional<T>> findOne, Function<List<ID>, List<T>> findMany) {
        this.outcomes = outcomes;
        this.local = local;
        this.remote = remote;
        this.ids = ids;
        this.counters = counters;
        this.findOne = findOne;
        this.findMany = findMany;
    }

    /** The entity of {@code id}: from L1, else from one shared load (L2, then the store). */
    public Optional<T> findById(ID id) {
        CacheOutcomes rec = outcomes.current();
        CachedValue c = local.get(id);
        if (c != null) {
            counters.hits.increment();
            if (rec != null) {
                rec.hit(1);
            }
        } else {
            c = load(id, rec);
        }
        return c.isAbsent() ? Optional.empty() : Optional.of(cast(c.value()));
    }

    /** The entities of these distinct ids that exist, in their order; missing ones loaded in one batch. */
    public List<T> findAllById(Set<ID> distinct) {
        CacheOutcomes rec = outcomes.current();
        Map<Object, CachedValue> found = new HashMap<>();
        List<ID> missing = new ArrayList<>();
        for (ID id : distinct) {
            CachedValue c = local.get(id);
            if (c != null) {
                found.put(id, c);
            } else {
                missing.add(id);
            }
        }
        counters.hits.add(found.size());
        if (rec != null) {
            rec.hit(found.size());
        }
        if (!missing.isEmpty()) {
            loadAll(missing, found, rec);
        }
        List<T> out = new ArrayList<>(distinct.size());
        for (ID id : distinct) {
            CachedValue c = found.get(id);
            if (c != null && !c.isAbsent()) {
                out.add(cast(c.value()));
            }
        }
        return out;
    }

    /** Whether {@code id} exists, if the L1 knows; null when the store must be asked. */
    public @Nullable Boolean existsLocally(ID id) {
        CacheOutcomes rec = outcomes.current();
        CachedValue c = local.get(id);
        if (c != null) {
            counters.hits.increment();
        } else {
            counters.misses.increment();
        }
        if (rec != null) {
            if (c != null) {
                rec.hit(1);
            } else {
                rec.miss(1);
            }
        }
        return c == null ? null : !c.isAbsent();
    }

    /** The cached entity of {@code id}, if the L1 holds one (no statistics). */
    public @Nullable T peek(Object id) {
        CachedValue c = local.get(id);
        return c == null || c.isAbsent() ? null : cast(c.value());
    }

    /**
     * Drops these ids from the L1, stops in-flight loads of them from storing what they read and, with
     * an L2, sends the L2 delete (see {@link Epochs} for the ordering this relies on).
     *
     * @param ownWrite true after a write through this instance: delete the ids from the L2; false after
     *     another instance's message: delete only what this instance itself sent to the L2 recently
     * @return the L2 delete in flight (completes normally in any case), or null without an L2
     */
    public @Nullable CompletableFuture<Void> invalidate(Collection<?> idList, boolean ownWrite) {
        counters.invalidations.add(idList.size());
        if (remote == null) {
            for (Object id : idList) {
                epochs.bump(id); // before evicting: see Epochs
                flights.forget(id);
                local.invalidate(id);
            }
            return null;
        }
        RemoteTier<T> r = remote;
        return epochs.underWriteLocks(idList, () -> {
            for (Object id : idList) {
                epochs.bump(id);
                flights.forget(id);
            }
            List<Object> own = r.takeRecentPuts(idList);
            CompletableFuture<Void> deleted = r.sendInvalidate(ownWrite ? idList : own);
            for (Object id : idList) {
                local.invalidate(id);
            }
            return deleted;
        });
    }

    /**
     * Drops the whole L1 and stops every in-flight load from storing what it read.
     *
     * @param dropOwnPuts also delete from the L2 what this instance sent there recently (after another
     *     instance's "clear all" or a reconnect of the invalidation bus)
     */
    public void clear(boolean dropOwnPuts) {
        counters.invalidations.increment();
        epochs.underAllWriteLocks(() -> {
            epochs.bumpAll();
            flights.forgetAll();
            if (remote != null && dropOwnPuts) {
                var unused = remote.sendInvalidate(remote.takeAllRecentPuts()); // failures are counted by the remote tier
            }
            local.clear();
            return null;
        });
    }

    private CachedValue load(ID id, @Nullable CacheOutcomes rec) {
        CompletableFuture<CachedValue> mine = new CompletableFuture<>();
        CompletableFuture<CachedValue> other = flights.claim(id, mine);
        counters.misses.increment(); // after claiming: once every caller is counted, all of them are in the flight
        if (other != null) {
            if (rec != null) {
                rec.miss(1);
            }
            return SingleFlight.await(other);
        }
        try {
            long stamp;
            T value = null;
            if (remote != null) {
                RemoteTier<T> r = remote;
                long deadline = r.deadline();
                long[] stamped = new long[1];
                CompletableFuture<byte @Nullable []> pending = epochs.underReadLocks(List.of(id), () -> {
                    stamped[0] = epochs.stamp(id);
                    return r.send(id);
                });
                stamp = stamped[0];
                value = r.receive(id, pending, deadline);
            } else {
                stamp = epochs.stamp(id);
            }
            if (value != null) {
                if (rec != null) {
                    rec.hit(1);
                }
            } else {
                if (rec != null) {
                    rec.miss(1);
                    rec.load();
                }
                counters.loads.increment();
                value = findOne.apply(id).orElse(null);
                if (value != null) {
                    putRemote(Map.of(id, value), Map.of(id, stamp));
                }
            }
            CachedValue result = value != null ? local.present(value) : absent();
            storeLocally(id, result, stamp);
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            counters.loadFailures.increment();
            mine.completeExceptionally(e);
            throw e;
        } finally {
            flights.release(id, mine);
        }
    }

    private void loadAll(List<ID> missing, Map<Object, CachedValue> found, @Nullable CacheOutcomes rec) {
        Map<ID, CompletableFuture<CachedValue>> mine = new LinkedHashMap<>();
        Map<ID, CompletableFuture<CachedValue>> others = new LinkedHashMap<>();
        for (ID id : missing) {
            CompletableFuture<CachedValue> f = new CompletableFuture<>();
            CompletableFuture<CachedValue> o = flights.claim(id, f);
            if (o == null) {
                mine.put(id, f);
            } else {
                others.put(id, o);
            }
        }
        counters.misses.add(missing.size());
        try {
            if (!mine.isEmpty()) {
                loadLed(mine, found, rec);
            }
        } catch (RuntimeException | Error e) {
            counters.loadFailures.increment();
            mine.values().forEach(f -> f.completeExceptionally(e));
            throw e;
        } finally {
            mine.forEach(flights::release);
        }
        // our own flights are complete before we wait for others': two batches never wait for each other
        if (rec != null) {
            rec.miss(others.size());
        }
        others.forEach((id, f) -> found.put(id, SingleFlight.await(f)));
    }

    private void loadLed(Map<ID, CompletableFuture<CachedValue>> mine, Map<Object, CachedValue> found, @Nullable CacheOutcomes rec) {
        Map<Object, Long> stamps = new HashMap<>();
        Map<Object, T> fromRemote = new HashMap<>();
        if (remote != null) {
            RemoteTier<T> r = remote;
            long deadline = r.deadline();
            Map<Object, CompletableFuture<byte @Nullable []>> pending = new HashMap<>();
            epochs.underReadLocks(mine.keySet(), () -> {
                for (ID id : mine.keySet()) {
                    stamps.put(id, epochs.stamp(id));
                    pending.put(id, r.send(id));
                }
                return null;
            });
            for (ID id : mine.keySet()) {
                T v = r.receive(id, pending.get(id), deadline);
                if (v != null) {
                    fromRemote.put(id, v);
                }
            }
        } else {
            mine.keySet().forEach(id -> stamps.put(id, epochs.stamp(id)));
        }
        List<ID> toLoad = new ArrayList<>();
        for (ID id : mine.keySet()) {
            if (!fromRemote.containsKey(id)) {
                toLoad.add(id);
            }
        }
        Map<Object, T> loaded = new HashMap<>();
        if (!toLoad.isEmpty()) {
            counters.loads.increment();
            if (rec != null) {
                rec.load();
            }
            for (T e : findMany.apply(toLoad)) {
                Object id = ids.idOf(e);
                if (id != null) {
                    loaded.put(id, e);
                }
            }
            putRemote(loaded, stamps);
        }
        if (rec != null) {
            rec.hit(fromRemote.size());
            rec.miss(toLoad.size());
        }
        for (Map.Entry<ID, CompletableFuture<CachedValue>> e : mine.entrySet()) {
            ID id = e.getKey();
            T value = fromRemote.containsKey(id) ? fromRemote.get(id) : loaded.get(id);
            CachedValue c = value != null ? local.present(value) : absent();
            storeLocally(id, c, stamp(stamps, id));
            found.put(id, c);
            e.getValue().complete(c);
        }
    }

    /** Sends loaded values to the L2, each only if no invalidation ran since its load began (see {@link Epochs}). */
    private void putRemote(Map<Object, T> values, Map<Object, Long> stamps) {
        if (remote == null || values.isEmpty()) {
            return;
        }
        RemoteTier<T> r = remote;
        epochs.underReadLocks(values.keySet(), () -> {
            values.forEach((id, v) -> {
                if (epochs.unchanged(id, stamp(stamps, id))) {
                    r.put(id, v);
                }
            });
            return null;
        });
    }

    private CachedValue absent() {
        CachedValue a = local.absent();
        return a == null ? ABSENT_UNCACHED : a;
    }

    private void storeLocally(Object id, CachedValue value, long stamp) {
        if (value.ttlNanos() == 0) {
            return;
        }
        local.put(id, value);
        if (!epochs.unchanged(id, stamp)) {
            local.invalidate(id); // a write ran while we loaded: what we read may be old
        }
    }

    @SuppressWarnings("unchecked")
    private T cast(@Nullable Object value) {
        return (T) Objects.requireNonNull(value, "only a present entry's value is cast");
    }

    /** The epoch stamp taken when the load of {@code id} began: every loaded id has one. */
    private static long stamp(Map<?, Long> stamps, Object id) {
        return Objects.requireNonNull(stamps.get(id), "load stamp");
    }
}
