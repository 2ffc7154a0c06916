package dev.stratum.api.cache.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.cache.CacheConfig;
import dev.stratum.api.cache.RemoteCache;
import dev.stratum.api.cache.event.RemoteCacheFailed;
import dev.stratum.api.cache.event.RemoteCacheRecovered;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import org.jspecify.annotations.Nullable;

/**
 * The decorator's view of the {@link RemoteCache}: entity (de)serialisation, bounded waits, and a
 * breaker that fails open.
 *
 * <p>After a failure the remote cache is "down": reads and puts skip it and invalidations are
 * remembered (up to {@value #PENDING_LIMIT} keys, beyond that a prefix clear). After the retry interval
 * one caller starts an asynchronous probe that first replays the remembered invalidations, so the L2
 * cannot serve a value written meanwhile; only when that succeeds is the remote cache used again.
 *
 * @param <T> entity type
 */
public final class RemoteTier<T> {
    static final int PENDING_LIMIT = 10_000;
    /** A prefix clear may scan; it gets far more time than a point operation. */
    private static final long PREFIX_CLEAR_TIMEOUT_SECONDS = 60;

    private final RemoteCache remote;
    private final String cacheName;
    private final String keyPrefix;
    private final String channel;
    private final EntityIds<T> ids;
    private final EntityMapper mapper;
    private final Class<T> type;
    private final ObjectWriter writer;
    private final ObjectReader reader;
    private final long timeoutNanos;
    private final long retryNanos;
    private final long ttlNanos;
    private final double jitter;
    private final LongSupplier ticker;
    private final CacheCounters counters;
    private final CacheEvents events;

    private volatile boolean up = true;
    private volatile long downSince;
    private volatile long retryAt;
    private final AtomicBoolean probing = new AtomicBoolean();
    private final AtomicBoolean clearing = new AtomicBoolean();
    private final Set<String> pendingKeys = ConcurrentHashMap.newKeySet();
    private volatile boolean pendingPrefixClear;

    public RemoteTier(RemoteCache remote, String cacheName, CacheConfig<?> config, Class<T> type, EntityIds<T> ids,
            CacheCounters counters, CacheEvents events) {
        this.remote = remote;
        this.cacheName = cacheName;
        this.keyPrefix = config.keyPrefix() + cacheName + "#";
        this.channel = config.keyPrefix() + cacheName + "#invalidations";
        this.ids = ids;
        // through the neutral document: JSON numbers read back as BigDecimal keep every digit of a BigDecimal
        this.mapper = config.mapper();
        this.type = type;
        this.writer = mapper.objectMapper().writer();
        this.reader = mapper.objectMapper().readerFor(Map.class).with(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
        this.timeoutNanos = config.remoteTimeout().toNanos();
        this.retryNanos = config.remoteRetryInterval().toNanos();
        this.ttlNanos = config.remoteTtl().toNanos();
        this.jitter = config.jitter();
        this.ticker = config.ticker();
        this.counters = counters;
        this.events = events;
    }

    /** The invalidation channel of this cache. */
    public String channel() {
        return channel;
    }

    /** The L2 key of an id. */
    public String key(Object id) {
        return keyPrefix + ids.format(id);
    }

    /** Whether the remote cache may be used now; starts a recovery probe when it is due. */
    public boolean usable() {
        if (up) {
            return !clearing.get();
        }
        if (ticker.getAsLong() - retryAt >= 0 && probing.compareAndSet(false, true)) {
            probe();
        }
        return false;
    }

    /** The entity stored under {@code id}, or null on a miss, a failure, or while unusable. */
    public @Nullable T get(Object id) {
        if (!usable()) {
            return null;
        }
        String key = key(id);
        byte @Nullable [] bytes;
        try {
            bytes = await(remote.get(key), timeoutNanos);
        } catch (Exception e) {
            failed("get", e);
            return null;
        }
        return bytes == null ? null : decode(key, bytes);
    }

    /** The entities found for these ids (one concurrent round of gets, one shared deadline). */
    public Map<Object, T> getAll(Collection<?> idList) {
        Map<Object, T> found = new LinkedHashMap<>();
        if (idList.isEmpty() || !usable()) {
            return found;
        }
        Map<Object, CompletableFuture<byte @Nullable []>> futures = new LinkedHashMap<>();
        for (Object id : idList) {
            futures.put(id, remote.get(key(id)).toCompletableFuture());
        }
        long deadline = System.nanoTime() + timeoutNanos;
        for (Map.Entry<Object, CompletableFuture<byte @Nullable []>> e : futures.entrySet()) {
            byte @Nullable [] bytes;
            try {
                bytes = await(e.getValue(), Math.max(0, deadline - System.nanoTime()));
            } catch (Exception ex) {
                failed("get", ex);
                return found;
            }
            if (bytes != null) {
                T value = decode(key(e.getKey()), bytes);
                if (value != null) {
                    found.put(e.getKey(), value);
                }
            }
        }
        return found;
    }

    /** Stores an entity, without waiting; skipped while unusable. */
    public void put(Object id, T value) {
        if (!usable()) {
            return;
        }
        byte[] bytes;
        try {
            bytes = writer.writeValueAsBytes(mapper.toDocument(value));
        } catch (IOException | RuntimeException e) {
            failed("encode", e);
            return;
        }
        long ttl = jitter == 0 ? ttlNanos : (long) (ttlNanos * (1 - jitter * ThreadLocalRandom.current().nextDouble()));
        try {
            remote.put(key(id), bytes, Duration.ofNanos(Math.max(ttl, 1_000_000))).whenComplete((v, e) -> {
                if (e != null) {
                    failed("put", e);
                }
            });
        } catch (RuntimeException e) {
            failed("put", e);
        }
    }

    /** Deletes these ids' L2 entries, waiting (bounded); remembered for replay if that fails. */
    public void invalidate(Collection<?> idList) {
        if (idList.isEmpty()) {
            return;
        }
        List<String> keys = new ArrayList<>(idList.size());
        idList.forEach(id -> keys.add(key(id)));
        if (!up) {
            remember(keys);
            if (!up) {
                return;
            }
        }
        try {
            await(remote.invalidate(keys), timeoutNanos);
        } catch (Exception e) {
            failed("invalidate", e);
            remember(keys);
        }
    }

    /**
     * Deletes these ids' L2 entries without waiting; remembered for replay if that fails. The result
     * completes (normally, whatever happened) when the attempt is over.
     */
    public CompletableFuture<Void> invalidateLater(Collection<?> idList) {
        List<String> keys = new ArrayList<>(idList.size());
        idList.forEach(id -> keys.add(key(id)));
        if (keys.isEmpty() || !up) {
            remember(keys);
            return CompletableFuture.completedFuture(null);
        }
        try {
            return remote.invalidate(keys).toCompletableFuture().orTimeout(timeoutNanos, TimeUnit.NANOSECONDS).handle((v, e) -> {
                if (e != null) {
                    remember(keys);
                    failed("invalidate", e);
                }
                return null;
            });
        } catch (RuntimeException e) {
            remember(keys);
            failed("invalidate", e);
            return CompletableFuture.completedFuture(null);
        }
    }

    /**
     * Deletes every L2 entry of this cache, in the background; the L2 is not read until that is done.
     * {@code whenDone} runs after success (e.g. to publish a second "clear all").
     */
    public void invalidateAll(Runnable whenDone) {
        if (!up) {
            pendingPrefixClear = true;
            return;
        }
        clearing.set(true);
        try {
            remote.invalidatePrefix(keyPrefix).toCompletableFuture().orTimeout(PREFIX_CLEAR_TIMEOUT_SECONDS, TimeUnit.SECONDS)
                    .whenComplete((v, e) -> {
                        if (e != null) {
                            pendingPrefixClear = true;
                            failed("invalidatePrefix", e);
                        } else {
                            whenDone.run();
                        }
                        clearing.set(false);
                    });
        } catch (RuntimeException e) {
            pendingPrefixClear = true;
            clearing.set(false);
            failed("invalidatePrefix", e);
        }
    }

    /** Publishes an invalidation message, without waiting. */
    public void publish(String message) {
        try {
            remote.publish(channel, message).whenComplete((v, e) -> {
                if (e != null) {
                    failed("publish", e);
                }
            });
        } catch (RuntimeException e) {
            failed("publish", e);
        }
    }

    /** Subscribes to this cache's invalidation channel, or returns null (and reports) if that throws. */
    public RemoteCache.@Nullable Subscription subscribe(RemoteCache.Listener listener) {
        try {
            return remote.subscribe(channel, listener);
        } catch (RuntimeException e) {
            failed("subscribe", e);
            return null;
        }
    }

    private @Nullable T decode(String key, byte[] bytes) {
        try {
            Map<String, Object> document = reader.readValue(bytes);
            T value = mapper.fromDocument(document, type);
            counters.remoteHits.increment();
            return value;
        } catch (IOException | RuntimeException e) {
            // an entry from an older entity shape: drop it, the store has the truth
            counters.errors.increment();
            events.emit(new RemoteCacheFailed(cacheName, Instant.now(), "decode", false, e));
            remote.invalidate(List.of(key));
            return null;
        }
    }

    private void remember(List<String> keys) {
        if (pendingPrefixClear) {
            return;
        }
        pendingKeys.addAll(keys);
        if (pendingKeys.size() > PENDING_LIMIT) {
            pendingPrefixClear = true;
            pendingKeys.clear();
        }
    }

    private void failed(String operation, Throwable error) {
        Throwable cause = error instanceof CompletionException || error instanceof ExecutionException ? error.getCause() : error;
        if (cause == null) {
            cause = error;
        }
        counters.errors.increment();
        long now = ticker.getAsLong();
        if (up) {
            downSince = now;
            up = false;
        }
        retryAt = now + retryNanos;
        events.emit(new RemoteCacheFailed(cacheName, Instant.now(), operation, cause instanceof TimeoutException, cause));
    }

    /** Replays remembered invalidations (or reads a probe key), then marks the remote cache up. */
    private void probe() {
        CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
        boolean prefix = pendingPrefixClear;
        List<String> keys = new ArrayList<>(pendingKeys);
        try {
            if (prefix) {
                chain = remote.invalidatePrefix(keyPrefix).toCompletableFuture()
                        .orTimeout(PREFIX_CLEAR_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            }
            if (!keys.isEmpty()) {
                chain = chain.thenCompose(v -> remote.invalidate(keys)).toCompletableFuture();
            }
            if (!prefix && keys.isEmpty()) {
                chain = remote.get(keyPrefix).thenApply(v -> (Void) null).toCompletableFuture();
            }
            chain = chain.orTimeout(prefix ? PREFIX_CLEAR_TIMEOUT_SECONDS * 1_000_000_000L : timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (RuntimeException e) {
            chain = CompletableFuture.failedFuture(e);
        }
        chain.whenComplete((v, e) -> {
            try {
                if (e != null) {
                    failed("probe", e);
                    return;
                }
                if (prefix) {
                    pendingPrefixClear = false;
                }
                pendingKeys.removeAll(keys);
                up = true;
                events.emit(new RemoteCacheRecovered(cacheName, Instant.now(), Duration.ofNanos(ticker.getAsLong() - downSince)));
                List<String> late = new ArrayList<>(pendingKeys);
                if (pendingPrefixClear) {
                    invalidateAll(() -> {});
                } else if (!late.isEmpty()) {
                    pendingKeys.removeAll(late);
                    remote.invalidate(late).whenComplete((x, err) -> {
                        if (err != null) {
                            remember(late);
                            failed("invalidate", err);
                        }
                    });
                }
            } finally {
                probing.set(false);
            }
        });
    }

    private static <V> V await(CompletionStage<V> stage, long nanos) throws Exception {
        try {
            return stage.toCompletableFuture().get(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            throw c instanceof Exception ex ? ex : e;
        }
    }
}
