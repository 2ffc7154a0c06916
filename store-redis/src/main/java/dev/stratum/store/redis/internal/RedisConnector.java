package dev.stratum.store.redis.internal;

import dev.stratum.api.StoreUnavailableException;
import dev.stratum.store.redis.RedisStoreConfig;
import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SslOptions;
import io.lettuce.core.SslVerifyMode;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.ClusterClientOptions;
import io.lettuce.core.cluster.ClusterTopologyRefreshOptions;
import io.lettuce.core.cluster.RedisClusterClient;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.RedisCommand;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * The Lettuce client and the one shared, thread-safe connection of a store (String keys, byte[]
 * values), for a single server, a Sentinel-managed master or a Redis Cluster. Connects lazily on
 * first use (so an application can start before Redis). A single server or Sentinel connection fails
 * fast while disconnected instead of queueing commands, so a gone server surfaces at once as
 * {@link StoreUnavailableException}; on a cluster, commands to a node being (re)connected wait up to
 * the command timeout ({@link dev.stratum.api.StoreTimeoutException} if it does not come back).
 */
public final class RedisConnector implements AutoCloseable {
    /** The codec of the shared connection: String keys, byte[] values. */
    static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisStoreConfig config;
    private final AbstractRedisClient client;
    private final boolean ownsClient;
    private final String server;
    private volatile @Nullable StatefulConnection<String, byte[]> connection;
    private volatile @Nullable StatefulConnection<String, String> stringConnection;

    public RedisConnector(RedisStoreConfig config) {
        this.config = config;
        this.server = config.endpoints().size() == 1 ? config.endpoints().get(0).toString() : config.endpoints().toString();
        this.ownsClient = config.client().isEmpty();
        if (!ownsClient) {
            this.client = config.client().get(); // the service's: its options stay as they are
        } else if (config.mode() == RedisStoreConfig.Mode.CLUSTER) {
            List<RedisURI> seeds = new ArrayList<>();
            config.endpoints().forEach(e -> seeds.add(uri(e.host(), e.port())));
            RedisClusterClient c = config.clientResources().map(r -> RedisClusterClient.create(r, seeds))
                    .orElseGet(() -> RedisClusterClient.create(seeds));
            // Cluster connections to individual nodes are opened on demand; rejecting commands while one is
            // still being established would fail the first command sent to each node (Lettuce's
            // ClusterDistributionChannelWriter rejects on a pending node connection), so commands wait
            // (bounded by the command timeout) instead.
            // Adaptive refresh (MOVED, ASK, persistent reconnects, uncovered slot, unknown node) at most once a
            // second: a killed master is typically reported by the reconnect trigger before its replica has
            // taken over, and the next refresh may come only after this pause (5 s here made the store find a
            // promoted replica about 7 s after the failover; RedisClusterFailoverTest).
            ClusterClientOptions.Builder b = ClusterClientOptions.builder(clientOptions().build())
                    .disconnectedBehavior(ClientOptions.DisconnectedBehavior.ACCEPT_COMMANDS)
                    .topologyRefreshOptions(ClusterTopologyRefreshOptions.builder() // Lettuce 7 enables every adaptive trigger by default
                            .adaptiveRefreshTriggersTimeout(Duration.ofSeconds(1)).build());
            config.clientOptions().ifPresent(o -> o.accept(b));
            c.setOptions(b.build());
            this.client = c;
        } else {
            RedisClient c = config.clientResources().map(RedisClient::create).orElseGet(RedisClient::create);
            ClientOptions.Builder b = clientOptions();
            config.clientOptions().ifPresent(o -> o.accept(b));
            c.setOptions(b.build());
            this.client = c;
        }
    }

    /** The Lettuce URI of one endpoint (or the Sentinel URI), with TLS, credentials, timeouts and client name. */
    private RedisURI uri(String host, int port) {
        RedisURI.Builder b = RedisURI.builder().withHost(host).withPort(port);
        applyCommon(b);
        return b.build();
    }

    private void applyCommon(RedisURI.Builder b) {
        // the URI's timeout bounds the connection handshake (HELLO/AUTH/SETNAME) and cluster topology refreshes:
        // the connect timeout, so a silent server fails start-up fast; commands get the command timeout on the
        // connection (connect(...)) and through the TimeoutOptions
        b.withTimeout(config.connectTimeout()).withClientName(config.clientName());
        if (config.tls()) {
            b.withSsl(true).withVerifyPeer(config.verifyPeer() ? SslVerifyMode.FULL : SslVerifyMode.NONE);
        }
        config.credentials().ifPresent(b::withAuthentication);
    }

    private RedisURI standaloneUri() {
        if (config.mode() == RedisStoreConfig.Mode.SENTINEL) {
            RedisStoreConfig.Endpoint first = config.endpoints().get(0);
            RedisURI.Builder b = RedisURI.Builder.sentinel(first.host(), first.port(), config.sentinelMasterId().orElseThrow());
            for (int i = 1; i < config.endpoints().size(); i++) {
                b.withSentinel(config.endpoints().get(i).host(), config.endpoints().get(i).port());
            }
            applyCommon(b);
            return b.withDatabase(config.database()).build();
        }
        RedisStoreConfig.Endpoint e = config.endpoints().get(0);
        RedisURI.Builder b = RedisURI.builder().withHost(e.host()).withPort(e.port()).withDatabase(config.database());
        applyCommon(b);
        return b.build();
    }

    private ClientOptions.Builder clientOptions() {
        ClientOptions.Builder b = ClientOptions.builder()
                .autoReconnect(true)
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .socketOptions(SocketOptions.builder().connectTimeout(config.connectTimeout()).keepAlive(true).build())
                .timeoutOptions(TimeoutOptions.enabled(config.commandTimeout()));
        if (config.tls()) {
            SslOptions.Builder ssl = SslOptions.builder().jdkSslProvider();
            config.trustedCertificates().ifPresent(p -> ssl.trustManager(p.toFile()));
            if (config.clientCertificate().isPresent()) {
                ssl.keyManager(config.clientCertificate().get().toFile(), config.clientKey().orElseThrow().toFile(), null);
            }
            b.sslOptions(ssl.build());
        }
        return b;
    }

    /** "host:port" (or the endpoint list) for messages and spans; never credentials. */
    public String server() {
        return server;
    }

    public RedisStoreConfig config() {
        return config;
    }

    /** Whether this is a Redis Cluster connection. */
    public boolean isCluster() {
        return client instanceof RedisClusterClient;
    }

    @SuppressWarnings("unchecked")
    private StatefulConnection<String, byte[]> connection() {
        StatefulConnection<String, byte[]> c = connection;
        if (c == null) {
            synchronized (this) {
                c = connection;
                if (c == null) {
                    c = connect(CODEC);
                    connection = c;
                }
            }
        }
        return c;
    }

    private <V> StatefulConnection<String, V> connect(RedisCodec<String, V> codec) {
        try {
            if (client instanceof RedisClusterClient cc) {
                StatefulRedisClusterConnection<String, V> c = cc.connect(codec);
                c.setTimeout(config.commandTimeout());
                return c;
            }
            StatefulRedisConnection<String, V> c = ((RedisClient) client).connect(codec, standaloneUri());
            c.setTimeout(config.commandTimeout());
            return c;
        } catch (RuntimeException e) {
            throw RedisErrors.translate(e, "connect", server);
        }
    }

    /** Opens a new connection without blocking (the L2 cache must never block its callers). */
    @SuppressWarnings("unchecked")
    public <V> CompletableFuture<StatefulConnection<String, V>> connectAsync(RedisCodec<String, V> codec) {
        if (client instanceof RedisClusterClient cc) {
            // the asynchronous cluster connect needs the topology loaded first (the blocking one loads it itself)
            return cc.refreshPartitionsAsync().toCompletableFuture().thenCompose(v -> cc.connectAsync(codec))
                    .thenApply(c -> withCommandTimeout((StatefulConnection<String, V>) c));
        }
        return ((RedisClient) client).connectAsync(codec, standaloneUri()).toCompletableFuture()
                .thenApply(c -> withCommandTimeout((StatefulConnection<String, V>) c));
    }

    /** Opens a new publish/subscribe connection without blocking. */
    public CompletableFuture<StatefulRedisPubSubConnection<String, String>> connectPubSubAsync() {
        if (client instanceof RedisClusterClient cc) {
            return cc.refreshPartitionsAsync().toCompletableFuture().thenCompose(v -> cc.connectPubSubAsync(StringCodec.UTF8))
                    .thenApply(this::withCommandTimeout);
        }
        return ((RedisClient) client).connectPubSubAsync(StringCodec.UTF8, standaloneUri()).toCompletableFuture()
                .thenApply(this::withCommandTimeout);
    }

    private <C extends StatefulConnection<?, ?>> C withCommandTimeout(C connection) {
        connection.setTimeout(config.commandTimeout());
        return connection;
    }

    /** The Lettuce client (to register connection listeners). */
    public AbstractRedisClient client() {
        return client;
    }

    /** Synchronous commands on the shared connection (the common interface of standalone and cluster). */
    public RedisClusterCommands<String, byte[]> sync() {
        StatefulConnection<String, byte[]> c = connection();
        if (c instanceof StatefulRedisClusterConnection<String, byte[]> cc) {
            return cc.sync();
        }
        return ((StatefulRedisConnection<String, byte[]>) c).sync();
    }

    /** Asynchronous (pipelined) commands on the shared connection. */
    public RedisClusterAsyncCommands<String, byte[]> async() {
        StatefulConnection<String, byte[]> c = connection();
        if (c instanceof StatefulRedisClusterConnection<String, byte[]> cc) {
            return cc.async();
        }
        return ((StatefulRedisConnection<String, byte[]>) c).async();
    }

    /**
     * Sends commands on the shared connection in one write with one flush, rather than one flush per
     * command as the asynchronous API does. On a cluster Lettuce groups them by slot, one write and
     * flush per group; every key of a collection shares one slot ({@link RedisKeys}), so a batch of one
     * collection's commands is one flush there too. A command that cannot be sent fails (its future
     * completes exceptionally); nothing is thrown.
     */
    public void dispatch(List<? extends RedisCommand<String, byte[], ?>> commands) {
        try {
            connection().dispatch(commands);
        } catch (RuntimeException e) {
            // nothing was sent: the connection cannot be opened, or (cluster) the slot's node cannot be reached; one
            // collection's batch is one slot group, so the failure comes before any of it is written
            commands.forEach(c -> c.completeExceptionally(e));
        }
    }

    /**
     * Native objects for {@code unwrap}: the Lettuce client ({@code RedisClient}/{@code RedisClusterClient}),
     * and, on a separate lazily opened connection with String keys and values, the
     * {@code StatefulRedisConnection}/{@code StatefulRedisClusterConnection} and their sync/async commands.
     */
    @SuppressWarnings("unchecked")
    public <N> @Nullable N unwrap(Class<N> type) {
        if (type.isInstance(client)) {
            return type.cast(client);
        }
        if (!type.getName().startsWith("io.lettuce.")) {
            return null; // not ours: no need to open the String connection to find out
        }
        StatefulConnection<String, String> s = stringConnection;
        if (s == null) {
            synchronized (this) {
                s = stringConnection;
                if (s == null) {
                    s = connect(StringCodec.UTF8);
                    stringConnection = s;
                }
            }
        }
        if (type.isInstance(s)) {
            return type.cast(s);
        }
        Object sync = s instanceof StatefulRedisClusterConnection<String, String> cc ? cc.sync() : ((StatefulRedisConnection<String, String>) s).sync();
        if (type.isInstance(sync)) {
            return type.cast(sync);
        }
        Object async = s instanceof StatefulRedisClusterConnection<String, String> cc ? cc.async() : ((StatefulRedisConnection<String, String>) s).async();
        if (type.isInstance(async)) {
            return type.cast(async);
        }
        return null;
    }

    @Override
    public void close() {
        StatefulConnection<String, byte[]> c = connection;
        StatefulConnection<String, String> s = stringConnection;
        try {
            if (c != null) {
                c.close();
            }
            if (s != null) {
                s.close();
            }
        } finally {
            if (ownsClient) {
                client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
            }
        }
    }
}
