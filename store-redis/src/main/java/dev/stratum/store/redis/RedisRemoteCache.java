package dev.stratum.store.redis;

import dev.stratum.api.spi.RemoteCache;
import dev.stratum.store.redis.internal.RedisConnector;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.StatefulConnection;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.cluster.api.StatefulRedisClusterConnection;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caching decorator's shared second level and invalidation bus on Redis, an implementation of
 * {@code stratum-api}'s {@link RemoteCache} SPI (so {@code store-redis} needs no cache dependency): values with a TTL
 * ({@code SET PX}), deletes, prefix clears ({@code SCAN} + {@code UNLINK}, cluster-wide on a cluster) and
 * publish/subscribe for cross-instance L1 invalidation.
 *
 * <pre>{@code
 * RedisRemoteCache l2 = RedisRemoteCache.create("redis://cache-host:6379");
 * DecoratedRepository<Task, String> tasks = Repositories.decorate(store.<Task, String>repository(Task.class))
 *         .with(CacheConfig.<Task>builder().remote(l2).build())
 *         .build();
 * ...
 * l2.close();   // on shutdown, after the repositories using it
 * }</pre>
 *
 * <p>Nothing blocks the caller: connections are opened asynchronously and every data operation
 * returns a stage that fails (rather than throws) while Redis is unreachable. The subscription
 * connection reconnects by itself; after every reconnect it re-subscribes and then calls
 * {@link Listener#onReconnect()}, since messages published meanwhile are lost; a new subscription gets
 * the same call when it becomes active, since it does so asynchronously. Operations on one key are
 * applied in the order they were issued (one data connection; one per node on a cluster). Takes every setting of
 * {@link RedisStoreConfig} (TLS, credentials, timeouts, cluster); the key prefix is the decorator's.
 */
public final class RedisRemoteCache implements RemoteCache, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisRemoteCache.class);
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);

    private final RedisConnector data;
    private final RedisConnector bus;
    private final AtomicReference<@Nullable CompletableFuture<StatefulConnection<String, byte[]>>> connection = new AtomicReference<>();
    private final Map<String, CopyOnWriteArrayList<Sub>> subscriptions = new ConcurrentHashMap<>();
    private final ScheduledExecutorService retries;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile @Nullable StatefulRedisPubSubConnection<String, String> pubsub;
    private boolean connectingBus;

    private RedisRemoteCache(RedisStoreConfig config) {
        this.data = new RedisConnector(config);
        this.bus = new RedisConnector(config);
        this.retries = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "stratum-redis-cache-bus");
            t.setDaemon(true);
            return t;
        });
        bus.client().addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> handler) {
                interrupted();
            }

            @Override
            public void onRedisConnected(RedisChannelHandler<?, ?> handler, SocketAddress address) {
                // Lettuce re-subscribes what it knew; channels whose SUBSCRIBE was rejected while
                // disconnected are added here (SUBSCRIBE is idempotent). subscribed() reports each.
                if (!closed.get()) {
                    var unused = retries.schedule(RedisRemoteCache.this::resubscribeAll, 100, TimeUnit.MILLISECONDS); // nothing waits for it
                }
            }
        });
    }

    /** A remote cache on the Redis at {@code uri} (any form {@link RedisStoreConfig} accepts). */
    public static RedisRemoteCache create(String uri) {
        return create(RedisStoreConfig.builder().uri(uri).build());
    }

    /** A remote cache with these connection settings. */
    public static RedisRemoteCache create(RedisStoreConfig config) {
        return new RedisRemoteCache(config);
    }

    // ------------------------------------------------------------------------------ data

    private CompletableFuture<RedisClusterAsyncCommands<String, byte[]>> commands() {
        if (closed.get()) {
            return CompletableFuture.failedFuture(new IllegalStateException("RedisRemoteCache is closed"));
        }
        CompletableFuture<StatefulConnection<String, byte[]>> f = connection.get();
        if (f == null || f.isCompletedExceptionally()) {
            CompletableFuture<StatefulConnection<String, byte[]>> fresh = data.connectAsync(CODEC);
            if (connection.compareAndSet(f, fresh)) {
                f = fresh;
            } else {
                var unused = fresh.thenAccept(RedisRemoteCache::closeQuietly); // the losing connection: nothing waits for its close
                f = connection.get();
            }
        }
        return Objects.requireNonNull(f).thenApply(RedisRemoteCache::async);
    }

    private static void closeQuietly(StatefulConnection<?, ?> c) {
        var unused = c.closeAsync(); // nothing waits for a close
    }

    @SuppressWarnings("unchecked")
    private static RedisClusterAsyncCommands<String, byte[]> async(StatefulConnection<String, byte[]> c) {
        if (c instanceof StatefulRedisClusterConnection<String, byte[]> cc) {
            return cc.async();
        }
        return ((StatefulRedisConnection<String, byte[]>) c).async();
    }

    @Override
    public CompletionStage<byte @Nullable []> get(String key) {
        return commands().thenCompose(c -> c.get(key));
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        long ms = Math.max(1, ttl.toMillis());
        return commands().thenCompose(c -> c.set(key, value, SetArgs.Builder.px(ms))).thenApply(ok -> null);
    }

    @Override
    public CompletionStage<Void> invalidate(Collection<String> keys) {
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        String[] array = keys.toArray(String[]::new);
        return commands().thenCompose(c -> c.del(array)).thenApply(n -> null);
    }

    @Override
    public CompletionStage<Void> invalidatePrefix(String prefix) {
        ScanArgs args = ScanArgs.Builder.matches(glob(prefix) + "*").limit(500);
        return commands().thenCompose(c -> scanAndDelete(c, ScanCursor.INITIAL, args));
    }

    private CompletableFuture<Void> scanAndDelete(RedisClusterAsyncCommands<String, byte[]> c, ScanCursor cursor, ScanArgs args) {
        return c.scan(cursor, args).toCompletableFuture().thenCompose((KeyScanCursor<String> page) -> {
            CompletableFuture<?> deleted = page.getKeys().isEmpty() ? CompletableFuture.completedFuture(null)
                    : c.unlink(page.getKeys().toArray(String[]::new)).toCompletableFuture();
            return deleted.thenCompose(x -> page.isFinished() ? CompletableFuture.completedFuture(null) : scanAndDelete(c, page, args));
        });
    }

    private static String glob(String literal) {
        StringBuilder sb = new StringBuilder(literal.length() + 8);
        for (int i = 0; i < literal.length(); i++) {
            char ch = literal.charAt(i);
            if (ch == '*' || ch == '?' || ch == '[' || ch == ']' || ch == '\\') {
                sb.append('\\');
            }
            sb.append(ch);
        }
        return sb.toString();
    }

    @Override
    public CompletionStage<Void> publish(String channel, String message) {
        byte[] bytes = message.getBytes(StandardCharsets.UTF_8);
        return commands().thenCompose(c -> c.publish(channel, bytes)).thenApply(n -> null);
    }

    // ------------------------------------------------------------------------------ bus

    /** One listener of one channel. */
    private final class Sub implements Subscription {
        final String channel;
        final Listener listener;
        /** Not (yet, or no longer) subscribed on the server. */
        volatile boolean missedMessages = true;
        /**
         * Whether the next successful subscription must report a reconnect: always for the first one
         * (it becomes active asynchronously, after subscribe returned) and after every disconnect.
         */
        volatile boolean notifyOnSubscribe = true;
        private final AtomicBoolean open = new AtomicBoolean(true);

        Sub(String channel, Listener listener) {
            this.channel = channel;
            this.listener = listener;
        }

        @Override
        public void close() {
            if (open.compareAndSet(true, false)) {
                List<Sub> subs = subscriptions.get(channel);
                if (subs != null) {
                    subs.remove(this);
                    if (subs.isEmpty()) {
                        subscriptions.remove(channel, subs);
                        StatefulRedisPubSubConnection<String, String> p = pubsub;
                        if (p != null) {
                            var unused = p.async().unsubscribe(channel); // fire and forget: a failure leaves a channel nobody reads
                        }
                    }
                }
            }
        }
    }

    private final class BusListener extends RedisPubSubAdapter<String, String> {
        @Override
        public void message(String channel, String message) {
            for (Sub s : subscriptions.getOrDefault(channel, new CopyOnWriteArrayList<>())) {
                try {
                    s.listener.onMessage(message);
                } catch (RuntimeException e) {
                    LOG.warn("cache invalidation listener of channel {} failed: {}", channel, e.toString());
                }
            }
        }

        @Override
        public void subscribed(String channel, long count) {
            for (Sub s : subscriptions.getOrDefault(channel, new CopyOnWriteArrayList<>())) {
                if (s.missedMessages) {
                    s.missedMessages = false;
                    if (s.notifyOnSubscribe) {
                        s.notifyOnSubscribe = false;
                        notifyReconnect(s);
                    }
                }
            }
        }
    }

    private static void notifyReconnect(Sub s) {
        try {
            s.listener.onReconnect();
        } catch (RuntimeException e) {
            LOG.warn("cache reconnect listener failed: {}", e.toString());
        }
    }

    private void interrupted() {
        for (List<Sub> subs : subscriptions.values()) {
            for (Sub s : subs) {
                s.missedMessages = true;
                s.notifyOnSubscribe = true;
                try {
                    s.listener.onDisconnect();
                } catch (RuntimeException e) {
                    LOG.warn("cache disconnect listener failed: {}", e.toString());
                }
            }
        }
    }

    @Override
    public Subscription subscribe(String channel, Listener listener) {
        Sub sub = new Sub(channel, listener);
        subscriptions.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>()).add(sub);
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        if (p != null) {
            var unused = p.async().subscribe(channel); // BusListener.subscribed reports it
        } else {
            connectBus(0);
        }
        return sub;
    }

    private void resubscribeAll() {
        StatefulRedisPubSubConnection<String, String> p = pubsub;
        String[] channels = subscriptions.keySet().toArray(String[]::new);
        if (p != null && channels.length > 0) {
            var unused = p.async().subscribe(channels); // BusListener.subscribed reports each channel
        }
    }

    /** Opens the subscription connection, retrying every second while Redis is unreachable. */
    private synchronized void connectBus(long delayMillis) {
        if (closed.get() || pubsub != null || (connectingBus && delayMillis == 0)) {
            return;
        }
        connectingBus = true;
        // nothing waits for the attempt: its outcome is handled in onBusConnect
        var unused = retries.schedule(this::openBus, delayMillis, TimeUnit.MILLISECONDS);
    }

    private void openBus() {
        var unused = bus.connectPubSubAsync().whenComplete(this::onBusConnect);
    }

    private void onBusConnect(@Nullable StatefulRedisPubSubConnection<String, String> p, @Nullable Throwable e) {
        if (e != null || p == null) {
            for (List<Sub> subs : subscriptions.values()) {
                subs.forEach(s -> s.notifyOnSubscribe = true); // messages may be missed until it works
            }
            LOG.debug("cache invalidation bus cannot connect yet: {}", String.valueOf(e));
            synchronized (this) {
                connectingBus = false;
            }
            connectBus(1_000);
            return;
        }
        if (closed.get()) {
            closeQuietly(p);
            return;
        }
        p.addListener(new BusListener());
        synchronized (this) {
            pubsub = p;
            connectingBus = false;
        }
        String[] channels = subscriptions.keySet().toArray(String[]::new);
        if (channels.length > 0) {
            var unused = p.async().subscribe(channels); // BusListener.subscribed reports each channel
        }
    }

    /** Closes the connections and stops delivering messages. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            retries.shutdownNow();
            subscriptions.clear();
            try {
                CompletableFuture<StatefulConnection<String, byte[]>> f = connection.getAndSet(null);
                if (f != null && f.isDone() && !f.isCompletedExceptionally()) {
                    f.join().close();
                }
                StatefulRedisPubSubConnection<String, String> p = pubsub;
                if (p != null) {
                    p.close();
                }
            } finally {
                data.close();
                bus.close();
            }
        }
    }

    @Override
    public String toString() {
        return "RedisRemoteCache[" + data.config().endpoints() + "]";
    }
}
