package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Repository;
import dev.stratum.testkit.domain.Counter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Optimistic locking under contention on the real server (audit item 8): 16 threads × 200 versioned increments of
 * one entity, each retried on {@link OptimisticLockException} ({@code if_seq_no}/{@code if_primary_term} conflicts),
 * lose nothing: the final value is 3,200 and the version 3,201 (insert wrote 1). The kit's own check runs 8 × 200.
 */
class ElasticConcurrentWritersTest {
    private static final int THREADS = 16;
    private static final int INCREMENTS_PER_THREAD = 200;
    private static ElasticStore store;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("writers16");
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void sixteenThreadsTimesTwoHundredVersionedIncrementsLoseNothing() throws Exception {
        Repository<Counter, String> counters = store.repository(Counter.class);
        counters.insert(new Counter("c16", 0, 0));
        AtomicLong conflicts = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < INCREMENTS_PER_THREAD; i++) {
                        incrementWithRetry(counters, conflicts);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                try {
                    f.get(15, TimeUnit.MINUTES);
                } catch (ExecutionException e) {
                    throw new AssertionError("a writer failed: " + e.getCause(), e.getCause());
                }
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).as("writers stopped").isTrue();
        }
        Counter end = counters.findById("c16").orElseThrow();
        assertThat(end.value()).as("increments kept (%d conflicts retried)", conflicts.get()).isEqualTo(3_200);
        assertThat(end.version()).isEqualTo(3_200 + 1);
        assertThat(conflicts.get()).as("the writers did contend").isPositive();
    }

    private static void incrementWithRetry(Repository<Counter, String> counters, AtomicLong conflicts) {
        for (int attempt = 0; attempt < 100_000; attempt++) {
            Counter c = counters.findById("c16").orElseThrow();
            try {
                counters.update(c.increment());
                return;
            } catch (OptimisticLockException e) {
                conflicts.incrementAndGet();
            }
        }
        throw new AssertionError("no increment succeeded in 100000 attempts");
    }
}
