package dev.stratum.cache.internal;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.stratum.api.EntityMapper;
import dev.stratum.cache.CacheConfig;
import dev.stratum.api.spi.RemoteCache;
import dev.stratum.cache.event.RemoteCacheFailed;
import dev.stratum.cache.event.RemoteCacheRecovered;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * Invalidation messages that could not be published meanwhile are remembered too (up to
 * {@value #PENDING_MESSAGE_LIMIT}, beyond that one "everything" message) and published again after
 * the replay, so the other instances drop the L1 entries the writes made during the outage outdated.
 *
 * @param <T> entity type
 */
public final class RemoteTier<T> {
    static final int PENDING_LIMIT = 10_000;
    static final int PENDING_MESSAGE_LIMIT = 1_000;
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
    private final Cache<Object, Boolean> recentPuts;
    private final Set<String> pendingKeys = ConcurrentHashMap.newKeySet();
    private volatile boolean pendingPrefixClear;
    private final Queue<String> pendingMessages = new ConcurrentLinkedQueue<>();
    private final AtomicInteger pendingMessageCount = new AtomicInteger();
    private volatile @Nullable String overflowMessage;
    private volatile boolean pendingOverflow;
    /** A background recovery attempt is scheduled (reads served from the L1 alone would never probe). */
    private final AtomicBoolean probeScheduled = new AtomicBoolean();
    private volatile boolean closed;

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
        // a SET can be in flight at most about as long as a command may take; keep a wide margin
        long window = Math.max(TimeUnit.SECONDS.toNanos(10), 20 * timeoutNanos);
        this.recentPuts = Caffeine.newBuilder().expireAfterWrite(window, TimeUnit.NANOSECONDS).maximumSize(config.maximumSize() * 2)
                .ticker(ticker::getAsLong).executor(Runnable::run).build();
    }

    /** Whether the L2 is in use (false while the breaker is open and reads and writes skip it). */
    public boolean isUp() {
        return up;
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

    /**
     * Sends the L2 GET of {@code id}, or returns null while the remote cache is unusable. Called under
     * the read lock of the id's stripe (see {@link Epochs}); the answer is read with {@link #receive}.
     */
    public @Nullable CompletableFuture<byte @Nullable []> send(Object id) {
        if (!usable()) {
            return null;
        }
        try {
            return remote.get(key(id)).toCompletableFuture();
        } catch (RuntimeException e) {
            failed("get", e);
            return null;
        }
    }

    /** The entity a {@link #send} returned, waiting until {@code deadline} (on the configured ticker); null on a miss or failure. */
    public @Nullable T receive(Object id, @Nullable CompletableFuture<byte @Nullable []> pending, long deadline) {
        if (pending == null) {
            return null;
        }
        byte @Nullable [] bytes;
        try {
            bytes = await(pending, Math.max(0, deadline - ticker.getAsLong()));
        } catch (Exception e) {
            failed("get", e);
            return null;
        }
        return bytes == null ? null : decode(key(id), bytes);
    }

    /** The deadline of a read starting now. */
    public long deadline() {
        return ticker.getAsLong() + timeoutNanos;
    }

    /**
     * Stores an entity without waiting; skipped while unusable. Called under the read lock of the id's
     * stripe after checking its epoch, so an invalidation cannot slip between the check and the send.
     */
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
        recentPuts.put(id, Boolean.TRUE);
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

    /**
     * Of these ids, those whose value this instance sent to the L2 recently, forgetting them: after
     * another instance's write, such a SET may have landed after that instance's DEL, so this instance
     * deletes what it sent (its DEL follows its SET).
     */
    public List<Object> takeRecentPuts(Collection<?> idList) {
        List<Object> out = new ArrayList<>();
        for (Object id : idList) {
            if (recentPuts.asMap().remove(id) != null) {
                out.add(id);
            }
        }
        return out;
    }

    /** Every id this instance sent to the L2 recently, forgetting them. */
    public List<Object> takeAllRecentPuts() {
        List<Object> out = new ArrayList<>(recentPuts.asMap().keySet());
        recentPuts.invalidateAll(out);
        return out;
    }

    /**
     * Sends the L2 DEL of these ids without waiting (under the write locks of their stripes); remembered
     * for replay if the remote cache is down or the DEL fails. The result completes normally, whatever
     * happens, when the attempt is over.
     */
    public CompletableFuture<Void> sendInvalidate(Collection<?> idList) {
        List<String> keys = new ArrayList<>(idList.size());
        idList.forEach(id -> keys.add(key(id)));
        if (keys.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        if (!up) {
            remember(keys);
            if (!up) {
                return CompletableFuture.completedFuture(null);
            }
        }
        try {
            return remote.invalidate(keys).toCompletableFuture().handle((v, e) -> {
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

    /** Waits (bounded by the remote timeout) for a {@link #sendInvalidate}; a late one is remembered for replay. */
    public void awaitInvalidate(CompletableFuture<Void> sent, Collection<?> idList) {
        try {
            await(sent, timeoutNanos);
        } catch (Exception e) {
            List<String> keys = new ArrayList<>(idList.size());
            idList.forEach(id -> keys.add(key(id)));
            remember(keys);
            failed("invalidate", e);
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
            // the callback handles the outcome; nothing waits for it
            var unused = remote.invalidatePrefix(keyPrefix).toCompletableFuture().orTimeout(PREFIX_CLEAR_TIMEOUT_SECONDS, TimeUnit.SECONDS)
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

    /**
     * The message published again after an outage in which more than {@value #PENDING_MESSAGE_LIMIT}
     * messages were lost (an "everything is invalid" message of this instance).
     */
    public void overflowMessage(String message) {
        this.overflowMessage = message;
    }

    /** Publishes an invalidation message, without waiting; one that fails is published again after recovery. */
    public void publish(String message) {
        try {
            remote.publish(channel, message).whenComplete((v, e) -> {
                if (e != null) {
                    rememberMessage(message);
                    failed("publish", e);
                }
            });
        } catch (RuntimeException e) {
            rememberMessage(message);
            failed("publish", e);
        }
    }

    private void rememberMessage(String message) {
        if (pendingOverflow) {
            return;
        }
        if (pendingMessageCount.incrementAndGet() > PENDING_MESSAGE_LIMIT) {
            if (overflowMessage != null) {
                pendingOverflow = true;
                pendingMessages.clear();
                pendingMessageCount.set(0);
                return;
            }
            if (pendingMessages.poll() != null) { // no "everything" message known: keep the newest
                pendingMessageCount.decrementAndGet();
            }
        }
        pendingMessages.add(message);
    }

    /** Publishes the messages the outage lost, after the L2 was cleaned of what they invalidate. */
    private void republish() {
        String overflow = overflowMessage;
        if (pendingOverflow && overflow != null) {
            pendingOverflow = false;
            publish(overflow);
        }
        String m;
        while ((m = pendingMessages.poll()) != null) {
            pendingMessageCount.decrementAndGet();
            publish(m);
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
        scheduleProbe();
    }

    /**
     * Makes sure a recovery attempt follows even when no read reaches the L2: an instance whose reads all
     * hit its L1 would otherwise stay "down" and never publish the invalidations its outage lost, so other
     * instances would go on serving values older than its writes. One timer at a time; none once closed.
     */
    private void scheduleProbe() {
        if (closed || !probeScheduled.compareAndSet(false, true)) {
            return;
        }
        CompletableFuture.delayedExecutor(Math.max(retryNanos, 1_000_000), TimeUnit.NANOSECONDS).execute(() -> {
            probeScheduled.set(false);
            if (closed || up) {
                return;
            }
            usable(); // starts the probe when due; a failed probe schedules the next attempt
            if (!up && !probing.get()) {
                scheduleProbe(); // not due yet on the configured ticker
            }
        });
    }

    /** Stops background recovery attempts (the decorator was closed). */
    public void close() {
        closed = true;
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
        var unused = chain.whenComplete((v, e) -> { // the callback handles the outcome; nothing waits for it
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
                republish();
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
