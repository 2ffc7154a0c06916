package dev.stratum.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.client.MongoClient;
import dev.stratum.api.CursorKey;
import dev.stratum.api.EntityMapper;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The immutable configuration of a {@link MongoStore}. Driver settings stay the driver's: pool sizes,
 * timeouts, read/write concerns, TLS options and listeners go in the URI or in a
 * {@link MongoClientSettings} (a base and/or a customizer); or hand over a {@link MongoClient} your
 * service already has. Stratum adds only what the driver lacks: URI parsing whose errors never show a
 * credential, a credential <em>supplier</em> (rotation), PEM files for TLS, the database, and the
 * store's own options. Validated at {@code build()}; every error names the bad part.
 *
 * <pre>{@code
 * MongoStoreConfig config = MongoStoreConfig.builder()
 *         .uri("mongodb+srv://cluster0.example.net/tracker?retryWrites=true&w=majority&maxPoolSize=50")
 *         .credentials(() -> MongoCredential.createScramSha256Credential("app", "admin", vault.password()))
 *         .trustedCertificates(Path.of("/etc/ssl/mongo-ca.pem"))
 *         .clientSettings(s -> s.applyToConnectionPoolSettings(p -> p.maxWaitTime(2, TimeUnit.SECONDS))
 *                 .readPreference(ReadPreference.primaryPreferred()))
 *         .build();
 * MongoStore store = MongoStore.create(config);
 *
 * // or on the client the service already has (the store neither configures nor closes it)
 * MongoStore shared = MongoStore.builder().client(mongoClient).database("tracker").build();
 * }</pre>
 *
 * <p>Settings are applied in this order, later wins: {@link Builder#clientSettings(MongoClientSettings)
 * base settings}, the URI, Stratum's (UUIDs as standard binary, the supplied credential, the PEM TLS
 * context), then the {@link Builder#clientSettings(Consumer) customizer}. The database comes from the
 * URI's path ({@code mongodb://host/tracker}) or {@link Builder#database(String)}.
 *
 * <p><b>Ownership.</b> A client the store builds is the store's: closed with it. After a credential
 * rotation the store works on a new client and keeps the previous ones open until it closes, so a
 * client handed out by {@code unwrap(MongoClient.class)} keeps working (unwrap again to use the new
 * credential). A client given to {@link Builder#client(MongoClient)} is never closed by the store, and
 * cannot be combined with a URI, settings or credentials (it has its own).
 */
public final class MongoStoreConfig {
    /** Documents per cursor batch unless configured: bounded memory for streams, few round trips for lists. */
    public static final int DEFAULT_STREAM_BATCH_SIZE = 500;
    /** Writes per bulk request of {@code saveAll} unless configured. */
    public static final int DEFAULT_BULK_BATCH_SIZE = 1000;
    /**
     * How long opening a connection (TCP and the {@code hello} handshake) may take unless the URI
     * ({@code connectTimeoutMS}) or base settings say otherwise; the driver's own default is 10 s.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
    /**
     * How long an operation waits for a usable server before {@code StoreUnavailableException}, unless the
     * URI ({@code serverSelectionTimeoutMS}) or base settings say otherwise; the driver's own default is 30 s.
     */
    public static final Duration DEFAULT_SERVER_SELECTION_TIMEOUT = Duration.ofSeconds(5);

    private final @Nullable ConnectionString connectionString;
    private final List<String> hosts;
    private final boolean srv;
    private final String database;
    private final @Nullable Supplier<MongoCredential> credentials;
    private final @Nullable SSLContext sslContext;
    private final @Nullable MongoClientSettings baseSettings;
    private final @Nullable MongoClient client;
    private final int streamBatchSize;
    private final int bulkBatchSize;
    private final boolean createIndexes;
    private final String migrationCollection;
    private final Map<Class<?>, MongoRepositoryOptions> repositories;
    private final @Nullable Consumer<MongoClientSettings.Builder> clientSettings;
    private final EntityMapper mapper;
    private final Clock clock;
    private final Duration healthTimeout;
    private final CursorKey cursorKey;

    MongoStoreConfig(MongoStoreConfigSettings<?> b, @Nullable ConnectionString cs, List<String> hosts, boolean srv, String database,
            @Nullable SSLContext sslContext) {
        this.connectionString = cs;
        this.hosts = List.copyOf(hosts);
        this.srv = srv;
        this.database = database;
        this.credentials = b.credentials;
        this.sslContext = sslContext;
        this.baseSettings = b.baseSettings;
        this.client = b.client;
        this.streamBatchSize = b.streamBatchSize;
        this.bulkBatchSize = b.bulkBatchSize;
        this.createIndexes = b.createIndexes;
        this.migrationCollection = b.migrationCollection;
        this.repositories = Map.copyOf(b.repositories);
        this.clientSettings = b.clientSettings;
        this.mapper = b.mapper;
        this.clock = b.clock;
        this.healthTimeout = b.healthTimeout;
        this.cursorKey = b.cursorKey != null ? b.cursorKey : CursorKey.random();
    }

    /** A builder of a configuration. */
    public static Builder<MongoStoreConfig> builder() {
        return new Builder<>(c -> c);
    }

    /** A builder starting from {@code base}'s settings (its URI must be given again only to change it). */
    public static Builder<MongoStoreConfig> from(MongoStoreConfig base) {
        return new Builder<MongoStoreConfig>(c -> c).copy(base);
    }

    // ------------------------------------------------------------------------------- accessors

    /** The parsed connection string, unless the store works on a given client or base settings alone (holds the URI's credential: do not log it). */
    public Optional<ConnectionString> connectionString() {
        return Optional.ofNullable(connectionString);
    }

    /** The hosts ({@code host:port}), or the SRV name for {@code mongodb+srv://}. */
    public List<String> hosts() {
        return hosts;
    }

    /** Whether hosts are resolved through DNS SRV records ({@code mongodb+srv://}). */
    public boolean srv() {
        return srv;
    }

    /** The database every repository of the store uses. */
    public String database() {
        return database;
    }

    /**
     * The supplier of credentials, if given to the builder (credentials in the URI are in
     * {@link #connectionString()}). Called when the client is created and again whenever the server
     * rejects authentication, so rotated passwords are picked up.
     */
    public Optional<Supplier<MongoCredential>> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** Whether any credential is configured (URI, supplier or base settings). */
    public boolean hasCredentials() {
        return credentials != null || (connectionString != null && connectionString.getCredential() != null)
                || (baseSettings != null && baseSettings.getCredential() != null);
    }

    /** The TLS context built from {@link Builder#trustedCertificates} / {@link Builder#clientCertificate}, if any. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    /** The driver settings the store's client starts from, if given. */
    public Optional<MongoClientSettings> baseSettings() {
        return Optional.ofNullable(baseSettings);
    }

    /** The client given to the builder, which the store uses but does not own (never closes). */
    public Optional<MongoClient> client() {
        return Optional.ofNullable(client);
    }

    public int streamBatchSize() {
        return streamBatchSize;
    }

    public int bulkBatchSize() {
        return bulkBatchSize;
    }

    /** Whether indexes (and time-series collections) are created when a repository is first created. */
    public boolean createIndexes() {
        return createIndexes;
    }

    /** The collection holding the migration history and lock. */
    public String migrationCollection() {
        return migrationCollection;
    }

    /** The options of {@code entityType}'s repository ({@link MongoRepositoryOptions#none()} unless given). */
    public MongoRepositoryOptions repositoryOptions(Class<?> entityType) {
        return repositories.getOrDefault(entityType, MongoRepositoryOptions.none());
    }

    Map<Class<?>, MongoRepositoryOptions> repositories() {
        return repositories;
    }

    /** The last-word customisation of the driver's settings (see the class doc for the order), if any. */
    public Optional<Consumer<MongoClientSettings.Builder>> clientSettings() {
        return Optional.ofNullable(clientSettings);
    }

    public EntityMapper mapper() {
        return mapper;
    }

    /** The clock of audit time stamps and migration leases. */
    public Clock clock() {
        return clock;
    }

    /** The longest {@link MongoStore#health()} waits for the server. */
    public Duration healthTimeout() {
        return healthTimeout;
    }

    /** The key page cursors are signed with: the configured one, else random per configuration (cursors then end with the store). */
    public CursorKey cursorKey() {
        return cursorKey;
    }

    /** The settings, with the hosts and database but never a user name, password or secret option. */
    @Override
    public String toString() {
        return "MongoStoreConfig[" + (srv ? "mongodb+srv://" : "mongodb://") + String.join(",", hosts) + "/" + database
                + ", client=" + (client != null ? "given" : "owned") + ", credentials=" + (credentials != null ? "supplied"
                : hasCredentials() ? "from URI or settings" : "none") + ", tls=" + (sslContext != null ? "PEM context"
                : connectionString != null ? connectionString.getSslEnabled() : "from settings") + ", streamBatchSize=" + streamBatchSize
                + ", bulkBatchSize=" + bulkBatchSize + ", createIndexes=" + createIndexes + "]";
    }

    // ------------------------------------------------------------------------------- builder

    /**
     * Builder of a {@link MongoStoreConfig}, or, from {@link MongoStore#builder()}, directly of a
     * {@link MongoStore}: {@link #build()} returns {@code R}.
     *
     * @param <R> what {@link #build()} returns
     */
    public static final class Builder<R> extends MongoStoreConfigSettings<R> {
        private final Function<MongoStoreConfig, R> finisher;

        /** For {@link MongoStore#builder()}: a builder whose {@link #build()} passes the configuration on. */
        Builder(Function<MongoStoreConfig, R> finisher) {
            this.finisher = Objects.requireNonNull(finisher, "finisher");
        }

        @Override
        R finish(MongoStoreConfig config) {
            return finisher.apply(config);
        }
    }
}
