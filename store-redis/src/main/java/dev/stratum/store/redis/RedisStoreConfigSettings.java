package dev.stratum.store.redis;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.EntityMapper;
import dev.stratum.store.redis.RedisStoreConfig.Endpoint;
import dev.stratum.store.redis.RedisStoreConfig.Mode;
import dev.stratum.store.redis.internal.RedisUriParser;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentials;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * The settings and validation of {@link RedisStoreConfig.Builder}, in a file of their own so the
 * configuration stays readable; use the builder through {@link RedisStoreConfig#builder()} or
 * {@link RedisStore#builder()}.
 *
 * @param <R> what {@code build()} returns
 */
abstract class RedisStoreConfigSettings<R> {
    private String uri = "redis://localhost:6379";
    @Nullable Boolean cluster;
    @Nullable Boolean tls;
    @Nullable Boolean verifyPeer;
    @Nullable Path trustedCertificates;
    @Nullable Path clientCertificate;
    @Nullable Path clientKey;
    @Nullable Integer database;
    @Nullable String sentinelMasterId;
    @Nullable RedisCredentialsProvider credentials;
    @Nullable Duration commandTimeout;
    @Nullable Duration connectTimeout;
    @Nullable String clientName;
    @Nullable String keyPrefix;
    int fetchSize = 500;
    int writeBatchSize = 500;
    Duration cursorTtl = Duration.ofSeconds(60);
    Duration sweepInterval = Duration.ofSeconds(1);
    int sweepBatchSize = 1000;
    EntityMapper mapper = EntityMapper.defaults();
    @Nullable ClientResources clientResources;
    @Nullable Consumer<ClientOptions.Builder> clientOptions;
    @Nullable AbstractRedisClient client;

    /** Where Redis is; see the class documentation for the forms. Default {@code redis://localhost:6379}. */
    public RedisStoreConfig.Builder<R> uri(String uri) {
        this.uri = Objects.requireNonNull(uri, "uri");
        return self();
    }

    /** Treat the URI's hosts as Redis Cluster seed nodes (same as a {@code redis-cluster://} URI). */
    public RedisStoreConfig.Builder<R> cluster(boolean cluster) {
        this.cluster = cluster;
        return self();
    }

    /** Static ACL credentials (user name may be null for the {@code default} user). */
    public RedisStoreConfig.Builder<R> credentials(@Nullable String username, char[] password) {
        char[] copy = password.clone();
        this.credentials = RedisCredentialsProvider.from(() -> RedisCredentials.just(username, copy));
        return self();
    }

    /** Credentials read on every (re)connect, e.g. from a vault, so rotation needs no restart. */
    public RedisStoreConfig.Builder<R> credentials(Supplier<RedisCredentials> supplier) {
        Objects.requireNonNull(supplier, "supplier");
        this.credentials = RedisCredentialsProvider.from(supplier);
        return self();
    }

    /** Any Lettuce credentials provider (streaming providers re-authenticate live connections). */
    public RedisStoreConfig.Builder<R> credentialsProvider(RedisCredentialsProvider provider) {
        this.credentials = Objects.requireNonNull(provider, "provider");
        return self();
    }

    /** TLS on or off, whatever the URI's scheme says. */
    public RedisStoreConfig.Builder<R> tls(boolean tls) {
        this.tls = tls;
        return self();
    }

    /** Verify the server's certificate and host name (default true). */
    public RedisStoreConfig.Builder<R> verifyPeer(boolean verifyPeer) {
        this.verifyPeer = verifyPeer;
        return self();
    }

    /** A PEM file of trusted CA certificates (default: the JVM's trust store). */
    public RedisStoreConfig.Builder<R> trustedCertificates(Path pemFile) {
        this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
        return self();
    }

    /** A client certificate chain and its PKCS#8 key, both PEM, for servers requiring mutual TLS. */
    public RedisStoreConfig.Builder<R> clientCertificate(Path certificateChain, Path privateKey) {
        this.clientCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
        this.clientKey = Objects.requireNonNull(privateKey, "privateKey");
        return self();
    }

    /** The database number (standalone and Sentinel only). */
    public RedisStoreConfig.Builder<R> database(int database) {
        this.database = database;
        return self();
    }

    /** The Sentinel master name. */
    public RedisStoreConfig.Builder<R> sentinelMasterId(String masterId) {
        this.sentinelMasterId = Objects.requireNonNull(masterId, "masterId");
        return self();
    }

    /** How long a command may take before {@link dev.stratum.api.StoreTimeoutException} (default 10 s). */
    public RedisStoreConfig.Builder<R> commandTimeout(Duration timeout) {
        this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /** How long connecting, TCP and the handshake, may take (default 5 s): a dead server fails the first use within it. */
    public RedisStoreConfig.Builder<R> connectTimeout(Duration timeout) {
        this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
        return self();
    }

    /** The name shown by {@code CLIENT LIST} (default {@code stratum}). */
    public RedisStoreConfig.Builder<R> clientName(String clientName) {
        this.clientName = Objects.requireNonNull(clientName, "clientName");
        return self();
    }

    /** The first part of every key (default {@code stratum}); separates applications sharing a Redis. */
    public RedisStoreConfig.Builder<R> keyPrefix(String keyPrefix) {
        this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
        return self();
    }

    /** Entities per round trip of queries and streams (default 500). */
    public RedisStoreConfig.Builder<R> fetchSize(int fetchSize) {
        this.fetchSize = fetchSize;
        return self();
    }

    /** Writes pipelined per batch by {@code saveAll} (default 500). */
    public RedisStoreConfig.Builder<R> writeBatchSize(int writeBatchSize) {
        this.writeBatchSize = writeBatchSize;
        return self();
    }

    /** How long a stream's snapshot survives between batches (default 60 s). */
    public RedisStoreConfig.Builder<R> cursorTtl(Duration cursorTtl) {
        this.cursorTtl = Objects.requireNonNull(cursorTtl, "cursorTtl");
        return self();
    }

    /** How often the TTL sweeper runs (default 1 s; zero disables it). */
    public RedisStoreConfig.Builder<R> sweepInterval(Duration sweepInterval) {
        this.sweepInterval = Objects.requireNonNull(sweepInterval, "sweepInterval");
        return self();
    }

    /** Expired entities removed per collection and sweep (default 1,000). */
    public RedisStoreConfig.Builder<R> sweepBatchSize(int sweepBatchSize) {
        this.sweepBatchSize = sweepBatchSize;
        return self();
    }

    /** The entity mapper (default {@link EntityMapper#defaults()}). */
    public RedisStoreConfig.Builder<R> mapper(EntityMapper mapper) {
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        return self();
    }

    /** Lettuce resources (event loops, metrics) your service shares; the store uses them and never shuts them down. */
    public RedisStoreConfig.Builder<R> clientResources(ClientResources resources) {
        this.clientResources = Objects.requireNonNull(resources, "resources");
        return self();
    }

    /**
     * Adjusts the Lettuce client options after Stratum's defaults (auto-reconnect, reject commands while
     * disconnected, the connect and command timeouts, TLS material); on a cluster the builder is a
     * {@code ClusterClientOptions.Builder}.
     *
     * <pre>{@code
     * .clientOptions(o -> o.pingBeforeActivateConnection(true).publishOnScheduler(true))
     * }</pre>
     */
    public RedisStoreConfig.Builder<R> clientOptions(Consumer<ClientOptions.Builder> customizer) {
        this.clientOptions = Objects.requireNonNull(customizer, "customizer");
        return self();
    }

    /** A client your service already has: the store opens its connections on it and never closes it. */
    public RedisStoreConfig.Builder<R> client(RedisClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return self();
    }

    /** A cluster client your service already has (with a {@code redis-cluster://} URI or {@code cluster(true)}). */
    public RedisStoreConfig.Builder<R> client(RedisClusterClient client) {
        this.client = Objects.requireNonNull(client, "client");
        return self();
    }

    /** Validates and builds. @throws ConfigurationException naming the bad part (never a credential) */
    public R build() {
        RedisUriParser.Parsed parsed = RedisUriParser.parse(uri);
        RedisStoreConfig config = new RedisStoreConfig(this, parsed);
        validate(config, parsed);
        return finish(config);
    }

    /** The URI's hosts and ports. */
    static List<Endpoint> endpoints(RedisUriParser.Parsed uri) {
        List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < uri.hosts().size(); i++) {
            eps.add(new Endpoint(uri.hosts().get(i), uri.ports().get(i)));
        }
        return List.copyOf(eps);
    }

    /** The URI's user and password as a provider, or null when it has none. */
    static @Nullable RedisCredentialsProvider uriCredentials(RedisUriParser.Parsed uri) {
        if (uri.password() == null && uri.username() == null) {
            return null;
        }
        String user = uri.username();
        char[] password = uri.password() == null ? new char[0] : uri.password().clone();
        return RedisCredentialsProvider.from(() -> RedisCredentials.just(user, password));
    }

    /** A duration option of the URI, or {@code otherwise}. */
    static Duration duration(RedisUriParser.Parsed uri, String option, Duration otherwise) {
        String v = uri.options().get(option);
        return v == null ? otherwise : RedisUriParser.duration(v, "option '" + option + "'");
    }

    /** Passes the validated configuration on (to the caller, or to the store it creates). */
    abstract R finish(RedisStoreConfig config);

    @SuppressWarnings("unchecked")
    private RedisStoreConfig.Builder<R> self() {
        return (RedisStoreConfig.Builder<R>) this;
    }

    /** Checks a built configuration as a whole. @throws ConfigurationException naming the bad part (never a credential) */
    static void validate(RedisStoreConfig c, RedisUriParser.Parsed uri) {
        Mode mode = c.mode();
        List<Endpoint> endpoints = c.endpoints();
        int database = c.database();
        @Nullable String sentinelMasterId = c.sentinelMasterId().orElse(null);
        @Nullable AbstractRedisClient client = c.client().orElse(null);
        String clientName = c.clientName();
        String keyPrefix = c.keyPrefix();
        @Nullable Path trustedCertificates = c.trustedCertificates().orElse(null);
        @Nullable Path clientCertificate = c.clientCertificate().orElse(null);
        @Nullable Path clientKey = c.clientKey().orElse(null);
        if (mode == Mode.STANDALONE && endpoints.size() > 1) {
            throw new ConfigurationException("a " + uri.scheme() + ":// URI names one host, this one names " + endpoints.size()
                    + " (" + endpoints + "); use redis-cluster:// (or cluster(true)) for a cluster or redis-sentinel:// for Sentinel");
        }
        if (mode == Mode.SENTINEL && (sentinelMasterId == null || sentinelMasterId.isBlank())) {
            throw new ConfigurationException("a Sentinel URI needs the master's name: redis-sentinel://host:26379#mymaster"
                    + " or ?masterId=mymaster");
        }
        if (client != null && (c.clientResources().isPresent() || c.clientOptions().isPresent())) {
            throw new ConfigurationException("client(...) cannot be combined with clientResources(...) or clientOptions(...):"
                    + " the given client is already configured");
        }
        if (client != null && (client instanceof RedisClusterClient) != (mode == Mode.CLUSTER)) {
            throw new ConfigurationException("the given " + client.getClass().getSimpleName() + " does not fit the " + mode
                    + " configuration: give a RedisClusterClient for redis-cluster:// (or cluster(true)), else a RedisClient");
        }
        if (mode == Mode.CLUSTER && database != 0) {
            throw new ConfigurationException("Redis Cluster has only database 0; the configuration selects database " + database);
        }
        if (database < 0) {
            throw new ConfigurationException("database must be >= 0, was " + database);
        }
        positive("commandTimeout", c.commandTimeout());
        positive("connectTimeout", c.connectTimeout());
        positive("cursorTtl", c.cursorTtl());
        if (c.sweepInterval().isNegative()) {
            throw new ConfigurationException("sweepInterval must be >= 0 (0 disables the TTL sweeper), was " + c.sweepInterval());
        }
        if (clientName.isEmpty() || !clientName.matches("[\\x21-\\x7e]+")) {
            throw new ConfigurationException("clientName '" + clientName.replaceAll("\\p{Cntrl}", "?")
                    + "' must be non-empty printable ASCII without spaces (Redis CLIENT SETNAME rule)");
        }
        if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
            throw new ConfigurationException("keyPrefix '" + keyPrefix + "' must not contain '{' or '}' (Stratum uses hash tags"
                    + " for the collection name)");
        }
        if (c.fetchSize() <= 0 || c.writeBatchSize() <= 0 || c.sweepBatchSize() <= 0) {
            throw new ConfigurationException("fetchSize, writeBatchSize and sweepBatchSize must be > 0, were " + c.fetchSize() + ", "
                    + c.writeBatchSize() + ", " + c.sweepBatchSize());
        }
        requireFile("trustedCertificates", trustedCertificates);
        requireFile("clientCertificate", clientCertificate);
        requireFile("clientKey", clientKey);
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new ConfigurationException("clientCertificate and clientKey go together: set both or neither");
        }
        if (!c.tls() && (trustedCertificates != null || clientCertificate != null)) {
            throw new ConfigurationException("TLS material is set but TLS is off: use a rediss:// URI or tls(true)");
        }
    }

    private static void positive(String name, Duration d) {
        if (d.isZero() || d.isNegative()) {
            throw new ConfigurationException(name + " must be > 0, was " + d);
        }
    }

    private static void requireFile(String name, @Nullable Path p) {
        if (p != null && !Files.isReadable(p)) {
            throw new ConfigurationException(name + " file '" + p + "' does not exist or is not readable");
        }
    }
}
