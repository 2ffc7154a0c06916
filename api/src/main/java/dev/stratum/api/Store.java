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

    /**
     * The repository of {@code entityType}, typed without a type witness and checked: the entity's
     * {@link Id} must be of {@code idType} (a primitive {@code long} id is {@code Long.class}).
     *
     * <pre>{@code
     * Repositories.decorate(store.repository(Task.class, String.class)).with(TracingConfig.defaults(otel)).build();
     * }</pre>
     *
     * @throws IllegalArgumentException naming the declared id type if it is not {@code idType}
     */
    default <T, ID> Repository<T, ID> repository(Class<T> entityType, Class<ID> idType) {
        Repository<T, ID> repo = repository(entityType);
        Class<?> declared = boxed(repo.metadata().idType());
        if (!boxed(idType).equals(declared)) {
            throw new IllegalArgumentException(entityType.getSimpleName() + "'s @Id '" + repo.metadata().idProperty() + "' is a "
                    + declared.getSimpleName() + ", not a " + idType.getSimpleName() + ": use repository(" + entityType.getSimpleName()
                    + ".class, " + declared.getSimpleName() + ".class)");
        }
        return repo;
    }

    private static Class<?> boxed(Class<?> c) {
        return c == long.class ? Long.class : c == int.class ? Integer.class : c;
    }

    /**
     * Runs {@code work} in a multi-document transaction: it commits when {@code work} returns and
     * aborts when it throws; transient transaction errors are retried as the driver does, so
     * {@code work} may run more than once. Inside, use {@link Transaction#repository(Class)}; calls on
     * this store's repositories from the same thread join the transaction too (caches are bypassed).
     *
     * <pre>{@code
     * store.inTransaction(tx -> tx.repository(Task.class, String.class).update(id, Update.set("status", Status.DONE)));
     * }</pre>
     *
     * @throws QueryNotSupportedException before doing anything if the store (or its deployment: a
     *     standalone MongoDB) has no transactions — see {@code capabilities().supports(TRANSACTIONS)}
     */
    default <R> R inTransaction(Transaction.Work<R> work) {
        throw new QueryNotSupportedException(name(), "transactions", name() + " has no multi-document transactions");
    }

    /** Pings the server: up/down, latency and server version. Never throws. */
    Health health();

    /** The native client ({@code MongoClient}, {@code MongoDatabase}, Lettuce client, ...). */
    <N> N unwrap(Class<N> type);

    /** Releases connections and background threads. Idempotent. */
    @Override
    void close();
}
