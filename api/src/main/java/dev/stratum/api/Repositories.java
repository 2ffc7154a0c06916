package dev.stratum.api;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * Decorates any {@link Repository} — of any store — with {@link RepositoryDecorator}s such as
 * cache-aside ({@code CacheConfig} from {@code stratum-cache}) and OpenTelemetry tracing
 * ({@code TracingConfig} from {@code stratum-tracing}).
 *
 * <pre>{@code
 * try (DecoratedRepository<Task, String> tasks = Repositories.decorate(store.<Task, String>repository(Task.class))
 *         .with(CacheConfig.<Task>builder().maximumSize(50_000).remote(redisRemoteCache).build())
 *         .with(TracingConfig.defaults(openTelemetry))
 *         .build()) {
 *     tasks.findById("42");
 * }
 * }</pre>
 *
 * <p><b>Order:</b> whatever order the {@code with…} calls come in, decorators are composed by their
 * {@link RepositoryDecorator.Layer layer}: the observation layer (tracing) is outermost and the cache
 * sits inside it: application → tracing → cache → store. So every call is traced, including cache
 * hits, which carry {@code stratum.cache.hit=true} and take microseconds. {@link Repository#unwrap(Class)}
 * returns a decorator for its own class ({@code CachingRepository.class}, {@code TracingRepository.class})
 * and otherwise delegates inwards, down to the store's native objects. Close the result to end the
 * cache's invalidation subscription.
 */
public final class Repositories {
    private Repositories() {}

    /** Starts decorating {@code repository}. */
    public static <T, ID> DecoratorBuilder<T, ID> decorate(Repository<T, ID> repository) {
        return new DecoratorBuilder<>(repository);
    }

    /**
     * Collects the decorators to apply; {@link #build()} composes them in the documented order.
     *
     * @param <T> entity type
     * @param <ID> id type
     */
    public static final class DecoratorBuilder<T, ID> {
        private final Repository<T, ID> repository;
        private final Map<RepositoryDecorator.Layer, RepositoryDecorator<? super T>> decorators =
                new EnumMap<>(RepositoryDecorator.Layer.class);

        private DecoratorBuilder(Repository<T, ID> repository) {
            this.repository = Objects.requireNonNull(repository, "repository");
        }

        /** Adds {@code decorator}, replacing an earlier one of the same {@link RepositoryDecorator#layer() layer}. */
        public DecoratorBuilder<T, ID> with(RepositoryDecorator<? super T> decorator) {
            Objects.requireNonNull(decorator, "decorator");
            decorators.put(Objects.requireNonNull(decorator.layer(), "decorator.layer()"), decorator);
            return this;
        }

        /** The decorated repository: layers from the store outwards (cache, then tracing), around the repository given. */
        public DecoratedRepository<T, ID> build() {
            Repository<T, ID> r = repository;
            List<AutoCloseable> closeables = new ArrayList<>();
            for (RepositoryDecorator<? super T> d : decorators.values()) { // EnumMap: store outwards
                r = apply(d, r);
                if (r instanceof AutoCloseable c) {
                    closeables.add(0, c);
                }
            }
            return new Composed<>(r, closeables);
        }

        private static <T, ID> Repository<T, ID> apply(RepositoryDecorator<? super T> decorator, Repository<T, ID> repository) {
            return Objects.requireNonNull(decorator.decorate(repository), "decorate() returned null");
        }
    }

    /**
     * The composed stack: forwards to its outermost decorator, closes the closeable ones. (Not a
     * {@code spi.ForwardingRepository}: the root package does not depend on the SPI package.)
     */
    private static final class Composed<T, ID> implements DecoratedRepository<T, ID> {
        private final Repository<T, ID> delegate;
        private final List<AutoCloseable> closeables;
        private final AtomicBoolean closed = new AtomicBoolean();

        Composed(Repository<T, ID> outermost, List<AutoCloseable> closeables) {
            this.delegate = outermost;
            this.closeables = List.copyOf(closeables);
        }

        @Override public EntityMetadata<T> metadata() { return delegate.metadata(); }
        @Override public Capabilities capabilities() { return delegate.capabilities(); }
        @Override public StoreInfo storeInfo() { return delegate.storeInfo(); }

        @Override
        public <N> N unwrap(Class<N> type) {
            return type.isInstance(this) ? type.cast(this) : delegate.unwrap(type);
        }

        @Override public T insert(T entity) { return delegate.insert(entity); }
        @Override public T save(T entity) { return delegate.save(entity); }
        @Override public T update(T entity) { return delegate.update(entity); }
        @Override public BulkResult<T> saveAll(Iterable<? extends T> entities) { return delegate.saveAll(entities); }
        @Override public Optional<T> findById(ID id) { return delegate.findById(id); }
        @Override public List<T> findAllById(Iterable<? extends ID> ids) { return delegate.findAllById(ids); }
        @Override public boolean existsById(ID id) { return delegate.existsById(id); }
        @Override public List<T> find(Query query) { return delegate.find(query); }
        @Override public Stream<T> stream(Query query) { return delegate.stream(query); }
        @Override public Page<T> page(Query query, PageRequest request) { return delegate.page(query, request); }
        @Override public long count(Query query) { return delegate.count(query); }
        @Override public boolean delete(T entity) { return delegate.delete(entity); }
        @Override public boolean deleteById(ID id) { return delegate.deleteById(id); }
        @Override public long deleteAll(Query query) { return delegate.deleteAll(query); }
        @Override public T update(ID id, Update update) { return delegate.update(id, update); }
        @Override public T update(ID id, Update update, long expectedVersion) { return delegate.update(id, update, expectedVersion); }
        @Override public long updateAll(Query query, Update update) { return delegate.updateAll(query, update); }
        @Override public Optional<T> findFirst(Query query) { return delegate.findFirst(query); }
        @Override public boolean exists(Query query) { return delegate.exists(query); }
        @Override public <P> List<P> find(Query query, Class<P> projectionType) { return delegate.find(query, projectionType); }
        @Override public <P> Stream<P> stream(Query query, Class<P> projectionType) { return delegate.stream(query, projectionType); }
        @Override public <P> Page<P> page(Query query, PageRequest request, Class<P> projectionType) { return delegate.page(query, request, projectionType); }
        @Override public <R> List<R> aggregate(Aggregation aggregation, Class<R> resultType) { return delegate.aggregate(aggregation, resultType); }

        @Override
        public void close() {
            if (!closed.compareAndSet(false, true)) {
                return;
            }
            RuntimeException failure = null;
            for (AutoCloseable c : closeables) {
                try {
                    c.close();
                } catch (Exception e) {
                    if (failure == null) {
                        failure = e instanceof RuntimeException re ? re : new IllegalStateException("closing " + c + " failed", e);
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public String toString() {
            return delegate.toString();
        }
    }
}
