package dev.stratum.api.spi;

import dev.stratum.api.Aggregation;
import dev.stratum.api.Capabilities;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.Update;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Base of repository decorators (cache, tracing, your own): holds the decorated repository and
 * forwards what a decorator does not change — metadata, capabilities, store info, and by default the
 * partial updates, {@code findFirst}, {@code exists}, projection reads and aggregations (a decorator
 * that caches must override the writes among them to invalidate) — and
 * {@link #unwrap(Class)}, which answers the decorator itself for its own type and otherwise asks the
 * decorated repository, so {@code unwrap(MongoCollection.class)} works through any stack.
 *
 * @param <T> entity type
 * @param <ID> id type
 */
public abstract class ForwardingRepository<T, ID> implements Repository<T, ID> {
    /** The decorated repository. */
    protected final Repository<T, ID> delegate;

    protected ForwardingRepository(Repository<T, ID> delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
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

    /** This decorator for its own type (and supertypes); otherwise whatever the decorated repository unwraps to. */
    @Override
    public <N> N unwrap(Class<N> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        return delegate.unwrap(type);
    }

    /**
     * The first decorator of {@code type} from {@code repository} inwards ({@code repository} itself
     * included), following {@link ForwardingRepository} delegates. Unlike {@link #unwrap(Class)} it does
     * not throw when there is none, nor ask the store: decorators that do not extend this class end the
     * search.
     */
    public static <X> Optional<X> findDecorator(Repository<?, ?> repository, Class<X> type) {
        Repository<?, ?> r = repository;
        while (true) {
            if (type.isInstance(r)) {
                return Optional.of(type.cast(r));
            }
            if (!(r instanceof ForwardingRepository<?, ?> f)) {
                return Optional.empty();
            }
            r = f.delegate;
        }
    }

    @Override
    public T update(ID id, Update update) {
        return delegate.update(id, update);
    }

    @Override
    public T update(ID id, Update update, long expectedVersion) {
        return delegate.update(id, update, expectedVersion);
    }

    @Override
    public long updateAll(Query query, Update update) {
        return delegate.updateAll(query, update);
    }

    @Override
    public Optional<T> findFirst(Query query) {
        return delegate.findFirst(query);
    }

    @Override
    public boolean exists(Query query) {
        return delegate.exists(query);
    }

    @Override
    public <P> List<P> find(Query query, Class<P> projectionType) {
        return delegate.find(query, projectionType);
    }

    @Override
    public <P> Stream<P> stream(Query query, Class<P> projectionType) {
        return delegate.stream(query, projectionType);
    }

    @Override
    public <P> Page<P> page(Query query, PageRequest request, Class<P> projectionType) {
        return delegate.page(query, request, projectionType);
    }

    @Override
    public <R> List<R> aggregate(Aggregation aggregation, Class<R> resultType) {
        return delegate.aggregate(aggregation, resultType);
    }
}
