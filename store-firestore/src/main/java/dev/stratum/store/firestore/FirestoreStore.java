package dev.stratum.store.firestore;

import com.google.api.core.ApiFuture;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;
import com.google.cloud.firestore.TransactionOptions;
import dev.stratum.api.Capabilities;
import dev.stratum.api.Capability;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Health;
import dev.stratum.api.IndexDefinition;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreInfo;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargetProvider;
import dev.stratum.api.spi.AbstractStore;
import dev.stratum.api.spi.IndexOperations;
import dev.stratum.store.firestore.internal.FirestoreErrors;
import dev.stratum.store.firestore.internal.FirestoreIndexOperations;
import dev.stratum.store.firestore.internal.FirestoreMigrationTarget;
import dev.stratum.store.firestore.internal.FirestoreRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Google Cloud Firestore (native mode) as a Stratum store, on the official
 * {@code google-cloud-firestore} client. One collection per entity type, document id = entity id.
 * Thread-safe; one per application.
 *
 * <pre>{@code
 * try (FirestoreStore store = FirestoreStore.open("firestore://my-project")) {
 *     Repository<Task, String> tasks = store.repository(Task.class);
 *     Task t = tasks.insert(Task.create("Write docs", Status.OPEN, 2));
 *     List<Task> open = tasks.find(Query.where(Filter.eq("status", Status.OPEN)).limit(20));
 * }
 * }</pre>
 *
 * <p>Capabilities: everything but {@link Capability#TEXT_SEARCH} and {@link Capability#SCAN} (not
 * needed: Firestore indexes every field, and what it cannot filter exactly is checked client-side;
 * see the module's README for the cost of each query shape). Documents are limited to Firestore's
 * 1 MiB, measured as Stratum estimates it with 8 KiB left for names and overhead.
 *
 * <p>{@link #unwrap(Class)} gives the {@link Firestore} client; a repository unwraps to its
 * {@code CollectionReference}.
 */
public final class FirestoreStore extends AbstractStore implements MigrationTargetProvider, IndexOperations {
    /** The store's name, as in the database semantic conventions. */
    public static final String NAME = "gcp.firestore";
    private static final int TRANSACTION_ATTEMPTS = 25;
    private static final long MAX_DOCUMENT_BYTES = 1_048_576L - 8_192;
    private static final Capabilities CAPABILITIES = new Capabilities(NAME, EnumSet.of(Capability.OR, Capability.NOT,
            Capability.NOT_EQUAL, Capability.EXISTS, Capability.ARRAY_CONTAINS, Capability.STARTS_WITH,
            Capability.RANGE_ON_MULTIPLE_FIELDS, Capability.UNINDEXED_FIELDS, Capability.OFFSET,
            Capability.TTL, Capability.PROJECTION, Capability.READ_YOUR_WRITES), MAX_DOCUMENT_BYTES);

    private final FirestoreStoreConfig config;
    private final Firestore db;
    private final Firestore writes;
    private final boolean ownsClient;
    private final FirestoreErrors errors;
    private final String serverAddress;
    private final int serverPort;
    private final FirestoreMigrationTarget migrationTarget;
    private final ExecutorService transactionThreads;
    private final TransactionOptions transactions;
    private volatile boolean contacted;

    private FirestoreStore(FirestoreStoreConfig config) {
        this.config = config;
        this.ownsClient = config.firestore().isEmpty();
        this.db = config.firestore().orElseGet(() -> client(config));
        this.writes = writeClient(db, config);
        String host = db.getOptions().getEmulatorHost() != null ? db.getOptions().getEmulatorHost() : db.getOptions().getHost();
        String h = host == null ? "firestore.googleapis.com:443" : host.replaceFirst("^https?://", "");
        int colon = h.lastIndexOf(':');
        this.serverAddress = colon > 0 ? h.substring(0, colon) : h;
        this.serverPort = colon > 0 ? parsePort(h.substring(colon + 1)) : 443;
        this.errors = new FirestoreErrors("Firestore " + db.getOptions().getProjectId() + "/" + db.getOptions().getDatabaseId() + " at "
                + serverAddress + ":" + serverPort);
        // transaction functions block on their reads: they run on their own threads, never on the client's
        // small executor (which would starve under many concurrent transactions)
        this.transactionThreads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stratum-firestore-transaction");
            t.setDaemon(true);
            return t;
        });
        this.transactions = TransactionOptions.createReadWriteOptionsBuilder().setExecutor(transactionThreads)
                .setNumberOfAttempts(TRANSACTION_ATTEMPTS).build();
        this.migrationTarget = new FirestoreMigrationTarget(this, db, config.collectionPrefix() + config.migrationsCollection(), errors,
                Clock.systemUTC(), transactions);
    }

    private static int parsePort(String s) {
        try {
            return Integer.parseInt(s.replaceAll("/.*", ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static Firestore client(FirestoreStoreConfig config) {
        FirestoreOptions.Builder b = FirestoreOptions.newBuilder().setDatabaseId(config.databaseId());
        config.projectId().ifPresent(b::setProjectId);
        if (config.emulatorHost().isPresent()) {
            b.setEmulatorHost(config.emulatorHost().get());
        } else if (config.credentials().isPresent()) {
            var supplier = config.credentials().get();
            b.setCredentialsProvider(supplier::get);
        }
        b.setRetrySettings(FirestoreOptions.getDefaultRetrySettings().toBuilder().setTotalTimeoutDuration(config.requestTimeout())
                .setMaxRpcTimeoutDuration(config.requestTimeout()).setInitialRpcTimeoutDuration(config.requestTimeout()).build());
        try {
            return b.build().getService();
        } catch (RuntimeException e) {
            throw new ConfigurationException("cannot create the Firestore client for " + config + ": " + e.getMessage(), e);
        }
    }

    /**
     * The client plain writes (commits outside transactions) go through: the same options, but the client
     * does not retry a commit itself. The Google client retries a Commit on {@code UNAVAILABLE} and
     * {@code RESOURCE_EXHAUSTED} (FirestoreStubSettings, retry_policy_0_codes); when a connection breaks
     * after the commit was applied, the retry then fails its precondition ({@code OptimisticLockException}
     * for a write that was made) or a create finds its own document, and the last attempt's error says
     * nothing of the first. With one attempt, a failure after the request left is reported as
     * {@code WriteOutcomeUnknownException} ({@link FirestoreErrors#write}). Reads and transactions keep the
     * client's retries on the main client.
     */
    private static Firestore writeClient(Firestore db, FirestoreStoreConfig config) {
        FirestoreOptions options = db.getOptions();
        var retry = options.getRetrySettings().toBuilder().setMaxAttempts(1).build();
        try {
            return options.toBuilder().setRetrySettings(retry).build().getService();
        } catch (RuntimeException e) {
            throw new ConfigurationException("cannot create the Firestore write client for " + config + ": " + e.getMessage(), e);
        }
    }

    /** A builder; {@code build()} returns the store. */
    public static FirestoreStoreConfig.Builder<FirestoreStore> builder() {
        return new FirestoreStoreConfig.Builder<>(FirestoreStore::new);
    }

    /** A store with this configuration. */
    public static FirestoreStore create(FirestoreStoreConfig config) {
        return new FirestoreStore(config);
    }

    /** A store for this {@code firestore://} URI with every other setting at its default. */
    public static FirestoreStore open(String uri) {
        return builder().uri(uri).build();
    }

    /** A store on an existing client, which the store does not close. */
    public static FirestoreStore of(Firestore firestore) {
        return builder().firestore(firestore).build();
    }

    /** The configuration (safe to print). */
    public FirestoreStoreConfig config() {
        return config;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Capabilities capabilities() {
        return CAPABILITIES;
    }

    @Override
    protected <T> Repository<T, ?> createRepository(Class<T> entityType) {
        firstContact();
        EntityMetadata<T> meta = EntityMetadata.of(entityType);
        String collection = config.collectionPrefix() + meta.collection();
        StoreInfo info = new StoreInfo(NAME, db.getOptions().getDatabaseId(), collection, serverAddress, serverPort);
        return new FirestoreRepository<T, Object>(meta, config.mapper(), CAPABILITIES, info, config.cursorKey(), db, writes, collection,
                errors, transactions);
    }

    /**
     * The entities of a type that match {@code query} as they were at {@code readTime} (within the last
     * hour, or seven days with point-in-time recovery): reads of several types at one read time see one
     * consistent moment — the consistent read of a backup export ({@code stratum-backup}'s Firestore
     * plug-in uses it). Fetched lazily in pages (read-only transactions at that time); close the stream.
     */
    public <T> Stream<T> streamAt(Class<T> entityType, Query query, Instant readTime) {
        com.google.cloud.Timestamp at = com.google.cloud.Timestamp.ofTimeSecondsAndNanos(readTime.getEpochSecond(), readTime.getNano());
        return ((FirestoreRepository<T, ?>) this.<T, Object>repository(entityType)).streamAt(query, at);
    }

    /**
     * Reads one (absent) document once, within the connect timeout, so a dead or silent server fails the
     * first use within seconds: the client itself retries an unreachable server until the request timeout.
     */
    private void firstContact() {
        if (contacted) {
            return;
        }
        Duration timeout = config.connectTimeout();
        ApiFuture<DocumentSnapshot> read = db.collection(config.collectionPrefix() + config.migrationsCollection()).document("health").get();
        try {
            read.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            contacted = true;
        } catch (TimeoutException e) {
            read.cancel(true);
            throw new StoreUnavailableException(errors.server() + " did not answer within " + timeout.toMillis() + " ms (first contact)", e);
        } catch (ExecutionException e) {
            throw errors.translate(e.getCause() == null ? e : e.getCause(), "first contact", false);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            read.cancel(true);
            throw new StoreUnavailableException("interrupted during the first contact with " + errors.server(), e);
        }
    }

    /** Reads one (absent) document; never throws. */
    @Override
    public Health health() {
        long start = System.nanoTime();
        try {
            errors.call("check health", () -> db.collection(config.collectionPrefix() + config.migrationsCollection()).document("health")
                    .get().get());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("project", String.valueOf(db.getOptions().getProjectId()));
            details.put("database", db.getOptions().getDatabaseId());
            details.put("server", serverAddress + ":" + serverPort);
            return Health.up(Duration.ofNanos(System.nanoTime() - start), null, details);
        } catch (RuntimeException e) {
            return Health.down(Duration.ofNanos(System.nanoTime() - start), e.getMessage() == null ? e.toString() : e.getMessage());
        }
    }

    /** See {@link dev.stratum.store.firestore.internal.FirestoreIndexOperations}: what an index step means here, and what is refused. */
    @Override
    public void checkCreatable(Class<?> entityType, IndexDefinition index) {
        FirestoreIndexOperations.checkCreatable(entityType, index);
    }

    @Override
    public boolean createIndex(Class<?> entityType, IndexDefinition index) {
        return FirestoreIndexOperations.create(entityType, index);
    }

    @Override
    public boolean dropIndex(Class<?> entityType, String name) {
        return false; // nothing was created (see checkCreatable), and declared indexes stay
    }

    @Override
    public List<IndexDefinition> indexes(Class<?> entityType) {
        return FirestoreIndexOperations.list(entityType);
    }

    @Override
    public MigrationTarget migrationTarget() {
        return migrationTarget;
    }

    /** The {@link Firestore} client, or the configuration. */
    @Override
    public <N> N unwrap(Class<N> type) {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        if (type == FirestoreStoreConfig.class) {
            return type.cast(config);
        }
        if (type.isInstance(db)) {
            return type.cast(db);
        }
        throw new IllegalArgumentException("gcp.firestore store cannot be unwrapped to " + type.getName() + " (try Firestore)");
    }

    @Override
    protected void doClose() {
        transactionThreads.shutdown();
        try {
            writes.shutdownNow(); // the store's own client; no write is in flight once the store closes
        } catch (Exception e) {
            // closing is best effort
        }
        if (ownsClient) {
            try {
                if (contacted) {
                    db.close();
                } else {
                    db.shutdownNow(); // never reached the server: close() would wait ~25 s for the channel to a dead endpoint
                }
            } catch (Exception e) {
                // closing is best effort
            }
        }
    }

    @Override
    public String toString() {
        return "FirestoreStore[" + config + "]";
    }
}
