package dev.stratum.store.redis.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testkit.Await;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.cache.event.InvalidationBusChanged;
import dev.stratum.cache.event.LocalCacheCleared;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.redis.RedisTestServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Two instances sharing a real Redis as L2 and invalidation bus. Measures the bound of the
 * cross-instance consistency: how long after a write on node A returns node B's L1 still holds the old
 * value (pub/sub delivery plus the eviction). Logged as percentiles; asserted only for liveness.
 */
class TwoNodeConsistencyTest {
    private static final Logger LOG = LoggerFactory.getLogger(TwoNodeConsistencyTest.class);
    private static final int WRITES = 300;
    /** This machine is shared and loaded: a generous L2 timeout keeps the breaker from opening spuriously. */
    private static final Duration SLOW_BOX = Duration.ofSeconds(1);

    private InMemoryStore memory;
    private Repository<Note, String> store;
    private String prefix;

    @BeforeEach
    void setUp() {
        memory = InMemoryStore.create();
        store = memory.repository(Note.class);
        prefix = "twonode-" + UUID.randomUUID().toString().substring(0, 8) + ":";
    }

    @AfterEach
    void tearDown() {
        memory.close();
    }


    @Test
    void aWriteOnOneNodeReachesTheOthersL1WithinTheMeasuredDeliveryBound() throws Exception {
        String uri = RedisTestServer.shared().uri();
        for (int i = 0; i < WRITES; i++) {
            store.insert(new Note("n" + i, "v0", 0));
        }
        TimestampingRemoteCache[] bRemote = new TimestampingRemoteCache[1];
        try (CacheNode a = new CacheNode(uri, store, prefix, r -> r, c -> c.secondInvalidationDelay(Duration.ZERO).remoteTimeout(SLOW_BOX));
                CacheNode b = new CacheNode(uri, store, prefix, r -> bRemote[0] = new TimestampingRemoteCache(r),
                        c -> c.secondInvalidationDelay(Duration.ZERO).remoteTimeout(SLOW_BOX))) {
            connected(a, b);
            // the subscription connects asynchronously: wait until B hears A
            a.notes.update(a.notes.findById("n0").orElseThrow().withText("warm-up"));
            assertThat(bRemote[0].deliveries.poll(30, TimeUnit.SECONDS)).as("B subscribed").isNotNull();

            List<Long> afterReturn = new ArrayList<>();
            List<Long> fromStart = new ArrayList<>();
            for (int i = 1; i < WRITES; i++) {
                String id = "n" + i;
                assertThat(b.notes.findById(id)).map(Note::text).contains("v0");
                assertThat(b.notes.findById(id)).as("an L1 hit on B").map(Note::text).contains("v0");
                Note current = a.notes.findById(id).orElseThrow();
                long t0 = System.nanoTime();
                a.notes.update(current.withText("v1"));
                long t1 = System.nanoTime();
                TimestampingRemoteCache.Delivery d = bRemote[0].deliveries.poll(30, TimeUnit.SECONDS);
                assertThat(d).as("B got the invalidation of " + id).isNotNull();
                assertThat(d.message()).contains("\"" + id + "\"");
                assertThat(b.notes.findById(id)).as("B sees the write once the message is applied").map(Note::text).contains("v1");
                afterReturn.add(Math.max(0, d.appliedAtNanos() - t1));
                fromStart.add(d.appliedAtNanos() - t0);
            }
            LOG.info("cross-instance invalidation over Redis pub/sub, {} writes: after the write returned {}; from the write's start {}",
                    afterReturn.size(), percentiles(afterReturn), percentiles(fromStart));
        }
    }

    @Test
    void aSecondNodeReadsTheL2AndADeleteAllClearsItEverywhere() {
        String uri = RedisTestServer.shared().uri();
        for (int i = 0; i < 20; i++) {
            store.insert(new Note("n" + i, i % 2 == 0 ? "even" : "odd", 0));
        }
        try (CacheNode a = new CacheNode(uri, store, prefix, r -> r, c -> c.remoteTimeout(SLOW_BOX));
                CacheNode b = new CacheNode(uri, store, prefix, r -> r, c -> c.remoteTimeout(SLOW_BOX))) {
            connected(a, b);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                ids.add("n" + i);
            }
            assertThat(a.notes.findAllById(ids)).hasSize(20);
            Await.until("A's L2 writes landed", () -> ids.stream().allMatch(id -> l2(a, id) != null));
            assertThat(b.notes.findAllById(ids)).hasSize(20);
            assertThat(b.cache.statistics().remoteHitCount()).isEqualTo(20);
            assertThat(b.cache.statistics().loadCount()).isZero();

            assertThat(a.notes.deleteAll(Query.where(Filter.eq("text", "even")))).isEqualTo(10);
            Await.until("B cleared its L1", () -> b.events.stream().anyMatch(e -> e instanceof LocalCacheCleared c
                    && c.reason() == LocalCacheCleared.Reason.REMOTE_DELETE_ALL));
            Await.until("the L2 keys are gone", () -> l2(a, "n0") == null);
            assertThat(b.notes.findById("n0")).isEmpty();
            assertThat(b.notes.findById("n1")).map(Note::text).contains("odd");
        }
    }

    private byte[] l2(CacheNode node, String id) {
        return node.remote.get(prefix + node.cache.name() + "#" + id).toCompletableFuture().join();
    }

    /**
     * Both remote caches connect lazily: open their connections before measuring, and wait until each
     * node's invalidation subscription is active. Its first activation arrives asynchronously and clears
     * the node's L1 (and voids loads begun before it, so their L2 writes are skipped), so a test that
     * read before it would see its own cached values vanish.
     */
    private static void connected(CacheNode... nodes) {
        for (CacheNode n : nodes) {
            n.remote.get("warm-up").toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
            Await.until("the invalidation bus of " + n.cache.name() + " is connected",
                    () -> n.events.stream().anyMatch(e -> e instanceof InvalidationBusChanged c && c.connected()));
        }
    }

    private static String percentiles(List<Long> nanos) {
        List<Long> s = new ArrayList<>(nanos);
        Collections.sort(s);
        return String.format("p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms", at(s, 0.50), at(s, 0.90), at(s, 0.99),
                s.get(s.size() - 1) / 1e6);
    }

    private static double at(List<Long> sorted, double q) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(q * sorted.size()) - 1)) / 1e6;
    }
}
