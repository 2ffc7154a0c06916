package dev.stratum.store.redis.cache;

import dev.stratum.api.spi.RemoteCache;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import org.jspecify.annotations.Nullable;

/**
 * Delegates to a real remote cache and notes, for every invalidation message, the moment the
 * decorator had finished applying it (so the measured delivery includes the L1 eviction).
 */
final class TimestampingRemoteCache implements RemoteCache {
    /** One delivered message and when its handling ended ({@link System#nanoTime()}). */
    record Delivery(String message, long appliedAtNanos) {}

    private final RemoteCache delegate;
    final BlockingQueue<Delivery> deliveries = new LinkedBlockingQueue<>();

    TimestampingRemoteCache(RemoteCache delegate) {
        this.delegate = delegate;
    }

    @Override
    public CompletionStage<byte @Nullable []> get(String key) {
        return delegate.get(key);
    }

    @Override
    public CompletionStage<Void> put(String key, byte[] value, Duration ttl) {
        return delegate.put(key, value, ttl);
    }

    @Override
    public CompletionStage<Void> invalidate(Collection<String> keys) {
        return delegate.invalidate(keys);
    }

    @Override
    public CompletionStage<Void> invalidatePrefix(String prefix) {
        return delegate.invalidatePrefix(prefix);
    }

    @Override
    public CompletionStage<Void> publish(String channel, String message) {
        return delegate.publish(channel, message);
    }

    @Override
    public Subscription subscribe(String channel, Listener listener) {
        return delegate.subscribe(channel, new Listener() {
            @Override
            public void onMessage(String message) {
                listener.onMessage(message);
                deliveries.add(new Delivery(message, System.nanoTime()));
            }

            @Override
            public void onReconnect() {
                listener.onReconnect();
            }

            @Override
            public void onDisconnect() {
                listener.onDisconnect();
            }
        });
    }
}
