package dev.stratum.tracing;

import dev.stratum.api.Aggregation;
import dev.stratum.api.BulkResult;
import dev.stratum.api.Update;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.spi.CacheOutcomeReporter;
import dev.stratum.api.spi.RemoteCacheHealth;
import dev.stratum.api.spi.ForwardingRepository;
import dev.stratum.tracing.internal.CacheCallRecorder;
import dev.stratum.tracing.internal.Instruments;
import dev.stratum.tracing.internal.TracedCall;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A {@link Repository} decorator that gives every operation an OpenTelemetry span and metrics,
 * following the stable database semantic conventions; build it with
 * {@code Repositories.decorate(repo).with(TracingConfig.defaults(openTelemetry)).build()}.
 *
 * <h2>Spans</h2>
 * One span per call, kind {@code CLIENT}, named {@code "{operation} {collection}"} (operation names
 * in {@link OperationNames}), child of the caller's current span and current itself while the call
 * runs. Attributes: {@code db.system.name}, {@code db.operation.name}, {@code db.collection.name},
 * {@code db.namespace}, {@code server.address}, {@code server.port} (from {@link Repository#storeInfo()}),
 * {@code db.operation.batch.size} for {@code saveAll}/{@code findAllById} of two or more, and on failure
 * {@code error.type} (the exception's class name), {@code stratum.error.code} (its
 * {@link dev.stratum.api.ErrorCode}) and status ERROR. With a cache inside, reads carry
 * {@code stratum.cache.hit} (true when no load from the store was needed). Query values are never
 * recorded; {@link TracingConfig.Builder#recordQueryShape} adds {@code db.query.text} with every value
 * replaced by {@code ?}. A {@code stream} span ends when the stream is closed.
 *
 * <h2>Metrics</h2>
 * {@code db.client.operation.duration} (histogram, seconds, advised buckets 1 ms … 10 s) with the
 * span's attributes (plus {@code error.type}, {@code stratum.cache.hit}), and the counters
 * {@code stratum.cache.hits}, {@code stratum.cache.misses}, {@code stratum.cache.loads}.
 *
 * <h2>Slow operations</h2>
 * Calls at least {@link TracingConfig#slowOperationThreshold()} long (100 ms by default; streams
 * excepted) are logged at WARN on the SLF4J logger {@code dev.stratum.slow-operations} with the
 * operation, collection, store and duration — never values. Without an OpenTelemetry SDK (no spans,
 * no histogram) durations come from a 5 ms-resolution clock, which costs a nanosecond instead of two
 * {@code System.nanoTime()} calls.
 *
 * @param <T> entity type
 * @param <ID> id type
 */
public final class TracingRepository<T, ID> extends ForwardingRepository<T, ID> implements Repository<T, ID> {
    private final TracingConfig config;
    private final Instruments inst;
    private final boolean cached;
    private final Instruments.Operation insert;
    private final Instruments.Operation save;
    private final Instruments.Operation update;
    private final Instruments.Operation saveAll;
    private final Instruments.Operation findById;
    private final Instruments.Operation findAllById;
    private final Instruments.Operation existsById;
    private final Instruments.Operation find;
    private final Instruments.Operation stream;
    private final Instruments.Operation page;
    private final Instruments.Operation count;
    private final Instruments.Operation delete;
    private final Instruments.Operation deleteById;
    private final Instruments.Operation deleteAll;
    private final Instruments.Operation updateAll;
    private final Instruments.Operation findFirst;
    private final Instruments.Operation exists;
    private final Instruments.Operation aggregate;

    private TracingRepository(Repository<T, ID> delegate, TracingConfig config) {
        super(delegate);
        this.config = config;
        this.inst = new Instruments(config, delegate.storeInfo());
        this.cached = hasCacheInside(delegate, inst);
        this.insert = inst.operation(OperationNames.INSERT, false);
        this.save = inst.operation(OperationNames.SAVE, false);
        this.update = inst.operation(OperationNames.UPDATE, false);
        this.saveAll = inst.operation(OperationNames.SAVE_ALL, false);
        this.findById = inst.operation(OperationNames.FIND_BY_ID, true);
        this.findAllById = inst.operation(OperationNames.FIND_ALL_BY_ID, true);
        this.existsById = inst.operation(OperationNames.EXISTS_BY_ID, true);
        this.find = inst.operation(OperationNames.FIND, true);
        this.stream = inst.operation(OperationNames.STREAM, false);
        this.page = inst.operation(OperationNames.PAGE, false);
        this.count = inst.operation(OperationNames.COUNT, false);
        this.delete = inst.operation(OperationNames.DELETE, false);
        this.deleteById = inst.operation(OperationNames.DELETE_BY_ID, false);
        this.deleteAll = inst.operation(OperationNames.DELETE_ALL, false);
        this.updateAll = inst.operation(OperationNames.UPDATE_ALL, false);
        this.findFirst = inst.operation(OperationNames.FIND_FIRST, false);
        this.exists = inst.operation(OperationNames.EXISTS, false);
        this.aggregate = inst.operation(OperationNames.AGGREGATE, false);
    }

    /**
     * Decorates {@code delegate}. Prefer {@code Repositories.decorate(delegate)…with(config).build()},
     * which keeps tracing outside the cache whatever the call order.
     */
    public static <T, ID> TracingRepository<T, ID> of(Repository<T, ID> delegate, TracingConfig config) {
        return new TracingRepository<>(delegate, config);
    }

    /**
     * Registers with a cache inside, if there is one, to learn each call's hits and misses, and exports
     * the state of its L2 (if it has one) as metrics.
     */
    private static boolean hasCacheInside(Repository<?, ?> delegate, Instruments inst) {
        Optional<CacheOutcomeReporter> cache = ForwardingRepository.findDecorator(delegate, CacheOutcomeReporter.class);
        cache.ifPresent(c -> {
            c.reportOutcomesTo(CacheCallRecorder.CURRENT_CALL);
            RemoteCacheHealth remote = c.remoteHealth();
            if (remote != null) {
                inst.observeRemoteCache(remote);
            }
        });
        return cache.isPresent();
    }

    /** The configuration. */
    public TracingConfig config() {
        return config;
    }

    private TracedCall call(Instruments.Operation op) {
        return TracedCall.start(inst, op, null, 0, cached);
    }

    private TracedCall call(Instruments.Operation op, @Nullable Query query, int batchSize) {
        return TracedCall.start(inst, op, query, batchSize, cached);
    }

    /** Runs {@code op} as the traced call {@code c}: ends it with the result, or fails it (Errors too, so no span is left open). */
    private static <R> R traced(TracedCall c, Supplier<R> op) {
        try {
            return c.end(op.get());
        } catch (RuntimeException e) {
            throw c.fail(e);
        } catch (Error e) {
            throw c.fail(e);
        }
    }

    @Override
    public T insert(T entity) {
        return traced(call(insert), () -> delegate.insert(entity));
    }

    @Override
    public T save(T entity) {
        return traced(call(save), () -> delegate.save(entity));
    }

    @Override
    public T update(T entity) {
        return traced(call(update), () -> delegate.update(entity));
    }

    @Override
    public BulkResult<T> saveAll(Iterable<? extends T> entities) {
        Collection<? extends T> list = materialize(entities);
        TracedCall c = call(saveAll, null, list.size());
        return traced(c, () -> {
            BulkResult<T> r = delegate.saveAll(list);
            c.batchFailures(r.failures().size());
            return r;
        });
    }

    @Override
    public Optional<T> findById(ID id) {
        return traced(call(findById), () -> delegate.findById(id));
    }

    @Override
    public List<T> findAllById(Iterable<? extends ID> ids) {
        Collection<? extends ID> list = materialize(ids);
        return traced(call(findAllById, null, list.size()), () -> delegate.findAllById(list));
    }

    @Override
    public boolean existsById(ID id) {
        return traced(call(existsById), () -> delegate.existsById(id));
    }

    @Override
    public List<T> find(Query query) {
        return traced(call(find, query, 0), () -> delegate.find(query));
    }

    /** The span lasts until the returned stream is closed (close it: try-with-resources). */
    @Override
    public Stream<T> stream(Query query) {
        TracedCall c = call(stream, query, 0);
        Stream<T> s;
        try {
            s = delegate.stream(query);
        } catch (RuntimeException e) {
            throw c.fail(e);
        } catch (Error e) {
            throw c.fail(e);
        }
        c.detach();
        return s.onClose(() -> c.end(Boolean.TRUE));
    }

    @Override
    public Page<T> page(Query query, PageRequest request) {
        return traced(call(page, query, 0), () -> delegate.page(query, request));
    }

    @Override
    public long count(Query query) {
        return traced(call(count, query, 0), () -> delegate.count(query));
    }

    @Override
    public boolean delete(T entity) {
        return traced(call(delete), () -> delegate.delete(entity));
    }

    @Override
    public boolean deleteById(ID id) {
        return traced(call(deleteById), () -> delegate.deleteById(id));
    }

    @Override
    public long deleteAll(Query query) {
        return traced(call(deleteAll, query, 0), () -> delegate.deleteAll(query));
    }

    @Override
    public T update(ID id, Update u) {
        return traced(update, null, () -> delegate.update(id, u));
    }

    @Override
    public T update(ID id, Update u, long expectedVersion) {
        return traced(update, null, () -> delegate.update(id, u, expectedVersion));
    }

    @Override
    public long updateAll(Query query, Update u) {
        return traced(updateAll, query, () -> delegate.updateAll(query, u));
    }

    @Override
    public Optional<T> findFirst(Query query) {
        return traced(findFirst, query, () -> delegate.findFirst(query));
    }

    @Override
    public boolean exists(Query query) {
        return traced(exists, query, () -> delegate.exists(query));
    }

    @Override
    public <P> List<P> find(Query query, Class<P> projectionType) {
        return traced(find, query, () -> delegate.find(query, projectionType));
    }

    /** The span lasts until the returned stream is closed. */
    @Override
    public <P> Stream<P> stream(Query query, Class<P> projectionType) {
        TracedCall c = call(stream, query, 0);
        Stream<P> s;
        try {
            s = delegate.stream(query, projectionType);
        } catch (RuntimeException e) {
            throw c.fail(e);
        } catch (Error e) {
            throw c.fail(e);
        }
        c.detach();
        return s.onClose(() -> c.end(Boolean.TRUE));
    }

    @Override
    public <P> Page<P> page(Query query, PageRequest request, Class<P> projectionType) {
        return traced(page, query, () -> delegate.page(query, request, projectionType));
    }

    @Override
    public <R> List<R> aggregate(Aggregation aggregation, Class<R> resultType) {
        return traced(aggregate, aggregation.query(), () -> delegate.aggregate(aggregation, resultType));
    }

    private <R> R traced(Instruments.Operation op, @Nullable Query query, Supplier<R> body) {
        TracedCall c = query == null ? call(op) : call(op, query, 0);
        try {
            return c.end(body.get());
        } catch (RuntimeException e) {
            throw c.fail(e);
        } catch (Error e) {
            throw c.fail(e);
        }
    }

    private static <X> Collection<? extends X> materialize(Iterable<? extends X> items) {
        if (items instanceof Collection<? extends X> c) {
            return c;
        }
        List<X> out = new ArrayList<>();
        items.forEach(out::add);
        return out;
    }


    @Override
    public String toString() {
        return "TracingRepository[" + delegate + "]";
    }
}
