package dev.stratum.store.elastic.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes expired documents: every {@code interval}, for each repository with a TTL, a search for
 * {@code $stratum.expireAt <= now} (hits with their {@code _seq_no}/{@code _primary_term}) whose hits are
 * deleted with {@code _bulk}, each with {@code if_seq_no}/{@code if_primary_term} (no
 * {@code _delete_by_query}, which the minimal distribution lacks): a document saved again between the
 * search and the delete (a new expiry) is not deleted, and keeps its unique values
 * ({@link ElasticRepository#deleteExpired()}). Expired documents are never
 * returned even before they are swept (reads and queries filter on the same field); the sweep only
 * frees the space. One daemon thread per store, started with the first repository that needs it.
 */
public final class ElasticTtlSweeper implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ElasticTtlSweeper.class);

    private final Duration interval;
    private final Map<String, ElasticRepository<?, ?>> watched = new ConcurrentHashMap<>();
    private @Nullable ScheduledExecutorService scheduler;

    public ElasticTtlSweeper(ElasticConnection connection, Duration interval, Clock clock, int batchSize) {
        this.interval = interval;
    }

    /** Sweeps this repository's alias from now on. */
    public synchronized void watch(String alias, ElasticRepository<?, ?> repo) {
        watched.put(alias, repo);
        if (scheduler == null && !interval.isZero()) {
            scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "stratum-elastic-ttl-sweeper");
                t.setDaemon(true);
                return t;
            });
            long ms = interval.toMillis();
            // the task never completes (it runs until the scheduler shuts down) and catches its own failures: no result to check
            var unused = scheduler.scheduleWithFixedDelay(this::sweepQuietly, ms, ms, TimeUnit.MILLISECONDS);
        }
    }

    private void sweepQuietly() {
        try {
            sweepNow();
        } catch (RuntimeException e) {
            LOG.warn("TTL sweep failed (retried in {}): {}", interval, e.getMessage());
        }
    }

    /** Deletes what has expired in every watched alias; returns how many documents. */
    public long sweepNow() {
        long n = 0;
        for (ElasticRepository<?, ?> repo : watched.values()) {
            n += repo.deleteExpired();
        }
        return n;
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
