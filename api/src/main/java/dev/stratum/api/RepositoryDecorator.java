package dev.stratum.api;

/**
 * A repository decorator that {@link Repositories#decorate(Repository)} can compose:
 * {@code stratum-cache}'s {@code CacheConfig} and {@code stratum-tracing}'s {@code TracingConfig}
 * implement it, and so can your own decorators. The {@link #layer() layer} fixes where it sits, so the
 * order of the {@code with(…)} calls does not matter.
 *
 * <pre>{@code
 * final class AuditDecorator implements RepositoryDecorator<Object> {
 *     public Layer layer() { return Layer.OBSERVATION; }
 *     public <T, ID> Repository<T, ID> decorate(Repository<T, ID> repository) {
 *         return new AuditingRepository<>(repository); // e.g. a dev.stratum.api.spi.ForwardingRepository
 *     }
 * }
 * }</pre>
 *
 * @param <E> the entity types it accepts ({@code Object} for any)
 */
public interface RepositoryDecorator<E> {

    /** Where a decorator sits, from the store outwards. */
    enum Layer {
        /** Next to the store: answers reads itself, so what it answers never reaches the store. */
        CACHE,
        /** Outermost: observes every call, cache hits included (tracing, metrics). */
        OBSERVATION
    }

    /** This decorator's layer; a builder holds at most one decorator per layer. */
    Layer layer();

    /**
     * Wraps {@code repository}. If the returned repository is {@link AutoCloseable}, closing the
     * composed repository closes it.
     */
    <T extends E, ID> Repository<T, ID> decorate(Repository<T, ID> repository);
}
