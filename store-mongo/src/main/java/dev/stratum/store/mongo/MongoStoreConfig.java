package dev.stratum.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.MongoNamespace;
import com.mongodb.ReadConcern;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
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
 * The immutable configuration of a {@link MongoStore}: a connection string plus what a URI cannot
 * carry well (credential suppliers, TLS material, per-entity options). Validated at {@code build()};
 * every error names the bad part and never shows a credential.
 *
 * <pre>{@code
 * MongoStoreConfig config = MongoStoreConfig.builder()
 *         .uri("mongodb+srv://cluster0.example.net/tracker?retryWrites=true")
 *         .credentials(() -> MongoCredential.createScramSha256Credential("app", "admin", vault.password()))
 *         .trustedCertificates(Path.of("/etc/ssl/mongo-ca.pem"))
 *         .maxPoolSize(50).minPoolSize(5).maxWaitTime(Duration.ofSeconds(2))
 *         .connectTimeout(Duration.ofSeconds(5)).serverSelectionTimeout(Duration.ofSeconds(10))
 *         .readPreference(ReadPreference.primaryPreferred())
 *         .writeConcern(WriteConcern.MAJORITY)
 *         .build();
 * MongoStore store = MongoStore.create(config);
 * }</pre>
 *
 * <p>Values given to the builder win over the same options in the URI; what neither sets keeps the
 * driver's default. The database comes from the URI's path ({@code mongodb://host/tracker}) or
 * {@link Builder#database(String)}.
 */
public final class MongoStoreConfig {
    /** Documents per cursor batch unless configured: bounded memory for streams, few round trips for lists. */
    public static final int DEFAULT_STREAM_BATCH_SIZE = 500;
    /** Writes per bulk request of {@code saveAll} unless configured. */
    public static final int DEFAULT_BULK_BATCH_SIZE = 1000;

    private final ConnectionString connectionString;
    private final String database;
    private final @Nullable Supplier<MongoCredential> credentials;
    private final @Nullable Integer maxPoolSize;
    private final @Nullable Integer minPoolSize;
    private final @Nullable Duration maxConnectionIdleTime;
    private final @Nullable Duration maxWaitTime;
    private final @Nullable Duration connectTimeout;
    private final @Nullable Duration socketTimeout;
    private final @Nullable Duration serverSelectionTimeout;
    private final @Nullable ReadPreference readPreference;
    private final @Nullable WriteConcern writeConcern;
    private final @Nullable ReadConcern readConcern;
    private final @Nullable Boolean tls;
    private final @Nullable SSLContext sslContext;
    private final boolean invalidHostNameAllowed;
    private final @Nullable String applicationName;
    private final int streamBatchSize;
    private final int bulkBatchSize;
    private final boolean createIndexes;
    private final String migrationCollection;
    private final Map<Class<?>, MongoRepositoryOptions> repositories;
    private final @Nullable Consumer<MongoClientSettings.Builder> clientSettings;
    private final EntityMapper mapper;
    private final Clock clock;
    private final Duration healthTimeout;

    private MongoStoreConfig(Builder<?> b, ConnectionString cs, String database, @Nullable SSLContext sslContext) {
        this.connectionString = cs;
        this.database = database;
        this.credentials = b.credentials;
        this.maxPoolSize = b.maxPoolSize;
        this.minPoolSize = b.minPoolSize;
        this.maxConnectionIdleTime = b.maxConnectionIdleTime;
        this.maxWaitTime = b.maxWaitTime;
        this.connectTimeout = b.connectTimeout;
        this.socketTimeout = b.socketTimeout;
        this.serverSelectionTimeout = b.serverSelectionTimeout;
        this.readPreference = b.readPreference;
        this.writeConcern = b.writeConcern;
        this.readConcern = b.readConcern;
        this.tls = sslContext != null && b.tls == null ? Boolean.TRUE : b.tls;
        this.sslContext = sslContext;
        this.invalidHostNameAllowed = b.invalidHostNameAllowed;
        this.applicationName = b.applicationName;
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

    /** The parsed connection string (holds the URI's credential, if any: do not log it). */
    public ConnectionString connectionString() {
        return connectionString;
    }

    /** The hosts of the URI ({@code host:port}), or the SRV name for {@code mongodb+srv://}. */
    public List<String> hosts() {
        return connectionString.getHosts();
    }

    /** Whether the URI is {@code mongodb+srv://} (hosts resolved through DNS SRV records). */
    public boolean srv() {
        return connectionString.isSrvProtocol();
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

    /** Whether any credential is configured (URI or supplier). */
    public boolean hasCredentials() {
        return credentials != null || connectionString.getCredential() != null;
    }

    public Optional<Integer> maxPoolSize() {
        return Optional.ofNullable(maxPoolSize);
    }

    public Optional<Integer> minPoolSize() {
        return Optional.ofNullable(minPoolSize);
    }

    public Optional<Duration> maxConnectionIdleTime() {
        return Optional.ofNullable(maxConnectionIdleTime);
    }

    /** How long an operation waits for a free pooled connection (the wait-queue timeout). */
    public Optional<Duration> maxWaitTime() {
        return Optional.ofNullable(maxWaitTime);
    }

    public Optional<Duration> connectTimeout() {
        return Optional.ofNullable(connectTimeout);
    }

    /** The socket read timeout. */
    public Optional<Duration> socketTimeout() {
        return Optional.ofNullable(socketTimeout);
    }

    public Optional<Duration> serverSelectionTimeout() {
        return Optional.ofNullable(serverSelectionTimeout);
    }

    public Optional<ReadPreference> readPreference() {
        return Optional.ofNullable(readPreference);
    }

    public Optional<WriteConcern> writeConcern() {
        return Optional.ofNullable(writeConcern);
    }

    public Optional<ReadConcern> readConcern() {
        return Optional.ofNullable(readConcern);
    }

    /** TLS on or off when set by the builder (else the URI's {@code tls} option decides). */
    public Optional<Boolean> tls() {
        return Optional.ofNullable(tls);
    }

    /** The TLS context: given, or built from {@link Builder#trustedCertificates} / {@link Builder#clientCertificate}. */
    public Optional<SSLContext> sslContext() {
        return Optional.ofNullable(sslContext);
    }

    public boolean invalidHostNameAllowed() {
        return invalidHostNameAllowed;
    }

    public Optional<String> applicationName() {
        return Optional.ofNullable(applicationName);
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

    /** The last-word customisation of the driver's settings, if any. */
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
        return "MongoStoreConfig[" + (srv() ? "mongodb+srv://" : "mongodb://") + String.join(",", hosts()) + "/" + database
                + ", credentials=" + (credentials != null ? "supplied" : connectionString.getCredential() != null ? "from URI" : "none")
                + ", tls=" + (sslContext != null ? "custom context" : tls != null ? tls : connectionString.getSslEnabled())
                + ", maxPoolSize=" + maxPoolSize + ", minPoolSize=" + minPoolSize + ", maxWaitTime=" + maxWaitTime
                + ", connectTimeout=" + connectTimeout + ", socketTimeout=" + socketTimeout + ", serverSelectionTimeout="
                + serverSelectionTimeout + ", readPreference=" + (readPreference == null ? null : readPreference.getName())
                + ", writeConcern=" + (writeConcern == null ? null : writeConcern.asDocument().toJson()) + ", streamBatchSize="
                + streamBatchSize + ", bulkBatchSize=" + bulkBatchSize + ", createIndexes=" + createIndexes + "]";
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
        private @Nullable Integer maxPoolSize;
        private @Nullable Integer minPoolSize;
        private @Nullable Duration maxConnectionIdleTime;
        private @Nullable Duration maxWaitTime;
        private @Nullable Duration connectTimeout;
        private @Nullable Duration socketTimeout;
        private @Nullable Duration serverSelectionTimeout;
        private @Nullable ReadPreference readPreference;
        private @Nullable WriteConcern writeConcern;
        private @Nullable ReadConcern readConcern;
        private @Nullable Boolean tls;
        private @Nullable SSLContext sslContext;
        private @Nullable Path trustedCertificates;
        private @Nullable Path clientCertificate;
        private @Nullable Path clientKey;
        private boolean invalidHostNameAllowed;
        private @Nullable String applicationName;
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
            this.uri = c.connectionString.getConnectionString();
            this.database = c.database;
            this.credentials = c.credentials;
            this.maxPoolSize = c.maxPoolSize;
            this.minPoolSize = c.minPoolSize;
            this.maxConnectionIdleTime = c.maxConnectionIdleTime;
            this.maxWaitTime = c.maxWaitTime;
            this.connectTimeout = c.connectTimeout;
            this.socketTimeout = c.socketTimeout;
            this.serverSelectionTimeout = c.serverSelectionTimeout;
            this.readPreference = c.readPreference;
            this.writeConcern = c.writeConcern;
            this.readConcern = c.readConcern;
            this.tls = c.tls;
            this.sslContext = c.sslContext;
            this.invalidHostNameAllowed = c.invalidHostNameAllowed;
            this.applicationName = c.applicationName;
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

        /** The most connections the pool opens per server. */
        public Builder<R> maxPoolSize(int size) {
            this.maxPoolSize = size;
            return this;
        }

        /** The connections the pool keeps open per server. */
        public Builder<R> minPoolSize(int size) {
            this.minPoolSize = size;
            return this;
        }

        /** How long a pooled connection may stay idle before it is closed. */
        public Builder<R> maxConnectionIdleTime(Duration time) {
            this.maxConnectionIdleTime = Objects.requireNonNull(time, "time");
            return this;
        }

        /** How long an operation waits for a free pooled connection (the wait-queue timeout). */
        public Builder<R> maxWaitTime(Duration time) {
            this.maxWaitTime = Objects.requireNonNull(time, "time");
            return this;
        }

        public Builder<R> connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The socket read timeout; a read that takes longer fails with {@code StoreTimeoutException}. */
        public Builder<R> socketTimeout(Duration timeout) {
            this.socketTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long an operation waits for a suitable server; then {@code StoreUnavailableException}. */
        public Builder<R> serverSelectionTimeout(Duration timeout) {
            this.serverSelectionTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        public Builder<R> readPreference(ReadPreference readPreference) {
            this.readPreference = Objects.requireNonNull(readPreference, "readPreference");
            return this;
        }

        public Builder<R> writeConcern(WriteConcern writeConcern) {
            this.writeConcern = Objects.requireNonNull(writeConcern, "writeConcern");
            return this;
        }

        public Builder<R> readConcern(ReadConcern readConcern) {
            this.readConcern = Objects.requireNonNull(readConcern, "readConcern");
            return this;
        }

        /** TLS on or off (the URI's {@code tls=true} works too). */
        public Builder<R> tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** A TLS context of your own (trust and key material); turns TLS on. */
        public Builder<R> sslContext(SSLContext sslContext) {
            this.sslContext = Objects.requireNonNull(sslContext, "sslContext");
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

        /** Accept server certificates whose names do not match the host (tests only). */
        public Builder<R> invalidHostNameAllowed(boolean allowed) {
            this.invalidHostNameAllowed = allowed;
            return this;
        }

        /** The name the server logs for this client. */
        public Builder<R> applicationName(String name) {
            this.applicationName = Objects.requireNonNull(name, "name");
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
         * Last-word access to the driver's settings builder (command listeners, compressors, …), applied
         * after everything else.
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
            if (uri == null) {
                throw new ConfigurationException("no MongoDB URI: call uri(\"mongodb://host:27017/database\")");
            }
            ConnectionString cs = MongoUris.parse(uri);
            String db = database != null ? database : cs.getDatabase();
            if (db == null || db.isEmpty()) {
                throw new ConfigurationException("no database in MongoDB URI " + MongoUris.redact(uri)
                        + ": put it in the path (mongodb://host/database) or call database(...)");
            }
            try {
                MongoNamespace.checkDatabaseNameValidity(db);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("invalid database name '" + db + "': " + e.getMessage());
            }
            if (credentials != null && cs.getCredential() != null) {
                throw new ConfigurationException("credentials given twice: in the URI's user information and by credentials(...); keep one");
            }
            positive("maxPoolSize", maxPoolSize, 1);
            positive("minPoolSize", minPoolSize, 0);
            if (maxPoolSize != null && minPoolSize != null && minPoolSize > maxPoolSize) {
                throw new ConfigurationException("minPoolSize (" + minPoolSize + ") is larger than maxPoolSize (" + maxPoolSize + ")");
            }
            positive("streamBatchSize", streamBatchSize, 1);
            positive("bulkBatchSize", bulkBatchSize, 1);
            notNegative("maxConnectionIdleTime", maxConnectionIdleTime);
            notNegative("maxWaitTime", maxWaitTime);
            notNegative("connectTimeout", connectTimeout);
            notNegative("socketTimeout", socketTimeout);
            notNegative("serverSelectionTimeout", serverSelectionTimeout);
            notNegative("healthTimeout", healthTimeout);
            try {
                MongoNamespace.checkCollectionNameValidity(migrationCollection);
            } catch (IllegalArgumentException e) {
                throw new ConfigurationException("invalid migrationCollection '" + migrationCollection + "': " + e.getMessage());
            }
            SSLContext ssl = sslContext;
            if (trustedCertificates != null || clientCertificate != null) {
                if (ssl != null) {
                    throw new ConfigurationException("TLS configured twice: sslContext(...) and PEM files; keep one");
                }
                if (Boolean.FALSE.equals(tls)) {
                    throw new ConfigurationException("TLS material given but tls(false) set");
                }
                ssl = PemSslContexts.create(trustedCertificates, clientCertificate, clientKey);
            }
            return finisher.apply(new MongoStoreConfig(this, cs, db, ssl));
        }

        private static void positive(String name, @Nullable Integer value, int min) {
            if (value != null && value < min) {
                throw new ConfigurationException(name + " must be >= " + min + ", was " + value);
            }
        }

        private static void notNegative(String name, @Nullable Duration d) {
            if (d != null && d.isNegative()) {
                throw new ConfigurationException(name + " must not be negative, was " + d);
            }
        }
    }
}
