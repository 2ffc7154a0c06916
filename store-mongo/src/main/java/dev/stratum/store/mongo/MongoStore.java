package dev.stratum.store.mongo;

import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoDatabase;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Health;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.Transaction;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargetProvider;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.spi.AbstractStore;
import dev.stratum.api.spi.IndexOperations;
import dev.stratum.store.mongo.internal.MongoDocumentCodec;
import dev.stratum.store.mongo.internal.MongoConnection;
import dev.stratum.store.mongo.internal.MongoErrors;
import dev.stratum.store.mongo.internal.MongoIndexCreator;
import dev.stratum.store.mongo.internal.MongoIndexOperations;
import dev.stratum.store.mongo.internal.MongoMigrationTarget;
import dev.stratum.store.mongo.internal.MongoRepository;
import dev.stratum.store.mongo.internal.MongoServerProfile;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.bson.BsonDocument;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Stratum on MongoDB: one database, one repository per entity type (one collection each).
 *
 * <pre>{@code
 * try (MongoStore store = MongoStore.builder()
 *         .uri("mongodb://app@db1.example.net,db2.example.net/tracker?replicaSet=rs0")
 *         .credentials(() -> MongoCredential.createScramSha256Credential("app", "admin", vault.password()))
 *         .clientSettings(s -> s.writeConcern(WriteConcern.MAJORITY))
 *         .build()) {
 *     Repository<Task, String> tasks = store.repository(Task.class);     // creates the declared indexes
 *     tasks.insert(task);
 *     store.inTransaction(() -> { tasks.update(a); users.update(b); return null; });
 *     MongoCollection<Document> raw = tasks.unwrap(MongoCollection.class);
 * }
 * }</pre>
 *
 * <p>What the store can do depends on the server and is detected on first use: a real MongoDB
 * declares every capability but {@code SCAN} (nothing needs a scan: any field can be queried), plus
 * {@code TRANSACTIONS} on a replica set or sharded cluster; the in-process {@code mongo-java-server}
 * used in tests lacks full-text search, TTL expiry and transactions and does not declare them.
 *
 * <p>Thread-safe. Close it to release the connection pool (of a client it built: one given to
 * {@link MongoStoreConfig.Builder#client} stays open, see {@link MongoStoreConfig} on ownership).
 */
public final class MongoStore extends AbstractStore implements MigrationTargetProvider, IndexOperations {
    /** The store's name ({@code db.system.name}). */
    public static final String NAME = "mongodb";

    private final MongoStoreConfig config;
    private final MongoConnection connection;
    private final MongoMigrationTarget migrationTarget;
    private volatile @Nullable Capabilities capabilities;

    private MongoStore(MongoStoreConfig config) {
        this.config = config;
        this.connection = new MongoConnection(config);
        this.migrationTarget = new MongoMigrationTarget(this, connection, config.migrationCollection(), config.clock());
    }

    /** A builder whose {@code build()} validates the configuration and returns the store. */
    public static MongoStoreConfig.Builder<MongoStore> builder() {
        return new MongoStoreConfig.Builder<>(MongoStore::create);
    }

    /** The store of a configuration. Connects lazily: an unreachable server fails the first operation, not this. */
    public static MongoStore create(MongoStoreConfig config) {
        return new MongoStore(config);
    }

    /** The store of a URI with every other setting at its default. */
    public static MongoStore open(String uri) {
        return builder().uri(uri).build();
    }

    /** The configuration. */
    public MongoStoreConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    /**
     * What this store can do on the connected server.
     *
     * @throws dev.stratum.api.StoreUnavailableException if the server has not been reached yet and cannot be now
     */
    @Override
    public Capabilities capabilities() {
        Capabilities c = capabilities;
        if (c == null) {
            MongoDatabase db = connection.database();
            c = connection.profile().capabilities(NAME).with(Capability.READ_YOUR_WRITES,
                    readsOwnWrites(db.getReadPreference(), db.getWriteConcern()));
            capabilities = c;
        }
        return c;
    }

    /**
     * Whether a repository reading with {@code readPreference} after writing with {@code writeConcern} sees its own
     * writes in the next query: only reads from the primary after an acknowledged write do (a secondary may lag;
     * no causally consistent session is used).
     */
    static boolean readsOwnWrites(ReadPreference readPreference, WriteConcern writeConcern) {
        return readPreference.equals(ReadPreference.primary()) && writeConcern.isAcknowledged();
    }

    @Override
    protected <T> Repository<T, ?> createRepository(Class<T> entityType) {
        EntityMetadata<T> meta = EntityMetadata.of(entityType);
        MongoRepositoryOptions options = config.repositoryOptions(entityType);
        String collection = options.collection().orElse(meta.collection());
        if (config.createIndexes()) {
            ensureIndexes(meta, collection);
        }
        int stream = options.streamBatchSize() > 0 ? options.streamBatchSize() : config.streamBatchSize();
        int bulk = options.bulkBatchSize() > 0 ? options.bulkBatchSize() : config.bulkBatchSize();
        MongoDatabase db = connection.database();
        Capabilities caps = capabilities().with(Capability.READ_YOUR_WRITES, readsOwnWrites(
                options.readPreference().orElse(db.getReadPreference()), options.writeConcern().orElse(db.getWriteConcern())));
        return new MongoRepository<>(meta, config.mapper(), caps, storeInfo(collection), config.clock(), config.cursorKey(),
                connection, options, stream, bulk);
    }

    private StoreInfo storeInfo(String collection) {
        String first = config.hosts().get(0);
        String host = first;
        int port = config.srv() ? 0 : 27017;
        int colon = first.lastIndexOf(':');
        if (colon > 0 && first.indexOf(']') < colon) {
            host = first.substring(0, colon);
            try {
                port = Integer.parseInt(first.substring(colon + 1));
            } catch (NumberFormatException e) {
                port = 0;
            }
        }
        return new StoreInfo(NAME, config.database(), collection, host, port);
    }

    /**
     * Creates the entity's time-series collection (if declared) and indexes now, idempotently. Done
     * automatically when its repository is first created unless {@code createIndexes(false)} is set.
     *
     * @throws MongoIndexConflictException if an existing index clashes with a declared one
     */
    public void ensureIndexes(Class<?> entityType) {
        EntityMetadata<?> meta = EntityMetadata.of(entityType);
        ensureIndexes(meta, config.repositoryOptions(entityType).collection().orElse(meta.collection()));
    }

    private void ensureIndexes(EntityMetadata<?> meta, String collection) {
        MongoServerProfile server = connection.profile();
        connection.call("create the indexes of " + collection, () -> {
            MongoIndexCreator.ensure(connection.database(), collection, meta, server);
            return null;
        });
    }

    /**
     * The codec the repositories read and write with: BSON documents of an entity whose id property is
     * {@code idProperty} to Stratum's neutral form and back ({@code _id} ↔ the id property). For native
     * reads that must return exactly what the repository would, e.g. a snapshot export:
     *
     * <pre>{@code
     * MongoCollection<Map> c = collection.withDocumentClass(Map.class)
     *         .withCodecRegistry(CodecRegistries.fromRegistries(
     *                 CodecRegistries.fromCodecs(MongoStore.neutralDocumentCodec("id")), collection.getCodecRegistry()));
     * }</pre>
     */
    @SuppressWarnings("rawtypes")
    public static org.bson.codecs.Codec<Map> neutralDocumentCodec(String idProperty) {
        return new MongoDocumentCodec(idProperty);
    }

    /**
     * The native BSON filter of a Stratum query on an entity, validated and translated exactly as the
     * repository does: use it as the {@code $match} of an aggregation.
     *
     * <pre>{@code
     * Bson match = Aggregates.match(store.nativeFilter(Metric.class, Query.where(Filter.eq("series", "cpu.load"))));
     * }</pre>
     */
    public BsonDocument nativeFilter(Class<?> entityType, Query query) {
        return ((MongoRepository<?, ?>) repository(entityType)).nativeFilter(query);
    }

    /**
     * Runs {@code body} in a multi-document transaction: every repository call of this store made on
     * this thread inside {@code body} joins it; it commits when {@code body} returns and aborts when it
     * throws. Transient transaction errors are retried as the driver does, so {@code body} may run more
     * than once. Nested calls join the outer transaction.
     *
     * @throws dev.stratum.api.QueryNotSupportedException if the server has no transactions (standalone
     *     server, {@code mongo-java-server}): see {@code capabilities().supports(TRANSACTIONS)}
     */
    public <R> R inTransaction(Supplier<R> body) {
        return connection.inTransaction(body);
    }

    /**
     * The portable form of {@link #inTransaction(Supplier)}: {@code tx.repository(Task.class)} is this
     * store's repository, which joins the transaction on this thread.
     *
     * @throws dev.stratum.api.QueryNotSupportedException before running {@code work} if the server has no transactions
     */
    @Override
    public <R> R inTransaction(Transaction.Work<R> work) {
        Transaction tx = new Transaction() {
            @Override
            public <T, ID> Repository<T, ID> repository(Class<T> entityType) {
                return MongoStore.this.repository(entityType);
            }

            @Override
            public <T, ID> Repository<T, ID> repository(Class<T> entityType, Class<ID> idType) {
                return MongoStore.this.repository(entityType, idType);
            }
        };
        return connection.inTransaction(() -> work.run(tx));
    }

    /** {@link #inTransaction(Supplier)} for a body without a result. */
    public void inTransaction(Runnable body) {
        connection.inTransaction(() -> {
            body.run();
            return null;
        });
    }

    /**
     * Asks the credentials supplier now and switches to a new client if the credential changed (it is
     * also done automatically when the server refuses authentication).
     *
     * @return whether the client was replaced
     */
    public boolean refreshCredentials() {
        return connection.rotate();
    }

    /** Pings the server ({@code ping}, then {@code buildInfo}) within the configured health timeout. Never throws. */
    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            MongoDatabase admin = connection.client().getDatabase("admin").withTimeout(config.healthTimeout().toMillis(), TimeUnit.MILLISECONDS);
            admin.runCommand(new Document("ping", 1));
            Duration latency = Duration.ofNanos(System.nanoTime() - start);
            Document build = admin.runCommand(new Document("buildInfo", 1));
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("database", config.database());
            details.put("hosts", String.join(",", config.hosts()));
            details.put("server", build.containsKey("gitVersion") ? "mongodb" : "mongo-java-server");
            return Health.up(latency, String.valueOf(build.get("version")), details);
        } catch (RuntimeException e) {
            return Health.down(Duration.ofNanos(System.nanoTime() - start), String.valueOf(MongoErrors.translate(e, "health check").getMessage()));
        }
    }

    /** Native indexes (every kind but text: a collection's one text index comes from {@code @Indexed(text = true)}). */
    @Override
    public void checkCreatable(Class<?> entityType, IndexDefinition index) {
        MongoIndexOperations.checkCreatable(index);
    }

    /** A native index built over the existing documents; MongoDB enforces a unique one on every later write. */
    @Override
    public boolean createIndex(Class<?> entityType, IndexDefinition index) {
        return new MongoIndexOperations(connection).create(collectionOf(entityType), index);
    }

    @Override
    public boolean dropIndex(Class<?> entityType, String name) {
        return new MongoIndexOperations(connection).drop(collectionOf(entityType), name);
    }

    @Override
    public List<IndexDefinition> indexes(Class<?> entityType) {
        return new MongoIndexOperations(connection).list(collectionOf(entityType));
    }

    private String collectionOf(Class<?> entityType) {
        return config.repositoryOptions(entityType).collection().orElse(EntityMetadata.of(entityType).collection());
    }

    @Override
    public MigrationTarget migrationTarget() {
        return migrationTarget;
    }

    /**
     * {@code MongoClient.class}, {@code MongoDatabase.class} (the configured database), {@code MongoStoreConfig.class} or this store.
     * The client is the current one; after a credential rotation an earlier one stays open until the store closes.
     */
    @Override
    public <N> N unwrap(Class<N> type) {
        if (type == MongoClient.class) {
            return type.cast(connection.client());
        }
        if (type == MongoDatabase.class) {
            return type.cast(connection.database());
        }
        if (type == MongoStoreConfig.class) {
            return type.cast(config);
        }
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new IllegalArgumentException("the MongoDB store cannot be unwrapped to " + type.getName()
                + " (supported: MongoClient, MongoDatabase, MongoStoreConfig, MongoStore)");
    }

    @Override
    protected void doClose() {
        connection.close();
    }

    /** The store and its configuration, without credentials. */
    @Override
    public String toString() {
        return "MongoStore[" + config + "]";
    }
}
