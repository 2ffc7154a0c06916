package dev.stratum.store.redis;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.EntityMapper;
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
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Immutable settings of a {@link RedisStore}: where Redis is (a URI), how to reach it (TLS,
 * credentials, timeouts) and how Stratum lays out its keys. Validated at {@link Builder#build()},
 * with messages naming the bad part and never a credential.
 *
 * <pre>{@code
 * RedisStore store = RedisStore.builder()
 *         .uri("rediss://cache.internal:6380/0?timeout=2s&clientName=orders")
 *         .credentials(() -> RedisCredentials.just("orders", vault.redisPassword()))   // re-read on every (re)connect
 *         .trustedCertificates(Path.of("/etc/ssl/redis-ca.pem"))
 *         .keyPrefix("orders")
 *         .build();
 * }</pre>
 *
 * <h2>URIs</h2>
 * <ul>
 *   <li>{@code redis://[user[:password]@]host[:port][/database][?options]} — one server; {@code rediss://} with TLS.
 *   <li>{@code redis-sentinel://host[:port][,host[:port]…][/database]#masterName} (or {@code ?masterId=}) —
 *       Sentinel; {@code rediss-sentinel://} with TLS.
 *   <li>{@code redis-cluster://host[:port][,host[:port]…]} — Redis Cluster seed nodes; {@code rediss-cluster://}
 *       with TLS. A {@code redis://} URI plus {@link Builder#cluster(boolean) cluster(true)} is the same.
 * </ul>
 * Options: {@code timeout} (command timeout), {@code connectTimeout}, {@code clientName}, {@code keyPrefix},
 * {@code verifyPeer}, {@code database}, {@code masterId}; durations as {@code 500ms}, {@code 5s} or
 * {@code PT5S}. Percent-encode reserved characters in passwords. Builder settings override the URI's.
 *
 * <h2>The driver's own settings and clients</h2>
 * Lettuce settings stay Lettuce's: give the {@link ClientResources} your service shares (event loops,
 * metrics; the store never shuts them down), adjust the {@link ClientOptions} Stratum starts from with
 * {@link Builder#clientOptions(Consumer)}, or hand over an existing {@link RedisClient} or
 * {@link RedisClusterClient} with {@link Builder#client(RedisClient)}: the store opens its connections on
 * it (to the URI's endpoints, with the configured credentials) and closes only those, never the client,
 * and does not change its options (so Stratum's fail-fast-while-disconnected default is then the
 * client's business).
 *
 * <p><b>Credential rotation</b> never replaces the client: the credentials provider is asked by Lettuce
 * on every (re)connect, so a client or connection handed out by {@code unwrap} stays valid until the
 * store closes (and a given client stays open after that).
 *
 * <p>Defaults: {@code redis://localhost:6379}, command timeout 10 s, connect timeout (TCP and handshake) 3 s, client name
 * {@code stratum}, key prefix {@code stratum}, fetch size 500, write batch 500, stream cursors kept 60 s
 * between batches, TTL sweep every second (1,000 expired entities per collection and sweep).
 */
public final class RedisStoreConfig {
    /** How the deployment is organised. */
    public enum Mode {
        /** One server (possibly a replica set behind a proxy). */
        STANDALONE,
        /** A master found through Redis Sentinel. */
        SENTINEL,
        /** Redis Cluster. */
        CLUSTER
    }

    /**
     * One host of the URI.
     *
     * @param host host name or address
     * @param port port
     */
    public record Endpoint(String host, int port) {
        @Override
        public String toString() {
            return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
        }
    }

    /** How long a command may take unless configured ({@code timeout} URI option, {@link Builder#commandTimeout}). */
    public static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(10);
    /**
     * How long connecting may take, TCP and the handshake ({@code HELLO}/{@code AUTH}/{@code CLIENT SETNAME})
     * together, unless configured: a dead or silent server fails the first use within this.
     */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);

    private final Mode mode;
    private final List<Endpoint> endpoints;
    private final boolean tls;
    private final boolean verifyPeer;
    private final @Nullable Path trustedCertificates;
    private final @Nullable Path clientCertificate;
    private final @Nullable Path clientKey;
    private final int database;
    private final @Nullable String sentinelMasterId;
    private final @Nullable RedisCredentialsProvider credentials;
    private final Duration commandTimeout;
    private final Duration connectTimeout;
    private final String clientName;
    private final String keyPrefix;
    private final int fetchSize;
    private final int writeBatchSize;
    private final Duration cursorTtl;
    private final Duration sweepInterval;
    private final int sweepBatchSize;
    private final EntityMapper mapper;
    private final @Nullable ClientResources clientResources;
    private final @Nullable Consumer<ClientOptions.Builder> clientOptions;
    private final @Nullable AbstractRedisClient client;

    private RedisStoreConfig(Builder<?> b, RedisUriParser.Parsed uri) {
        this.mode = b.cluster != null && b.cluster ? Mode.CLUSTER : Mode.valueOf(uri.mode());
        List<Endpoint> eps = new ArrayList<>();
        for (int i = 0; i < uri.hosts().size(); i++) {
            eps.add(new Endpoint(uri.hosts().get(i), uri.ports().get(i)));
        }
        this.endpoints = List.copyOf(eps);
        this.tls = b.tls != null ? b.tls : uri.tls();
        this.verifyPeer = b.verifyPeer != null ? b.verifyPeer
                : !uri.options().containsKey("verifyPeer") || Boolean.parseBoolean(uri.options().get("verifyPeer"));
        this.trustedCertificates = b.trustedCertificates;
        this.clientCertificate = b.clientCertificate;
        this.clientKey = b.clientKey;
        this.database = b.database != null ? b.database : uri.database() == null ? 0 : uri.database();
        this.sentinelMasterId = b.sentinelMasterId != null ? b.sentinelMasterId : uri.masterId();
        if (b.credentials != null) {
            this.credentials = b.credentials;
        } else if (uri.password() != null || uri.username() != null) {
            String user = uri.username();
            char[] password = uri.password() == null ? new char[0] : uri.password().clone();
            this.credentials = RedisCredentialsProvider.from(() -> RedisCredentials.just(user, password));
        } else {
            this.credentials = null;
        }
        this.commandTimeout = b.commandTimeout != null ? b.commandTimeout
                : uri.options().containsKey("timeout") ? RedisUriParser.duration(uri.options().get("timeout"), "option 'timeout'")
                : DEFAULT_COMMAND_TIMEOUT;
        this.connectTimeout = b.connectTimeout != null ? b.connectTimeout
                : uri.options().containsKey("connectTimeout")
                        ? RedisUriParser.duration(uri.options().get("connectTimeout"), "option 'connectTimeout'") : DEFAULT_CONNECT_TIMEOUT;
        this.clientName = b.clientName != null ? b.clientName : uri.options().getOrDefault("clientName", "stratum");
        this.keyPrefix = b.keyPrefix != null ? b.keyPrefix : uri.options().getOrDefault("keyPrefix", "stratum");
        this.fetchSize = b.fetchSize;
        this.writeBatchSize = b.writeBatchSize;
        this.cursorTtl = b.cursorTtl;
        this.sweepInterval = b.sweepInterval;
        this.sweepBatchSize = b.sweepBatchSize;
        this.mapper = b.mapper;
        this.clientResources = b.clientResources;
        this.clientOptions = b.clientOptions;
        this.client = b.client;
        validate(uri);
    }

    private void validate(RedisUriParser.Parsed uri) {
        if (mode == Mode.STANDALONE && endpoints.size() > 1) {
            throw new ConfigurationException("a " + uri.scheme() + ":// URI names one host, this one names " + endpoints.size()
                    + " (" + endpoints + "); use redis-cluster:// (or cluster(true)) for a cluster or redis-sentinel:// for Sentinel");
        }
        if (mode == Mode.SENTINEL && (sentinelMasterId == null || sentinelMasterId.isBlank())) {
            throw new ConfigurationException("a Sentinel URI needs the master's name: redis-sentinel://host:26379#mymaster"
                    + " or ?masterId=mymaster");
        }
        if (client != null && (clientResources != null || clientOptions != null)) {
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
        positive("commandTimeout", commandTimeout);
        positive("connectTimeout", connectTimeout);
        positive("cursorTtl", cursorTtl);
        if (sweepInterval.isNegative()) {
            throw new ConfigurationException("sweepInterval must be >= 0 (0 disables the TTL sweeper), was " + sweepInterval);
        }
        if (clientName.isEmpty() || !clientName.matches("[\\x21-\\x7e]+")) {
            throw new ConfigurationException("clientName '" + clientName.replaceAll("\\p{Cntrl}", "?")
                    + "' must be non-empty printable ASCII without spaces (Redis CLIENT SETNAME rule)");
        }
        if (keyPrefix.indexOf('{') >= 0 || keyPrefix.indexOf('}') >= 0) {
            throw new ConfigurationException("keyPrefix '" + keyPrefix + "' must not contain '{' or '}' (Stratum uses hash tags"
                    + " for the collection name)");
        }
        if (fetchSize <= 0 || writeBatchSize <= 0 || sweepBatchSize <= 0) {
            throw new ConfigurationException("fetchSize, writeBatchSize and sweepBatchSize must be > 0, were " + fetchSize + ", "
                    + writeBatchSize + ", " + sweepBatchSize);
        }
        requireFile("trustedCertificates", trustedCertificates);
        requireFile("clientCertificate", clientCertificate);
        requireFile("clientKey", clientKey);
        if ((clientCertificate == null) != (clientKey == null)) {
            throw new ConfigurationException("clientCertificate and clientKey go together: set both or neither");
        }
        if (!tls && (trustedCertificates != null || clientCertificate != null)) {
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

    /** A builder of configurations. */
    public static Builder<RedisStoreConfig> builder() {
        return new Builder<>(c -> c);
    }

    /** {@code redis://localhost:6379} with every default. */
    public static RedisStoreConfig defaults() {
        return builder().build();
    }

    public Mode mode() {
        return mode;
    }

    /** The hosts of the URI: the server, the sentinels, or the cluster's seed nodes. */
    public List<Endpoint> endpoints() {
        return endpoints;
    }

    public boolean tls() {
        return tls;
    }

    /** Whether the server's certificate and host name are verified (TLS); default true. */
    public boolean verifyPeer() {
        return verifyPeer;
    }

    /** PEM file of the CAs trusted for the server's certificate; empty: the JVM's trust store. */
    public Optional<Path> trustedCertificates() {
        return Optional.ofNullable(trustedCertificates);
    }

    /** PEM certificate chain presented to the server (mutual TLS). */
    public Optional<Path> clientCertificate() {
        return Optional.ofNullable(clientCertificate);
    }

    /** PEM (PKCS#8) private key of {@link #clientCertificate()}. */
    public Optional<Path> clientKey() {
        return Optional.ofNullable(clientKey);
    }

    public int database() {
        return database;
    }

    public Optional<String> sentinelMasterId() {
        return Optional.ofNullable(sentinelMasterId);
    }

    /** The credentials provider, if any; asked on every (re)connect, so rotation works. */
    public Optional<RedisCredentialsProvider> credentials() {
        return Optional.ofNullable(credentials);
    }

    public Duration commandTimeout() {
        return commandTimeout;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public String clientName() {
        return clientName;
    }

    /** The first part of every key ({@code prefix:{collection}:…}); may be empty. */
    public String keyPrefix() {
        return keyPrefix;
    }

    /** How many entities a query or stream fetches per round trip. */
    public int fetchSize() {
        return fetchSize;
    }

    /** How many writes {@code saveAll} pipelines before waiting for their replies. */
    public int writeBatchSize() {
        return writeBatchSize;
    }

    /** How long a stream's server-side snapshot survives between two batches. */
    public Duration cursorTtl() {
        return cursorTtl;
    }

    /** How often expired entities' index entries are swept; zero disables the sweeper (reads still clean up). */
    public Duration sweepInterval() {
        return sweepInterval;
    }

    public int sweepBatchSize() {
        return sweepBatchSize;
    }

    public EntityMapper mapper() {
        return mapper;
    }

    /** The Lettuce resources a client the store builds uses, if given (the store never shuts them down). */
    public Optional<ClientResources> clientResources() {
        return Optional.ofNullable(clientResources);
    }

    /** The adjustment of the client options Stratum starts from, if given (applied last). */
    public Optional<Consumer<ClientOptions.Builder>> clientOptions() {
        return Optional.ofNullable(clientOptions);
    }

    /** The client given to the builder ({@link RedisClient} or {@link RedisClusterClient}), which the store never closes. */
    public Optional<AbstractRedisClient> client() {
        return Optional.ofNullable(client);
    }

    /** A rendering safe for logs: never credentials. */
    @Override
    public String toString() {
        return "RedisStoreConfig[mode=" + mode + ", endpoints=" + endpoints + ", tls=" + tls + (tls ? ", verifyPeer=" + verifyPeer : "")
                + (mode == Mode.CLUSTER ? "" : ", database=" + database)
                + (sentinelMasterId == null ? "" : ", masterId=" + sentinelMasterId)
                + ", credentials=" + (credentials == null ? "none" : "<provided>") + ", clientName=" + clientName + ", keyPrefix=" + keyPrefix
                + ", commandTimeout=" + commandTimeout + ", connectTimeout=" + connectTimeout + ", fetchSize=" + fetchSize + "]";
    }

    /**
     * Builds a {@link RedisStoreConfig}, or directly a {@link RedisStore} when obtained from
     * {@link RedisStore#builder()}.
     *
     * @param <R> what {@link #build()} returns
     */
    public static final class Builder<R> {
        private final Function<RedisStoreConfig, R> finisher;
        private String uri = "redis://localhost:6379";
        private @Nullable Boolean cluster;
        private @Nullable Boolean tls;
        private @Nullable Boolean verifyPeer;
        private @Nullable Path trustedCertificates;
        private @Nullable Path clientCertificate;
        private @Nullable Path clientKey;
        private @Nullable Integer database;
        private @Nullable String sentinelMasterId;
        private @Nullable RedisCredentialsProvider credentials;
        private @Nullable Duration commandTimeout;
        private @Nullable Duration connectTimeout;
        private @Nullable String clientName;
        private @Nullable String keyPrefix;
        private int fetchSize = 500;
        private int writeBatchSize = 500;
        private Duration cursorTtl = Duration.ofSeconds(60);
        private Duration sweepInterval = Duration.ofSeconds(1);
        private int sweepBatchSize = 1000;
        private EntityMapper mapper = EntityMapper.defaults();
        private @Nullable ClientResources clientResources;
        private @Nullable Consumer<ClientOptions.Builder> clientOptions;
        private @Nullable AbstractRedisClient client;

        Builder(Function<RedisStoreConfig, R> finisher) {
            this.finisher = finisher;
        }

        /** Where Redis is; see the class documentation for the forms. Default {@code redis://localhost:6379}. */
        public Builder<R> uri(String uri) {
            this.uri = Objects.requireNonNull(uri, "uri");
            return this;
        }

        /** Treat the URI's hosts as Redis Cluster seed nodes (same as a {@code redis-cluster://} URI). */
        public Builder<R> cluster(boolean cluster) {
            this.cluster = cluster;
            return this;
        }

        /** Static ACL credentials (user name may be null for the {@code default} user). */
        public Builder<R> credentials(@Nullable String username, char[] password) {
            char[] copy = password.clone();
            this.credentials = RedisCredentialsProvider.from(() -> RedisCredentials.just(username, copy));
            return this;
        }

        /** Credentials read on every (re)connect, e.g. from a vault, so rotation needs no restart. */
        public Builder<R> credentials(Supplier<RedisCredentials> supplier) {
            Objects.requireNonNull(supplier, "supplier");
            this.credentials = RedisCredentialsProvider.from(supplier);
            return this;
        }

        /** Any Lettuce credentials provider (streaming providers re-authenticate live connections). */
        public Builder<R> credentialsProvider(RedisCredentialsProvider provider) {
            this.credentials = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /** TLS on or off, whatever the URI's scheme says. */
        public Builder<R> tls(boolean tls) {
            this.tls = tls;
            return this;
        }

        /** Verify the server's certificate and host name (default true). */
        public Builder<R> verifyPeer(boolean verifyPeer) {
            this.verifyPeer = verifyPeer;
            return this;
        }

        /** A PEM file of trusted CA certificates (default: the JVM's trust store). */
        public Builder<R> trustedCertificates(Path pemFile) {
            this.trustedCertificates = Objects.requireNonNull(pemFile, "pemFile");
            return this;
        }

        /** A client certificate chain and its PKCS#8 key, both PEM, for servers requiring mutual TLS. */
        public Builder<R> clientCertificate(Path certificateChain, Path privateKey) {
            this.clientCertificate = Objects.requireNonNull(certificateChain, "certificateChain");
            this.clientKey = Objects.requireNonNull(privateKey, "privateKey");
            return this;
        }

        /** The database number (standalone and Sentinel only). */
        public Builder<R> database(int database) {
            this.database = database;
            return this;
        }

        /** The Sentinel master name. */
        public Builder<R> sentinelMasterId(String masterId) {
            this.sentinelMasterId = Objects.requireNonNull(masterId, "masterId");
            return this;
        }

        /** How long a command may take before {@link dev.stratum.api.StoreTimeoutException} (default 10 s). */
        public Builder<R> commandTimeout(Duration timeout) {
            this.commandTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** How long connecting, TCP and the handshake, may take (default 3 s): a dead server fails the first use within it. */
        public Builder<R> connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout, "timeout");
            return this;
        }

        /** The name shown by {@code CLIENT LIST} (default {@code stratum}). */
        public Builder<R> clientName(String clientName) {
            this.clientName = Objects.requireNonNull(clientName, "clientName");
            return this;
        }

        /** The first part of every key (default {@code stratum}); separates applications sharing a Redis. */
        public Builder<R> keyPrefix(String keyPrefix) {
            this.keyPrefix = Objects.requireNonNull(keyPrefix, "keyPrefix");
            return this;
        }

        /** Entities per round trip of queries and streams (default 500). */
        public Builder<R> fetchSize(int fetchSize) {
            this.fetchSize = fetchSize;
            return this;
        }

        /** Writes pipelined per batch by {@code saveAll} (default 500). */
        public Builder<R> writeBatchSize(int writeBatchSize) {
            this.writeBatchSize = writeBatchSize;
            return this;
        }

        /** How long a stream's snapshot survives between batches (default 60 s). */
        public Builder<R> cursorTtl(Duration cursorTtl) {
            this.cursorTtl = Objects.requireNonNull(cursorTtl, "cursorTtl");
            return this;
        }

        /** How often the TTL sweeper runs (default 1 s; zero disables it). */
        public Builder<R> sweepInterval(Duration sweepInterval) {
            this.sweepInterval = Objects.requireNonNull(sweepInterval, "sweepInterval");
            return this;
        }

        /** Expired entities removed per collection and sweep (default 1,000). */
        public Builder<R> sweepBatchSize(int sweepBatchSize) {
            this.sweepBatchSize = sweepBatchSize;
            return this;
        }

        /** The entity mapper (default {@link EntityMapper#defaults()}). */
        public Builder<R> mapper(EntityMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** Lettuce resources (event loops, metrics) your service shares; the store uses them and never shuts them down. */
        public Builder<R> clientResources(ClientResources resources) {
            this.clientResources = Objects.requireNonNull(resources, "resources");
            return this;
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
        public Builder<R> clientOptions(Consumer<ClientOptions.Builder> customizer) {
            this.clientOptions = Objects.requireNonNull(customizer, "customizer");
            return this;
        }

        /** A client your service already has: the store opens its connections on it and never closes it. */
        public Builder<R> client(RedisClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** A cluster client your service already has (with a {@code redis-cluster://} URI or {@code cluster(true)}). */
        public Builder<R> client(RedisClusterClient client) {
            this.client = Objects.requireNonNull(client, "client");
            return this;
        }

        /** Validates and builds. @throws ConfigurationException naming the bad part (never a credential) */
        public R build() {
            return finisher.apply(new RedisStoreConfig(this, RedisUriParser.parse(uri)));
        }
    }
}
