package dev.stratum.cache;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testkit.Await;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.DecoratedRepository;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.cache.event.CacheEvent;
import dev.stratum.cache.event.InvalidationBusChanged;
import dev.stratum.cache.event.LocalCacheCleared;
import dev.stratum.cache.event.RemoteCacheFailed;
import dev.stratum.cache.event.RemoteCacheRecovered;
import dev.stratum.cache.support.CountingRepository;
import dev.stratum.cache.support.FakeRemoteCache;
import dev.stratum.cache.support.MapRepository;
import dev.stratum.cache.support.Todo;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The L2 and the invalidation bus, with two "instances" (two decorators over one store) sharing an
 * in-JVM fake remote cache that can be made to fail, hang or lose its subscription.
 */
class RemoteCacheTierTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final MapRepository<Todo, String> store = MapRepository.todos();
    private final FakeRemoteCache.Server server = new FakeRemoteCache.Server();

    /** One application instance: its own decorator, remote client, events and store call counter. */
    final class Instance {
        final FakeRemoteCache remote = new FakeRemoteCache(server);
        final CountingRepository<Todo, String> counting = new CountingRepository<>(store);
        final List<CacheEvent> events = new CopyOnWriteArrayList<>();
        final DecoratedRepository<Todo, String> tasks;
        final CachingRepository<Todo, String> cache;

        Instance() {
            this(b -> b);
        }

        Instance(java.util.function.UnaryOperator<CacheConfig.Builder<Todo>> custom) {
            CacheConfig.Builder<Todo> b = CacheConfig.<Todo>builder().ticker(now::get).jitter(0).remote(remote)
                    .remoteTimeout(Duration.ofMillis(20)).secondInvalidationDelay(Duration.ZERO).listener(events::add);
            tasks = Repositories.decorate(counting).with(custom.apply(b).build()).build();
            cache = tasks.unwrap(CachingRepository.class);
        }

        <E extends CacheEvent> List<E> events(Class<E> type) {
            return events.stream().filter(type::isInstance).map(type::cast).toList();
        }
    }


    @Nested
    class SecondLevel {
        @Test
        void aSecondInstanceReadsFromTheL2InsteadOfTheStore() {
            Instant due = Instant.parse("2026-11-22T10:15:30.123Z");
            BigDecimal estimate = new BigDecimal("12345678901234567890.123456789");
            store.insert(Todo.of("a", "shared", "u1").withEstimate(estimate, due));
            Instance one = new Instance();
            Instance two = new Instance();
            Todo viaStore = one.tasks.findById("a").orElseThrow();
            Todo viaL2 = two.tasks.findById("a").orElseThrow();
            assertThat(viaL2).isEqualTo(viaStore);
            assertThat(viaL2.estimate()).isEqualByComparingTo(estimate).hasToString(estimate.toString());
            assertThat(viaL2.due()).isEqualTo(due);
            assertThat(one.counting.loads()).isEqualTo(1);
            assertThat(two.counting.loads()).isZero();
            assertThat(two.cache.statistics().remoteHitCount()).isEqualTo(1);
            assertThat(server.keys()).containsExactly("stratum:cache:testdb/todos#a");
            assertThat(new String(server.raw("stratum:cache:testdb/todos#a"), StandardCharsets.UTF_8)).contains("\"title\":\"shared\"");
        }

        @Test
        void findAllByIdUsesTheL2ForWhatTheL1Lacks() {
            store.insert(Todo.of("a", "A", "u1"));
            store.insert(Todo.of("b", "B", "u1"));
            Instance one = new Instance();
            Instance two = new Instance();
            one.tasks.findById("a");
            assertThat(two.tasks.findAllById(List.of("a", "b", "c"))).extracting(Todo::id).containsExactly("a", "b");
            assertThat(two.counting.loadedIds()).containsExactly("b", "c");
            assertThat(two.cache.statistics().remoteHitCount()).isEqualTo(1);
        }

        @Test
        void l2EntriesGetTheRemoteTtlShortenedByJitter() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance(b -> b.remoteTtl(Duration.ofMinutes(10)).jitter(0.2));
            one.tasks.findById("a");
            Duration ttl = server.ttl("stratum:cache:testdb/todos#a");
            assertThat(ttl).isBetween(Duration.ofMinutes(8), Duration.ofMinutes(10));
        }

        @Test
        void missesAreNotWrittenToTheL2() {
            Instance one = new Instance();
            one.tasks.findById("nope");
            assertThat(server.size()).isZero();
        }

        @Test
        void anUnreadableL2EntryIsAMissAndIsDropped() {
            store.insert(Todo.of("a", "A", "u1"));
            server.rawPut("stratum:cache:testdb/todos#a", "{not json".getBytes(StandardCharsets.UTF_8));
            Instance one = new Instance();
            assertThat(one.tasks.findById("a")).map(Todo::title).contains("A");
            assertThat(one.cache.statistics().errorCount()).isEqualTo(1);
            assertThat(one.events(RemoteCacheFailed.class)).singleElement().satisfies(e -> assertThat(e.operation()).isEqualTo("decode"));
        }

        @Test
        void writesDeleteTheL2Entry() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            Instance two = new Instance();
            Todo a = one.tasks.findById("a").orElseThrow();
            one.tasks.update(a.withTitle("A2"));
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A2");
        }
    }

    @Nested
    class FailsOpen {
        @Test
        void whenTheL2FailsReadsGoToTheStoreAndAnEventIsSent() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            one.remote.mode(FakeRemoteCache.Mode.FAILING);
            assertThat(one.tasks.findById("a")).map(Todo::title).contains("A");
            assertThat(one.counting.loads()).isEqualTo(1);
            assertThat(one.cache.statistics().errorCount()).isGreaterThanOrEqualTo(1);
            assertThat(one.events(RemoteCacheFailed.class)).first().satisfies(e -> {
                assertThat(e.operation()).isEqualTo("get");
                assertThat(e.timeout()).isFalse();
                assertThat(e.cacheName()).isEqualTo("testdb/todos");
            });
        }

        @Test
        void whenTheL2HangsReadsWaitOnlyTheTimeoutThenGoToTheStore() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            one.remote.mode(FakeRemoteCache.Mode.HANGING);
            assertThat(one.tasks.findById("a")).map(Todo::title).contains("A");
            assertThat(one.events(RemoteCacheFailed.class)).first().satisfies(e -> assertThat(e.timeout()).isTrue());
            // the breaker is open now: later reads do not wait for the hanging L2 at all
            int gets = one.remote.gets.get();
            one.cache.clearLocal();
            for (int i = 0; i < 10; i++) {
                one.tasks.findById("a");
                one.cache.clearLocal();
            }
            assertThat(one.remote.gets.get()).isEqualTo(gets);
        }

        @Test
        void theL2IsUsedAgainAfterTheRetryInterval() throws Exception {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance(b -> b.remoteRetryInterval(Duration.ofSeconds(1)));
            Instance two = new Instance();
            two.tasks.findById("a"); // into the L2
            one.remote.mode(FakeRemoteCache.Mode.FAILING);
            one.tasks.findById("a");
            assertThat(one.counting.loads()).isEqualTo(1);
            one.remote.mode(FakeRemoteCache.Mode.UP);
            one.cache.clearLocal();
            one.tasks.findById("a"); // still inside the retry interval: store
            assertThat(one.counting.loads()).isEqualTo(2);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            one.cache.clearLocal();
            one.tasks.findById("a"); // starts the probe; this read still goes to the store
            Await.until("recovered", () -> !one.events(RemoteCacheRecovered.class).isEmpty());
            one.cache.clearLocal();
            int loads = one.counting.loads();
            one.tasks.findById("a");
            assertThat(one.counting.loads()).as("served by the L2 again").isEqualTo(loads);
        }

        @Test
        void anInstanceWhoseReadsAllHitItsL1StillRecoversAndRepublishesWhatItsOutageLost() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance(b -> b.remoteRetryInterval(Duration.ofMillis(100)));
            Instance two = new Instance();
            Todo a = one.tasks.findById("a").orElseThrow();
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A"); // in two's L1
            one.remote.mode(FakeRemoteCache.Mode.FAILING);
            one.tasks.update(a.withTitle("A2")); // its L2 delete and its message are lost
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A");
            one.remote.mode(FakeRemoteCache.Mode.UP);
            now.addAndGet(Duration.ofMillis(100).toNanos());
            // no read of one's reaches the L2 from here on: recovery cannot wait for an L1 miss
            Await.until("recovered in the background", () -> !one.events(RemoteCacheRecovered.class).isEmpty());
            Await.until("two no longer serves the value older than one's write",
                    () -> two.tasks.findById("a").map(Todo::title).orElse("").equals("A2"));
        }

        @Test
        void invalidationsMissedWhileTheL2WasDownAreReplayedBeforeItIsReadAgain() throws Exception {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            Instance two = new Instance();
            Todo a = one.tasks.findById("a").orElseThrow(); // "A" is in the L2
            one.remote.mode(FakeRemoteCache.Mode.FAILING); // a partition: the L2 keeps "A"
            one.tasks.update(a.withTitle("A2"));
            assertThat(server.raw("stratum:cache:testdb/todos#a")).as("the delete could not reach the L2").isNotNull();
            one.remote.mode(FakeRemoteCache.Mode.UP);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            assertThat(one.tasks.findById("a")).map(Todo::title).contains("A2");
            Await.until("recovered", () -> !one.events(RemoteCacheRecovered.class).isEmpty());
            byte[] l2 = server.raw("stratum:cache:testdb/todos#a");
            assertThat(l2 == null ? "" : new String(l2, StandardCharsets.UTF_8)).as("replayed: the old title is gone")
                    .doesNotContain("\"title\":\"A\"");
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A2");
        }

        @Test
        void aDeleteAllWhileTheL2IsDownClearsItsKeysOnRecovery() throws Exception {
            store.insert(Todo.of("a", "A", "u1"));
            store.insert(Todo.of("b", "B", "u2"));
            Instance one = new Instance();
            one.tasks.findAllById(List.of("a", "b"));
            assertThat(server.size()).isEqualTo(2);
            one.remote.mode(FakeRemoteCache.Mode.FAILING);
            one.tasks.findById("zzz"); // notice the failure
            one.tasks.deleteAll(Query.where(Filter.eq("assigneeId", "u1")));
            one.remote.mode(FakeRemoteCache.Mode.UP);
            now.addAndGet(Duration.ofSeconds(1).toNanos());
            one.tasks.findById("b");
            Await.until("recovered", () -> !one.events(RemoteCacheRecovered.class).isEmpty());
            assertThat(server.raw("stratum:cache:testdb/todos#a")).isNull();
            assertThat(one.remote.prefixClears.get()).isEqualTo(1);
        }
    }

    @Nested
    class CrossInstanceInvalidation {
        @Test
        void closingTheDecoratedRepositoryEndsItsSubscriptionOnly() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            assertThat(one.remote.subscriptions()).isEqualTo(1);
            one.tasks.close();
            one.tasks.close(); // idempotent
            assertThat(one.remote.subscriptions()).isZero();
            assertThat(store.findById("a")).isPresent(); // the store is not closed
        }

        @Test
        void aWriteOnOneInstanceEvictsTheOthersL1() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            Instance two = new Instance();
            two.tasks.findById("a");
            Todo a = one.tasks.findById("a").orElseThrow();
            one.tasks.update(a.withTitle("A2"));
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A2");
            assertThat(server.published).hasSize(1);
        }

        @Test
        void anInstanceIgnoresItsOwnMessages() {
            store.insert(Todo.of("a", "A", "u1"));
            store.insert(Todo.of("b", "B", "u1"));
            Instance one = new Instance();
            one.tasks.findById("a");
            one.tasks.update(one.tasks.findById("b").orElseThrow().withTitle("B2"));
            one.tasks.findById("a");
            assertThat(one.counting.loads()).isEqualTo(2); // a once, b once: its own message evicted nothing more
            assertThat(one.cache.statistics().invalidationCount()).isEqualTo(1);
        }

        @Test
        void aDeleteAllOnOneInstanceClearsTheOthersL1AndTheL2() {
            store.insert(Todo.of("a", "A", "u1"));
            store.insert(Todo.of("b", "B", "u2"));
            Instance one = new Instance();
            Instance two = new Instance();
            two.tasks.findAllById(List.of("a", "b"));
            one.tasks.deleteAll(Query.where(Filter.eq("assigneeId", "u1")));
            assertThat(two.events(LocalCacheCleared.class)).extracting(LocalCacheCleared::reason)
                    .contains(LocalCacheCleared.Reason.REMOTE_DELETE_ALL);
            assertThat(server.size()).isZero();
            assertThat(two.tasks.findById("a")).isEmpty();
            assertThat(two.tasks.findById("b")).isPresent();
        }

        @Test
        void afterTheBusReconnectsTheWholeL1IsClearedSoLostMessagesCannotLeaveStaleEntries() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            Instance two = new Instance();
            two.tasks.findById("a");
            two.remote.disconnect();
            one.tasks.update(one.tasks.findById("a").orElseThrow().withTitle("A2")); // two misses this message
            assertThat(two.tasks.findById("a")).map(Todo::title).as("stale while disconnected (bounded by the L1 TTL)").contains("A");
            two.remote.reconnect();
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A2");
            assertThat(two.events(InvalidationBusChanged.class)).extracting(InvalidationBusChanged::connected).containsExactly(false, true);
            assertThat(two.events(LocalCacheCleared.class)).extracting(LocalCacheCleared::reason).containsExactly(LocalCacheCleared.Reason.RECONNECT);
        }

        @Test
        void aStaleL2EntryWrittenByARacingLoadIsRemovedByTheSecondInvalidation() throws Exception {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance(b -> b.secondInvalidationDelay(Duration.ofMillis(50)));
            Instance two = new Instance();
            Todo a = one.tasks.findById("a").orElseThrow();
            byte[] old = server.raw("stratum:cache:testdb/todos#a");
            two.tasks.findById("a"); // two's L1 holds "A"
            one.tasks.update(a.withTitle("A2"));
            // a load elsewhere that read "A" before the write now stores it, after the first delete
            server.rawPut("stratum:cache:testdb/todos#a", old);
            two.cache.clearLocal();
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A"); // the race, visible
            Await.until("second invalidation", () -> server.raw("stratum:cache:testdb/todos#a") == null);
            Await.until("two evicted again", () -> two.tasks.findById("a").map(Todo::title).orElse("").equals("A2"));
        }

        @Test
        void anotherInstancesL2WriteLandingAfterTheWritersDeleteIsDeletedByItsOwnAuthor() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            Instance two = new Instance();
            two.remote.holdWrites(); // two's connection is slow: its SET of "A" is still in flight...
            two.tasks.findById("a");
            one.tasks.update(store.findById("a").orElseThrow().withTitle("A2")); // ...when one deletes the key
            two.remote.releaseWrites(); // the SET lands after the DEL, then two's own DEL (sent on one's message) follows it
            assertThat(server.raw("stratum:cache:testdb/todos#a")).isNull();
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A2");
            Instance three = new Instance();
            assertThat(three.tasks.findById("a")).map(Todo::title).contains("A2");
        }

        @Test
        void closingTheDecoratorEndsItsSubscription() {
            store.insert(Todo.of("a", "A", "u1"));
            Instance one = new Instance();
            Instance two = new Instance();
            two.tasks.findById("a");
            two.cache.close();
            one.tasks.update(one.tasks.findById("a").orElseThrow().withTitle("A2"));
            assertThat(two.tasks.findById("a")).map(Todo::title).contains("A");
        }
    }
}
