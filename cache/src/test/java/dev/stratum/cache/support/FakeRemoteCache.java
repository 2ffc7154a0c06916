package dev.stratum.cache.support;

import dev.stratum.api.spi.RemoteCache;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * An in-JVM {@link RemoteCache} for the decorator tests (not a store driver): several clients share
 * one {@link Server} (the "Redis"), each client can be made to fail, to hang, or to lose its
 * subscription. Messages are delivered synchronously to connected subscribers.
 */
public final class FakeRemoteCache implements RemoteCache {

    /** How a client behaves. */
    public enum Mode {
        /** Works. */
        UP,
        /** Every data operation completes exceptionally (the server keeps its data: a partition). */
        FAILING,
        /** Every data operation never completes (a slow server). */
        HANGING
    }

    /** The shared server: data plus channels. */
    public static final class Server {
        final Map<String, byte[]> data = new ConcurrentHashMap<>();
        final Map<String, Duration> ttls = new ConcurrentHashMap<>();
        final List<FakeRemoteCache> clients = new CopyOnWriteArrayList<>();
        public final List<String> published = new CopyOnWriteArrayList<>();

        public @Nullable byte[] raw(String key) {
            return data.get(key);
        }

        public void rawPut(String key, byte[] value) {
            data.put(key, value);
        }

        public @Nullable Duration ttl(String key) {
            return ttls.get(key);
        }

        public int size() {
            return data.size();
        }

        public List<String> keys() {
            return new ArrayList<>(data.keySet());
        }
    }

    private final Server server;
    private volatile Mode mode = Mode.UP;
    private volatile boolean connected = true;
    private final List<Sub> subs = new CopyOnWriteArrayList<>();
    private final List<Runnable> heldWrites = new ArrayList<>();
    private boolean holdingWrites;
    public final AtomicInteger gets = new AtomicInteger();
    public final AtomicInteger puts = new AtomicInteger();
    public final AtomicInteger invalidations = new AtomicInteger();
    public final AtomicInteger prefixClears = new AtomicInteger();

    public FakeRemoteCache(Server server) {
        this.server = server;
        server.clients.add(this);
    }

    public FakeRemoteCache() {
        this(new Server());
    }

    public Server server() {
        return server;
    }

    public void mode(Mode mode) {
        this.mode = mode;
    }

    /** The number of open subscriptions of this client. */
    public int subscriptions() {
        return subs.size();
    }

    /** Drops this client's subscriptions' connection: messages are lost until {@link #reconnect()}. */
    public void disconnect() {
        connected = false;
        subs.forEach(s -> s.listener.onDisconnect());
    }

    /** Restores the subscriptions and tells their listeners. */
    public void reconnect() {
        connected = true;
        subs.forEach(s -> s.listener.onReconnect());
    }

    /**
     * From now on this client's writes (put, invalidate, invalidatePrefix) queue up, in order, as on a
     * slow connection, until {@link #releaseWrites()}; reads are still answered from the server.
     */
    public synchronized void holdWrites() {
        holdingWrites = true;
    }

    /** Applies the queued writes in the order they were sent. */
    public void releaseWrites() {
        List<Runnable> queued;
        synchronized (this) {
            holdingWrites = false;
            queued = new ArrayList<>(heldWrites);
            heldWrites.clear();
        }
        queued.forEach(Runnable::run);
    }

    private <V> CompletionStage<V> write(java.util.function.Supplier<V> op) {
        synchronized (this) {
            if (holdingWrites && mode == Mode.UP) {
                CompletableFuture<V> later = new CompletableFuture<>();
                heldWrites.add(() -> later.complete(op.get()));
                return later;
            }
        }
        return run(op);
    }

    private <V> CompletionStage<V> run(java.util.function.Supplier<V> op) {
        switch (mode) {
            case FAILING:
                return CompletableFuture.failedFuture(new IOException("fake remote cache is down"));
            case HANGING:
                return new CompletableFuture<>();
            default:
                return CompletableFuture.completedFuture(op.get());
        }
    }

    @Override
    public CompletionStage<byte @Nullable []> get(String key) {
        gets.incrementAndGet();
        return run(() -> server.data.get(key));
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        puts.incrementAndGet();
        return write(() -> {
            server.data.put(key, value);
            server.ttls.put(key, ttl);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> invalidate(Collection<String> keys) {
        invalidations.incrementAndGet();
        return write(() -> {
            keys.forEach(server.data::remove);
            return null;
        });
    }

    @Override
    public CompletionStage<Void> invalidatePrefix(String prefix) {
        prefixClears.incrementAndGet();
        return write(() -> {
            server.data.keySet().removeIf(k -> k.startsWith(prefix));
            return null;
        });
    }

    @Override
    public CompletionStage<Void> publish(String channel, String message) {
        return run(() -> {
            server.published.add(message);
            for (FakeRemoteCache c : server.clients) {
                if (c.connected) {
                    for (Sub s : c.subs) {
                        if (s.channel.equals(channel)) {
                            s.listener.onMessage(message);
                        }
                    }
                }
            }
            return null;
        });
    }

    @Override
    public Subscription subscribe(String channel, Listener listener) {
        Sub s = new Sub(channel, listener);
        subs.add(s);
        return () -> subs.remove(s);
    }

    private record Sub(String channel, Listener listener) {}
}
