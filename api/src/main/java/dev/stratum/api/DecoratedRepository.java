package dev.stratum.api;

/**
 * A {@link Repository} composed by {@link Repositories#decorate(Repository)}. Close it when the
 * application stops using it: closing ends what its decorators hold (the cache's invalidation
 * subscription) but never closes the decorated repository's store.
 *
 * @param <T> entity type
 * @param <ID> id type
 */
public interface DecoratedRepository<T, ID> extends Repository<T, ID>, AutoCloseable {

    /** Closes the decorators (outermost first). Idempotent. */
    @Override
    void close();
}
