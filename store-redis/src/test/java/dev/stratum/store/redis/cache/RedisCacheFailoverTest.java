package dev.stratum.store.redis.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testkit.Await;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Repository;
import dev.stratum.cache.CacheStatistics;
import dev.stratum.cache.event.InvalidationBusChanged;
import dev.stratum.cache.event.LocalCacheCleared;
import dev.stratum.cache.event.RemoteCacheFailed;
import dev.stratum.cache.event.RemoteCacheRecovered;
import dev.stratum.testkit.memory.InMemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cache fails open on a real Redis: two instances read and write continuously while the cache's
 * redis-server is killed and started again. The data lives in a store that stays up (the in-memory
 * store), so every read must succeed throughout; the L2 must be used again after the restart, and once
 * writes stop both instances must agree with the store.
 */
class RedisCacheFailoverTest {
    private static final Logger LOG = LoggerFactory.getLogger(RedisCacheFailoverTest.class);
    private static final int NOTES = 200;


    /** The subscriptions connect asynchronously: make sure each instance hears the other before the kill. */
    private static void busesConnected(CacheNode a, CacheNode b, Repository<Note, String> store) {
        for (CacheNode[] pair : new CacheNode[][] {{a, b}, {b, a}}) {
            Await.until(String.valueOf("the invalidation bus of " + pair[1].cache.name() + " is connected"), Duration.ofSeconds(60), () -> {
                long before = pair[1].cache.statistics().invalidationCount();
                Note n = store.findById("n0").orElseThrow();
                pair[0].notes.update(n.withText("bus check"));
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(500);
                while (System.nanoTime() < deadline) {
                    if (pair[1].cache.statistics().invalidationCount() > before) {
                        return true;
                    }
                    RestartableRedis.sleep(5);
                }
                return false;
            });
        }
    }

    @Test
    void everyReadSucceedsWhileTheCacheRedisIsKilledAndRestarted() throws Exception {
        try (RestartableRedis redis = RestartableRedis.start(); InMemoryStore memory = InMemoryStore.create()) {
            Repository<Note, String> store = memory.repository(Note.class);
            for (int i = 0; i < NOTES; i++) {
                store.insert(new Note("n" + i, "v0", 0));
            }
            try (CacheNode a = new CacheNode(redis.uri(), store, "failover:", r -> r, b -> b.maximumSize(50));
                    CacheNode b = new CacheNode(redis.uri(), store, "failover:", r -> r, c -> c.maximumSize(50))) {
                busesConnected(a, b, store);
                AtomicBoolean running = new AtomicBoolean(true);
                AtomicLong reads = new AtomicLong();
                AtomicLong failedReads = new AtomicLong();
                AtomicLong writes = new AtomicLong();
                AtomicReference<Throwable> firstFailure = new AtomicReference<>();
                List<Thread> threads = new ArrayList<>();
                for (CacheNode node : List.of(a, b)) {
                    threads.add(new Thread(() -> {
                        while (running.get()) {
                            try {
                                node.notes.findById("n" + ThreadLocalRandom.current().nextInt(NOTES)).orElseThrow();
                                reads.incrementAndGet();
                            } catch (Throwable t) {
                                failedReads.incrementAndGet();
                                firstFailure.compareAndSet(null, t);
                            }
                        }
                    }, "reader-" + threads.size()));
                }
                threads.add(new Thread(() -> {
                    while (running.get()) {
                        String id = "n" + ThreadLocalRandom.current().nextInt(NOTES);
                        try {
                            Note n = a.notes.findById(id).orElseThrow();
                            a.notes.update(n.withText("w" + writes.incrementAndGet()));
                        } catch (OptimisticLockException e) {
                            // a stale cached version: the failed write invalidated it; go on
                        }
                        RestartableRedis.sleep(2);
                    }
                }, "writer"));
                threads.forEach(Thread::start);

                Await.until("reads before the kill", Duration.ofSeconds(60), () -> reads.get() > 2_000);
                long beforeKill = reads.get();
                redis.kill();
                LOG.info("redis-server killed after {} reads", beforeKill);
                Await.until("both instances notice", Duration.ofSeconds(60), () -> a.count(RemoteCacheFailed.class) > 0 && b.count(RemoteCacheFailed.class) > 0);
                Await.until("reads while it is down", Duration.ofSeconds(60), () -> reads.get() > beforeKill + 2_000);
                long whileDown = reads.get() - beforeKill;
                CacheStatistics bDown = b.cache.statistics();
                redis.up();
                LOG.info("redis-server restarted after {} reads while down", whileDown);
                Await.until("both instances use the L2 again", Duration.ofSeconds(60), () -> a.count(RemoteCacheRecovered.class) > 0 && b.count(RemoteCacheRecovered.class) > 0);
                Object busBack = new Object() {
                    @Override
                    public String toString() {
                        return "the invalidation bus of both is back (events of A: " + a.events + "; of B: " + b.events + ")";
                    }
                };
                Await.until(String.valueOf(busBack), Duration.ofSeconds(60), () -> a.events.stream().anyMatch(e -> e instanceof InvalidationBusChanged c && c.connected())
                        && b.events.stream().anyMatch(e -> e instanceof InvalidationBusChanged c && c.connected()));
                long afterRestart = reads.get();
                Await.until("reads after the restart", Duration.ofSeconds(60), () -> reads.get() > afterRestart + 2_000);
                Await.until("L2 hits again", Duration.ofSeconds(60), () -> b.cache.statistics().remoteHitCount() > bDown.remoteHitCount());
                running.set(false);
                for (Thread t : threads) {
                    t.join(TimeUnit.SECONDS.toMillis(30));
                }

                assertThat(firstFailure.get()).as("first failed read").isNull();
                assertThat(failedReads.get()).isZero();
                assertThat(whileDown).isGreaterThan(2_000);
                assertThat(a.cache.statistics().errorCount()).isPositive();
                assertThat(b.events).anySatisfy(e -> assertThat(e).isInstanceOfSatisfying(LocalCacheCleared.class,
                        c -> assertThat(c.reason()).isEqualTo(LocalCacheCleared.Reason.RECONNECT)));
                LOG.info("reads {} (while down {}), writes {}, A {}, B {}", reads.get(), whileDown, writes.get(), a.cache.statistics(),
                        b.cache.statistics());

                // once writes stop, both instances converge on the store (delivery + the second invalidation)
                Await.until("both instances agree with the store", Duration.ofSeconds(60), () -> {
                    for (int i = 0; i < NOTES; i++) {
                        Note truth = store.findById("n" + i).orElseThrow();
                        if (!a.notes.findById("n" + i).orElseThrow().equals(truth) || !b.notes.findById("n" + i).orElseThrow().equals(truth)) {
                            return false;
                        }
                    }
                    return true;
                });
            }
        }
    }
}
