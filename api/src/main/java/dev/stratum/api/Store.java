package dev.stratum.api;

/**
 * A connection to one store (a MongoDB database, a Redis deployment, ...), the factory of its
 * repositories. Thread-safe; create one per application and close it on shutdown. A store that keeps a
 * migration history implements {@link dev.stratum.api.migration.MigrationTargetProvider} as well
 * (see {@link dev.stratum.api.migration.MigrationTargets}).
 *
 * <pre>{@code
 * try (Store store = Stores.open("mongodb://localhost:27017/tracker")) {
 *     Repository<User, String> users = store.repository(User.class);
 *     ...
 * }
 * }</pre>
 */
public interface Store extends AutoCloseable {

    /** The store's system name ({@code mongodb}, {@code redis}, ...). */
    String name();

    /** What this store can do. */
    Capabilities capabilities();

    /**
     * The repository of {@code entityType}. Repositories are cached per type: calling twice returns the
     * same instance. The id type is the entity's {@link Id} property type.
     */
    <T, ID> Repository<T, ID> repository(Class<T> entityType);

    /** Pings the server: up/down, latency and server version. Never throws. */
    Health health();

    /** The native client ({@code MongoClient}, {@code MongoDatabase}, Lettuce client, ...). */
    <N> N unwrap(Class<N> type);

    /** Releases connections and background threads. Idempotent. */
    @Override
    void close();
}
