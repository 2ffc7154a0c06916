package dev.stratum.store.redis.internal;

import dev.stratum.api.DataAccessException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes expired entities' index entries in the background: every interval, for each collection
 * with a TTL, one bounded purge script run. Redis expires the documents themselves; reads and writes
 * also purge lazily, so the sweeper only keeps memory tidy between them. One daemon thread per store,
 * started with the first TTL collection.
 */
public final class TtlSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TtlSweeper.class);

    private final Duration interval;
    private final int batch;
    private final List<RedisRepository<?, ?>> repositories = new CopyOnWriteArrayList<>();
    private @Nullable ScheduledExecutorService executor;
    private long lastWarning;

    public TtlSweeper(Duration interval, int batch) {
        this.interval = interval;
        this.batch = batch;
    }

    /** Sweeps this repository's collection from now on. */
    public synchronized void add(RedisRepository<?, ?> repository) {
        repositories.add(repository);
        if (executor == null && !interval.isZero()) {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "stratum-redis-ttl-sweeper");
                t.setDaemon(true);
                return t;
            });
            // runs until close() shuts the executor down
            var unused = executor.scheduleWithFixedDelay(this::sweepAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void sweepAll() {
        for (RedisRepository<?, ?> r : repositories) {
            try {
                long n = r.sweep(batch);
                if (n > 0) {
                    LOG.debug("swept {} expired entities of {}", n, r.keys().base());
                }
            } catch (DataAccessException | IllegalStateException e) {
                long now = System.nanoTime();
                if (now - lastWarning > TimeUnit.MINUTES.toNanos(1)) {
                    lastWarning = now;
                    LOG.warn("TTL sweep of {} failed (retrying every {}): {}", r.keys().base(), interval, e.getMessage());
                }
            }
        }
    }

    @Override
    public synchronized void close() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }
}
