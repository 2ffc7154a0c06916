package dev.stratum.store.redis.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Repository;
import dev.stratum.cache.event.InvalidationBusChanged;
import dev.stratum.cache.event.RemoteCacheRecovered;
import dev.stratum.testkit.Await;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.memory.InMemoryStore;
import dev.stratum.testkit.redis.RedisTestServer;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * #15 scenario 7 / #11 defect 13: node A loses its L2 (and the invalidation bus) behind a partition
 * while node B keeps it. A's reads go on from its L1 and the store with no failure; a write A makes
 * during the partition cannot be published, so once the partition heals A publishes it again (after
 * replaying its L2 deletes) and B stops serving the older value from its L1.
 */
@Timeout(120)
class CachePartitionTest {
    private static void connected(CacheNode n) {
        n.remote.get("warm-up").toCompletableFuture().orTimeout(30, TimeUnit.SECONDS).join();
        Await.until("the invalidation bus of " + n.cache.name() + " is connected",
                () -> n.events.stream().anyMatch(e -> e instanceof InvalidationBusChanged c && c.connected()));
    }

    @Test
    void afterAPartitionHealsNoInstanceServesAValueOlderThanAWriteMadeDuringIt() {
        RedisTestServer server = RedisTestServer.shared();
        try (InMemoryStore memory = InMemoryStore.create(); FaultProxy proxy = server.startFaultProxy()) {
            Repository<Note, String> store = memory.repository(Note.class);
            for (int i = 0; i < 10; i++) {
                store.insert(new Note("n" + i, "v0", 0));
            }
            String prefix = "part-" + UUID.randomUUID().toString().substring(0, 8) + ":";
            try (CacheNode a = new CacheNode(server.uriThrough(proxy), store, prefix, r -> r, c -> c.secondInvalidationDelay(Duration.ZERO));
                    CacheNode b = new CacheNode(server.uri(), store, prefix, r -> r, c -> c.secondInvalidationDelay(Duration.ZERO))) {
                connected(a);
                connected(b);
                for (int i = 0; i < 10; i++) {
                    assertThat(b.notes.findById("n" + i)).map(Note::text).contains("v0");
                    assertThat(a.notes.findById("n" + i)).map(Note::text).contains("v0");
                }

                proxy.down(); // A's L2 and bus connections are cut, new ones refused
                long failedReads = 0;
                for (int i = 0; i < 10; i++) {
                    try {
                        assertThat(a.notes.findById("n" + i)).isPresent();
                    } catch (RuntimeException e) {
                        failedReads++;
                    }
                }
                Note n1 = a.notes.findById("n1").orElseThrow();
                a.notes.update(n1.withText("v1")); // written to the store; its L2 delete and publish fail
                for (int i = 0; i < 10; i++) {
                    try {
                        a.notes.findById("n" + i);
                    } catch (RuntimeException e) {
                        failedReads++;
                    }
                }
                assertThat(failedReads).as("reads failed during the partition").isZero();
                assertThat(a.notes.findById("n1")).map(Note::text).contains("v1");

                proxy.heal();
                Await.until("A's L2 recovered", Duration.ofSeconds(30), () -> {
                    a.notes.findById("n2"); // the breaker probes on use
                    return a.count(RemoteCacheRecovered.class) > 0;
                });
                Await.until("B no longer serves the value older than A's write", Duration.ofSeconds(20),
                        () -> b.notes.findById("n1").map(Note::text).orElse("").equals("v1"));
            }
        }
    }
}
