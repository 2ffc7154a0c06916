package dev.stratum.api.spi;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.CompletionStage;
import org.jspecify.annotations.Nullable;

/**
 * The optional second-level (L2) cache shared by every instance of an application, plus the
 * invalidation bus that keeps their first-level (L1) caches consistent, as the caching decorator of
 * {@code stratum-cache} uses it. The SPI lives here, in {@code stratum-api}, so that a store module can
 * offer an implementation without depending on the cache module (and its Caffeine): {@code store-redis}
 * ships {@code RedisRemoteCache}; any other shared cache with TTLs and publish/subscribe fits too.
 *
 * <pre>{@code
 * RemoteCache l2 = ...; // e.g. store-redis's RedisRemoteCache, sharing one Redis between all instances
 * Repository<Task, String> tasks = Repositories.decorate(store.<Task, String>repository(Task.class))
 *         .with(CacheConfig.<Task>builder().remote(l2).build())
 *         .build();
 * }</pre>
 *
 * <h2>Contract</h2>
 * <ul>
 *   <li>Keys are opaque strings built by the caching decorator ({@code prefix + cache name + ':' + id});
 *       values are opaque bytes (the entity as JSON). An implementation stores both unchanged.
 *   <li>Data operations are asynchronous and must not block the caller: the decorator waits for them
 *       with its own bounded timeout ({@code CacheConfig.remoteTimeout()} in {@code stratum-cache}) and treats a late or
 *       exceptional completion as a miss (reads) or a failed invalidation (writes). A failure is reported
 *       by completing the stage exceptionally, never by throwing from the method.
 *   <li>Operations on one key issued by one instance are applied in the order they were issued (one
 *       connection, or one per cluster node, as a Redis client has). The decorator relies on it: a
 *       read it sends after an invalidation must not overtake that invalidation's delete.
 *   <li>{@link #subscribe} must not fail because the remote side is down: the implementation keeps the
 *       subscription alive, re-subscribes after every reconnect and then calls
 *       {@link Listener#onReconnect()}, because messages published meanwhile are lost. A subscription
 *       that becomes active only after {@code subscribe} returned (asynchronously) gets the same call
 *       when it does: messages published before that were missed too.
 *   <li>Implementations are thread-safe. The decorator never closes a remote cache; its owner does.
 * </ul>
 */
public interface RemoteCache {

    /**
     * The value stored under {@code key}, or {@code null} when there is none (absent or expired).
     * Completes exceptionally when the remote cache cannot answer.
     */
    CompletionStage<byte @Nullable []> get(String key);

    /** Stores {@code value} under {@code key}, replacing any previous value, expiring after {@code ttl} (≥ 1 ms). */
    CompletionStage<Void> put(String key, byte[] value, Duration ttl);

    /** Removes these keys; absent keys are ignored. An empty collection completes at once. */
    CompletionStage<Void> invalidate(Collection<String> keys);

    /**
     * Removes every key starting with {@code prefix}. Used rarely (after a {@code deleteAll(query)},
     * which may have touched any entity, or after invalidations were lost while the remote cache was
     * down), so an implementation may scan.
     */
    CompletionStage<Void> invalidatePrefix(String prefix);

    /** Publishes {@code message} to every subscriber of {@code channel}, on every instance (this one included). */
    CompletionStage<Void> publish(String channel, String message);

    /**
     * Delivers the messages published to {@code channel} to {@code listener}, on a thread of the
     * implementation's choosing, until the returned subscription is closed.
     */
    Subscription subscribe(String channel, Listener listener);

    /** Receives invalidation messages and connection changes of one {@link #subscribe subscription}. */
    interface Listener {

        /** One message published to the channel. Must be fast and must not throw. */
        void onMessage(String message);

        /**
         * The subscription became active after a time in which messages may have been missed (after a
         * disconnect, or on its first, asynchronous activation), so the caching decorator clears its
         * whole L1.
         */
        void onReconnect();

        /** The subscription's connection was lost (optional: lets the decorator report it at once). */
        default void onDisconnect() {}
    }

    /** An active subscription; closing it unsubscribes. Idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
