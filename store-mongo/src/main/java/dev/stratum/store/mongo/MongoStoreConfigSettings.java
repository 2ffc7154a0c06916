package dev.stratum.store.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCredential;
import com.mongodb.MongoNamespace;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.connection.ClusterSettings;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.CursorKey;
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
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * The settings and validation of {@link MongoStoreConfig.Builder}, in a file of their own so the
 * configuration stays readable; use the builder through {@link MongoStoreConfig#builder()} or
 * {@link MongoStore#builder()}.
 *
 * @param <R> what {@code build()} returns
 */
abstract class MongoStoreConfigSettings<R> {
    private @Nullable String uri;
    @Nullable String database;
    @Nullable Supplier<MongoCredential> credentials;
    @Nullable SSLContext sslContext;
    @Nullable Path trustedCertificates;
    @Nullable Path clientCertificate;
    @Nullable Path clientKey;
    @Nullable MongoClientSettings baseSettings;
    @Nullable MongoClient client;
    int streamBatchSize = MongoStoreConfig.DEFAULT_STREAM_BATCH_SIZE;
    int bulkBatchSize = MongoStoreConfig.DEFAULT_BULK_BATCH_SIZE;
    boolean createIndexes = true;
    String migrationCollection = "stratum_migrations";
    final Map<Class<?>, MongoRepositoryOptions> repositories = new LinkedHashMap<>();
    @Nullable Consumer<MongoClientSettings.Builder> clientSettings;
    EntityMapper mapper = EntityMapper.defaults();
    Clock clock = Clock.systemUTC();
    Duration healthTimeout = Duration.ofSeconds(2);
    @Nullable CursorKey cursorKey;

    final MongoStoreConfig.Builder<R> copy(MongoStoreConfig c) {
        this.uri = c.connectionString().map(ConnectionString::getConnectionString).orElse(null);
        this.database = c.database();
        this.credentials = c.credentials().orElse(null);
        this.sslContext = c.sslContext().orElse(null);
        this.baseSettings = c.baseSettings().orElse(null);
        this.client = c.client().orElse(null);
        this.streamBatchSize = c.streamBatchSize();
        this.bulkBatchSize = c.bulkBatchSize();
        this.createIndexes = c.createIndexes();
        this.migrationCollection = c.migrationCollection();
        this.repositories.putAll(c.repositories());
        this.clientSettings = c.clientSettings().orElse(null);
        this.mapper = c.mapper();
        this.clock = c.clock();
        this.healthTimeout = c.healthTimeout();
        this.cursorKey = c.cursorKey();
        return self();
    }

    /**
     * The connection string: {@code mongodb://[user:pass@]host[:port][,host…]/[database][?options]}
     * or {@code mongodb+srv://[user:pass@]name/[database][?options]}.
     */
    public MongoStoreConfig.Builder<R> uri(String uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        return self();
    }

    /** The database, when the URI has none in its path (or to override it). */
    public MongoStoreConfig.Builder<R> database(String database) {
        this.database = Objects.requireNonNull(database, "database");
        return self();
    }

    /**
     * Credentials from a supplier, asked when the client is created and again whenever the server
     * rejects authentication: rotate a password by making the supplier return the new one. Never
     * combine with credentials in the URI.
     */
    public MongoStoreConfig.Builder<R> credentials(Supplier<MongoCredential> supplier) {
        this.credentials = Objects.requireNonNull(supplier, "supplier");
        return self();
    }

    /** Fixed credentials (see {@link #credentials(Supplier)} for rotating ones). */
    public MongoStoreConfig.Builder<R> credentials(MongoCredential credential) {
        Objects.requireNonNull(credential, "credential");
        this.credentials = () -> credential;
        return self();
    }

    /**
     * Driver settings to start from (pool, timeouts, concerns, TLS options, listeners…), e.g. the
     * ones your service already builds; the URI, Stratum's settings and the customizer apply on top.
     */
    public MongoStoreConfig.Builder<R> clientSettings(MongoClientSettings base) {
        this.baseSettings = Objects.requireNonNull(base, "base");
        return self();
    }

    /**
     * A client your service already has: the store uses it and never closes it. Give the database
     * with {@link #database(String)}; no URI, settings or credentials (the client has its own, so
     * credential rotation is the client's owner's business).
     */
    public MongoStoreConfig.Builder<R> client(MongoClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return self();
    }

    /** Trust the CA certificate(s) in this PEM file (instead of the JVM's trust store); turns TLS on. */
    public MongoStoreConfig.Builder<R> trustedCertificates(Path pemFile) {
        this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
        return self();
    }

    /**
     * Present this client certificate (PEM chain) and its unencrypted PKCS#8 PEM key, for mutual TLS
     * or {@code MONGODB-X509} authentication; turns TLS on.
     */
    public MongoStoreConfig.Builder<R> clientCertificate(Path certificateChain, Path privateKey) {
        this.clientCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
        this.clientKey = Objects.requireNonNull(privateKey, "privateKey");
        return self();
    }

    /** Documents per cursor batch: what a stream holds in memory at most. */
    public MongoStoreConfig.Builder<R> streamBatchSize(int size) {
        this.streamBatchSize = size;
        return self();
    }

    /** Writes per bulk request of {@code saveAll} (default 1000). */
    public MongoStoreConfig.Builder<R> bulkBatchSize(int size) {
        this.bulkBatchSize = size;
        return self();
    }

    /**
     * Whether a repository creates its entity's indexes and time-series collection when it is first
     * created (default true); without, call {@link MongoStore#ensureIndexes(Class)}.
     */
    public MongoStoreConfig.Builder<R> createIndexes(boolean create) {
        this.createIndexes = create;
        return self();
    }

    /** The collection of the migration history and lock (default {@code stratum_migrations}). */
    public MongoStoreConfig.Builder<R> migrationCollection(String collection) {
        this.migrationCollection = Objects.requireNonNull(collection, "collection");
        return self();
    }

    /** Settings of one entity's repository that differ from the store's. */
    public MongoStoreConfig.Builder<R> repository(Class<?> entityType, MongoRepositoryOptions options) {
        repositories.put(Objects.requireNonNull(entityType, "entityType"), Objects.requireNonNull(options, "options"));
        return self();
    }

    /**
     * Last-word access to the driver's settings builder (pool sizes, timeouts, read preference,
     * write concern, command listeners, compressors, …), applied after everything else.
     */
    public MongoStoreConfig.Builder<R> clientSettings(Consumer<MongoClientSettings.Builder> customizer) {
        this.clientSettings = Objects.requireNonNull(customizer, "customizer");
        return self();
    }

    public MongoStoreConfig.Builder<R> mapper(EntityMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        return self();
    }

    /** The clock of audit time stamps and migration leases (tests). */
    public MongoStoreConfig.Builder<R> clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return self();
    }

    /** The longest {@link MongoStore#health()} waits (default 2 s). */
    public MongoStoreConfig.Builder<R> healthTimeout(Duration timeout) {
        this.healthTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /**
     * The key page cursors are signed with. Default: a random key per store, so cursors do not survive a restart
     * nor travel between instances; configure the same key everywhere for that.
     */
    public MongoStoreConfig.Builder<R> cursorKey(CursorKey key) {
        this.cursorKey = Objects.requireNonNull(key, "cursorKey");
        return self();
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
        ClusterSettings cluster = client != null ? client.getClusterDescription().getClusterSettings()
            : baseSettings != null && cs == null ? baseSettings.getClusterSettings() : null;
        List<String> hosts;
        boolean srv;
        if (cs != null) {
            hosts = cs.getHosts();
            srv = cs.isSrvProtocol();
        } else {
            ClusterSettings c = Objects.requireNonNull(cluster, "without a URI, the client or the base settings give the hosts");
            String srvHost = c.getSrvHost();
            hosts = srvHost != null ? List.of(srvHost) : c.getHosts().stream().map(ServerAddress::toString).toList();
            srv = srvHost != null;
        }
        return finish(new MongoStoreConfig(this, cs, hosts, srv, db, ssl));
    }

    private static void positive(String name, @Nullable Integer value, int min) {
        if (value != null && value < min) {
        throw new ConfigurationException(name + " must be >= " + min + ", was " + value);
        }
    }
    
    /** Passes the validated configuration on (to the caller, or to the store it creates). */
    abstract R finish(MongoStoreConfig config);

    @SuppressWarnings("unchecked")
    private MongoStoreConfig.Builder<R> self() {
        return (MongoStoreConfig.Builder<R>) this;
    }
}
