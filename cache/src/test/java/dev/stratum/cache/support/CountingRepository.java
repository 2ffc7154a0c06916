package dev.stratum.cache.support;

import dev.stratum.api.BulkResult;
import dev.stratum.api.Capabilities;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * Wraps a repository, counting calls per method; loads can be held at a gate (after they have read the
 * store) and can be made to fail. A test double for the decorator tests.
 */
public class CountingRepository<T, ID> implements Repository<T, ID> {
    private final Repository<T, ID> delegate;
    private final ConcurrentHashMap<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<Object> loadedIds = Collections.synchronizedList(new ArrayList<>());
    private volatile @Nullable CountDownLatch entered;
    private volatile @Nullable CountDownLatch release;
    private final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();

    public CountingRepository(Repository<T, ID> delegate) {
        this.delegate = delegate;
    }

    /** Calls of {@code method} so far. */
    public int calls(String method) {
        AtomicInteger n = calls.get(method);
        return n == null ? 0 : n.get();
    }

    /** findById + findAllById calls. */
    public int loads() {
        return calls("findById") + calls("findAllById");
    }

    /** Every id asked for by findById/findAllById, in order. */
    public List<Object> loadedIds() {
        synchronized (loadedIds) {
            return new ArrayList<>(loadedIds);
        }
    }

    /** From now on, loads count down {@code entered} after reading and then wait for {@code release}. */
    public void gate(CountDownLatch entered, CountDownLatch release) {
        this.entered = entered;
        this.release = release;
    }

    public void ungate() {
        this.entered = null;
        this.release = null;
    }

    /** The next load throws {@code e} (after waiting at the gate, if any). */
    public void failNextLoad(RuntimeException e) {
        failure.set(e);
    }

    private void count(String method) {
        calls.computeIfAbsent(method, k -> new AtomicInteger()).incrementAndGet();
    }

    private void atGate() {
        CountDownLatch e = entered;
        CountDownLatch r = release;
        if (e != null && r != null) {
            e.countDown();
            try {
                if (!r.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("gate never opened");
                }
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(ex);
            }
        }
        RuntimeException f = failure.getAndSet(null);
        if (f != null) {
            throw f;
        }
    }

    @Override
    public Optional<T> findById(ID id) {
        count("findById");
        loadedIds.add(id);
        Optional<T> r = delegate.findById(id);
        atGate();
        return r;
    }

    @Override
    public List<T> findAllById(Iterable<? extends ID> ids) {
        count("findAllById");
        ids.forEach(loadedIds::add);
        List<T> r = delegate.findAllById(ids);
        atGate();
        return r;
    }

    @Override
    public EntityMetadata<T> metadata() {
        return delegate.metadata();
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public StoreInfo storeInfo() {
        return delegate.storeInfo();
    }

    @Override
    public T insert(T entity) {
        count("insert");
        return delegate.insert(entity);
    }

    @Override
    public T save(T entity) {
        count("save");
        return delegate.save(entity);
    }

    @Override
    public T update(T entity) {
        count("update");
        return delegate.update(entity);
    }

    @Override
    public BulkResult<T> saveAll(Iterable<? extends T> entities) {
        count("saveAll");
        return delegate.saveAll(entities);
    }

    @Override
    public boolean existsById(ID id) {
        count("existsById");
        return delegate.existsById(id);
    }

    @Override
    public List<T> find(Query query) {
        count("find");
        return delegate.find(query);
    }

    @Override
    public Stream<T> stream(Query query) {
        count("stream");
        return delegate.stream(query);
    }

    @Override
    public Page<T> page(Query query, PageRequest request) {
        count("page");
        return delegate.page(query, request);
    }

    @Override
    public long count(Query query) {
        count("count");
        return delegate.count(query);
    }

    @Override
    public boolean delete(T entity) {
        count("delete");
        return delegate.delete(entity);
    }

    @Override
    public boolean deleteById(ID id) {
        count("deleteById");
        return delegate.deleteById(id);
    }

    @Override
    public long deleteAll(Query query) {
        count("deleteAll");
        return delegate.deleteAll(query);
    }

    @Override
    public T update(ID id, dev.stratum.api.Update update) {
        count("updatePartial");
        return delegate.update(id, update);
    }

    @Override
    public T update(ID id, dev.stratum.api.Update update, long expectedVersion) {
        count("updatePartial");
        return delegate.update(id, update, expectedVersion);
    }

    @Override
    public long updateAll(Query query, dev.stratum.api.Update update) {
        count("updateAll");
        return delegate.updateAll(query, update);
    }

    @Override
    public Optional<T> findFirst(Query query) {
        count("findFirst");
        return delegate.findFirst(query);
    }

    @Override
    public boolean exists(Query query) {
        count("exists");
        return delegate.exists(query);
    }

    @Override
    public <P> List<P> find(Query query, Class<P> projectionType) {
        count("find");
        return delegate.find(query, projectionType);
    }

    @Override
    public <P> Stream<P> stream(Query query, Class<P> projectionType) {
        count("stream");
        return delegate.stream(query, projectionType);
    }

    @Override
    public <P> Page<P> page(Query query, PageRequest request, Class<P> projectionType) {
        count("page");
        return delegate.page(query, request, projectionType);
    }

    @Override
    public <R> List<R> aggregate(dev.stratum.api.Aggregation aggregation, Class<R> resultType) {
        count("aggregate");
        return delegate.aggregate(aggregation, resultType);
    }

    @Override
    public <N> N unwrap(Class<N> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate.unwrap(type);
    }
}
