package dev.stratum.api.spi;

import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Shared behaviour of {@link Store} implementations: one repository per entity type, idempotent
 * close. A store implements {@link #createRepository(Class)} and {@link #doClose()}.
 */
public abstract class AbstractStore implements Store {
    private final Map<Class<?>, Repository<?, ?>> repositories = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    @Override
    @SuppressWarnings("unchecked")
    public final <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        if (closed.get()) {
            throw new IllegalStateException(name() + " store is closed");
        }
        return (Repository<T, ID>) repositories.computeIfAbsent(entityType, this::createRepository);
    }

    /** Creates the repository of an entity type (called once per type). */
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
