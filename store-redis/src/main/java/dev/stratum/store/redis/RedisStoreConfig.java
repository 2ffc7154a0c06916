package dev.stratum.store.redis;

import dev.stratum.api.EntityMapper;
import dev.stratum.store.redis.internal.RedisUriParser;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCredentialsProvider;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.resource.ClientResources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Function;
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
 * <p>Defaults: {@code redis://localhost:6379}, command timeout 10 s, connect timeout (TCP and handshake) 5 s, client name
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
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

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

    RedisStoreConfig(RedisStoreConfigSettings<?> b, RedisUriParser.Parsed uri) {
        this.mode = b.cluster != null && b.cluster ? Mode.CLUSTER : Mode.valueOf(uri.mode());
        this.endpoints = RedisStoreConfigSettings.endpoints(uri);
        this.tls = b.tls != null ? b.tls : uri.tls();
        this.verifyPeer = b.verifyPeer != null ? b.verifyPeer
                : !uri.options().containsKey("verifyPeer") || Boolean.parseBoolean(uri.options().get("verifyPeer"));
        this.trustedCertificates = b.trustedCertificates;
        this.clientCertificate = b.clientCertificate;
        this.clientKey = b.clientKey;
        this.database = b.database != null ? b.database : uri.database() == null ? 0 : uri.database();
        this.sentinelMasterId = b.sentinelMasterId != null ? b.sentinelMasterId : uri.masterId();
        this.credentials = b.credentials != null ? b.credentials : RedisStoreConfigSettings.uriCredentials(uri);
        this.commandTimeout = b.commandTimeout != null ? b.commandTimeout : RedisStoreConfigSettings.duration(uri, "timeout", DEFAULT_COMMAND_TIMEOUT);
        this.connectTimeout = b.connectTimeout != null ? b.connectTimeout
                : RedisStoreConfigSettings.duration(uri, "connectTimeout", DEFAULT_CONNECT_TIMEOUT);
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
    public static final class Builder<R> extends RedisStoreConfigSettings<R> {
        private final Function<RedisStoreConfig, R> finisher;

        Builder(Function<RedisStoreConfig, R> finisher) {
            this.finisher = Objects.requireNonNull(finisher, "finisher");
        }

        @Override
        R finish(RedisStoreConfig config) {
            return finisher.apply(config);
        }
    }
}
