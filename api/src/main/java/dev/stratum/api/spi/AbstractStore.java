package dev.stratum.api.spi;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shared behaviour of {@link Store} implementations: one repository per entity type, idempotent
 * close. A store implements {@link #createRepository(Class)} and {@link #doClose()}.
 */
public abstract class AbstractStore implements Store {
    /**
     * One creation per type. The creation (server detection, index creation: I/O) runs outside the map's
     * bin lock — only a placeholder future is inserted — so it blocks neither other types nor the map;
     * concurrent callers for the same type wait for that one creation.
     */
    private final Map<Class<?>, CompletableFuture<Repository<?, ?>>> repositories = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    @Override
    @SuppressWarnings("unchecked")
    public final <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        if (closed.get()) {
            throw new IllegalStateException(name() + " store is closed");
        }
        CompletableFuture<Repository<?, ?>> created = repositories.get(entityType);
        if (created == null) {
            CompletableFuture<Repository<?, ?>> mine = new CompletableFuture<>();
            created = repositories.putIfAbsent(entityType, mine);
            if (created == null) {
                try {
                    Repository<?, ?> repository = createRepository(entityType);
                    mine.complete(repository);
                    return (Repository<T, ID>) repository;
                } catch (RuntimeException | Error e) {
                    repositories.remove(entityType, mine); // the next call tries again
                    mine.completeExceptionally(e);
                    throw e;
                }
            }
        }
        try {
            return (Repository<T, ID>) created.join();
        } catch (CompletionException e) {
            // the creating thread's failure, rethrown as it was
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }

    /** Creates the repository of an entity type (called once per type, unless it fails; outside any lock). */
    protected abstract <T> Repository<T, ?> createRepository(Class<T> entityType);

    /** Whether {@link #close()} was called. */
    protected boolean isClosed() {
        return closed.get();
    }

    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            doClose();
        }
    }

    /** Releases the store's resources; called once. */
    protected abstract void doClose();
}
