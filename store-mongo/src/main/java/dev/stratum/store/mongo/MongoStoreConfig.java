package dev.stratum.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.MongoNamespace;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.EntityMapper;
import dev.stratum.store.mongo.internal.MongoUris;
import dev.stratum.store.mongo.internal.PemSslContexts;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
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

    private MongoStoreConfig(Builder<?> b, @Nullable ConnectionString cs, List<String> hosts, boolean srv, String database,
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
    public static final class Builder<R> {
        private final Function<MongoStoreConfig, R> finisher;
        private @Nullable String uri;
        private @Nullable String database;
        private @Nullable Supplier<MongoCredential> credentials;
        private @Nullable SSLContext sslContext;
        private @Nullable Path trustedCertificates;
        private @Nullable Path clientCertificate;
        private @Nullable Path clientKey;
        private @Nullable MongoClientSettings baseSettings;
        private @Nullable MongoClient client;
        private int streamBatchSize = DEFAULT_STREAM_BATCH_SIZE;
        private int bulkBatchSize = DEFAULT_BULK_BATCH_SIZE;
        private boolean createIndexes = true;
        private String migrationCollection = "stratum_migrations";
        private final Map<Class<?>, MongoRepositoryOptions> repositories = new LinkedHashMap<>();
        private @Nullable Consumer<MongoClientSettings.Builder> clientSettings;
        private EntityMapper mapper = EntityMapper.defaults();
        private Clock clock = Clock.systemUTC();
        private Duration healthTimeout = Duration.ofSeconds(2);

        /** For {@link MongoStore#builder()}: a builder whose {@link #build()} passes the configuration on. */
        Builder(Function<MongoStoreConfig, R> finisher) {
            this.finisher = Objects.requireNonNull(finisher, "finisher");
        }

        private Builder<R> copy(MongoStoreConfig c) {
            this.uri = c.connectionString == null ? null : c.connectionString.getConnectionString();
            this.database = c.database;
            this.credentials = c.credentials;
            this.sslContext = c.sslContext;
            this.baseSettings = c.baseSettings;
            this.client = c.client;
            this.streamBatchSize = c.streamBatchSize;
            this.bulkBatchSize = c.bulkBatchSize;
            this.createIndexes = c.createIndexes;
            this.migrationCollection = c.migrationCollection;
            this.repositories.putAll(c.repositories);
            this.clientSettings = c.clientSettings;
            this.mapper = c.mapper;
            this.clock = c.clock;
            this.healthTimeout = c.healthTimeout;
            return this;
        }

        /**
         * The connection string: {@code mongodb://[user:pass@]host[:port][,host…]/[database][?options]}
         * or {@code mongodb+srv://[user:pass@]name/[database][?options]}.
         */
        public Builder<R> uri(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** The database, when the URI has none in its path (or to override it). */
        public Builder<R> database(String database) {
            this.database = Objects.requireNonNull(database, "database");
            return this;
        }

        /**
         * Credentials from a supplier, asked when the client is created and again whenever the server
         * rejects authentication: rotate a password by making the supplier return the new one. Never
         * combine with credentials in the URI.
         */
        public Builder<R> credentials(Supplier<MongoCredential> supplier) {
            this.credentials = Objects.requireNonNull(supplier, "supplier");
            return this;
        }

        /** Fixed credentials (see {@link #credentials(Supplier)} for rotating ones). */
        public Builder<R> credentials(MongoCredential credential) {
            Objects.requireNonNull(credential, "credential");
            this.credentials = () -> credential;
            return this;
        }

        /**
         * Driver settings to start from (pool, timeouts, concerns, TLS options, listeners…), e.g. the
         * ones your service already builds; the URI, Stratum's settings and the customizer apply on top.
         */
        public Builder<R> clientSettings(MongoClientSettings base) {
            this.baseSettings = Objects.requireNonNull(base, "base");
            return this;
        }

        /**
         * A client your service already has: the store uses it and never closes it. Give the database
         * with {@link #database(String)}; no URI, settings or credentials (the client has its own, so
         * credential rotation is the client's owner's business).
         */
        public Builder<R> client(MongoClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Trust the CA certificate(s) in this PEM file (instead of the JVM's trust store); turns TLS on. */
        public Builder<R> trustedCertificates(Path pemFile) {
            this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
            return this;
        }

        /**
         * Present this client certificate (PEM chain) and its unencrypted PKCS#8 PEM key, for mutual TLS
         * or {@code MONGODB-X509} authentication; turns TLS on.
         */
        public Builder<R> clientCertificate(Path certificateChain, Path privateKey) {
            this.clientCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
            this.clientKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** Documents per cursor batch: what a stream holds in memory at most. */
        public Builder<R> streamBatchSize(int size) {
            this.streamBatchSize = size;
            return this;
        }

        /** Writes per bulk request of {@code saveAll} (default 1000). */
        public Builder<R> bulkBatchSize(int size) {
            this.bulkBatchSize = size;
            return this;
        }

        /**
         * Whether a repository creates its entity's indexes and time-series collection when it is first
         * created (default true); without, call {@link MongoStore#ensureIndexes(Class)}.
         */
        public Builder<R> createIndexes(boolean create) {
            this.createIndexes = create;
            return this;
        }

        /** The collection of the migration history and lock (default {@code stratum_migrations}). */
        public Builder<R> migrationCollection(String collection) {
            this.migrationCollection = Objects.requireNonNull(collection, "collection");
            return this;
        }

        /** Settings of one entity's repository that differ from the store's. */
        public Builder<R> repository(Class<?> entityType, MongoRepositoryOptions options) {
            repositories.put(Objects.requireNonNull(entityType, "entityType"), Objects.requireNonNull(options, "options"));
            return this;
        }

        /**
         * Last-word access to the driver's settings builder (pool sizes, timeouts, read preference,
         * write concern, command listeners, compressors, …), applied after everything else.
         */
        public Builder<R> clientSettings(Consumer<MongoClientSettings.Builder> customizer) {
            this.clientSettings = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        public Builder<R> mapper(EntityMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** The clock of audit time stamps and migration leases (tests). */
        public Builder<R> clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /** The longest {@link MongoStore#health()} waits (default 2 s). */
        public Builder<R> healthTimeout(Duration timeout) {
            this.healthTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws ConfigurationException naming the bad part (never a credential)
         */
        public R build() {
            if (client != null && (uri != null || baseSettings != null || clientSettings != null || credentials != null
                    || trustedCertificates != null || clientCertificate != null)) {
                throw new ConfigurationException("client(...) cannot be combined with uri, clientSettings, credentials or TLS files: "
                        + "the given client is already configured");
            }
            if (uri == null && client == null && baseSettings == null) {
                throw new ConfigurationException("no MongoDB URI: call uri(\"mongodb://host:27017/database\"), clientSettings(...) or client(...)");
            }
            ConnectionString cs = uri == null ? null : MongoUris.parse(uri);
            String db = database != null ? database : cs != null ? cs.getDatabase() : null;
            if (db == null || db.isEmpty()) {
                throw new ConfigurationException("no database" + (uri == null ? "" : " in MongoDB URI " + MongoUris.redact(uri))
                        + ": put it in the path (mongodb://host/database) or call database(...)");
            }
            try {
                MongoNamespace.checkDatabaseNameValidity(db);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("invalid database name '" + db + "': " + e.getMessage());
            }
            if (credentials != null && ((cs != null && cs.getCredential() != null) || (baseSettings != null && baseSettings.getCredential() != null))) {
                throw new ConfigurationException("credentials given twice: in the URI or base settings and by credentials(...); keep one");
            }
            positive("streamBatchSize", streamBatchSize, 1);
            positive("bulkBatchSize", bulkBatchSize, 1);
            if (healthTimeout.isNegative()) {
                throw new ConfigurationException("healthTimeout must not be negative, was " + healthTimeout);
            }
            try {
                MongoNamespace.checkCollectionNameValidity(migrationCollection);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("invalid migrationCollection '" + migrationCollection + "': " + e.getMessage());
            }
            SSLContext ssl = sslContext;
            if (trustedCertificates != null || clientCertificate != null) {
                ssl = PemSslContexts.create(trustedCertificates, clientCertificate, clientKey);
            }
            com.mongodb.connection.ClusterSettings cluster = client != null ? client.getClusterDescription().getClusterSettings()
                    : baseSettings != null && cs == null ? baseSettings.getClusterSettings() : null;
            List<String> hosts = cs != null ? cs.getHosts() : cluster.getSrvHost() != null ? List.of(cluster.getSrvHost())
                    : cluster.getHosts().stream().map(ServerAddress::toString).toList();
            boolean srv = cs != null ? cs.isSrvProtocol() : cluster.getSrvHost() != null;
            return finisher.apply(new MongoStoreConfig(this, cs, hosts, srv, db, ssl));
        }

        private static void positive(String name, @Nullable Integer value, int min) {
            if (value != null && value < min) {
                throw new ConfigurationException(name + " must be >= " + min + ", was " + value);
            }
        }
    }
}
