package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.testkit.Await;
import dev.stratum.api.Repositories;
import dev.stratum.api.Repository;
import dev.stratum.cache.CacheConfig;
import dev.stratum.api.spi.RemoteCache;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** The L2 cache and invalidation bus on a real Redis, alone and under the caching decorator. */
class RedisRemoteCacheTest {
    private final String prefix = "cache" + UUID.randomUUID().toString().substring(0, 8) + ":";

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> s) {
        return s.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }


    /** Records what a subscription receives. */
    static final class Recorder implements RemoteCache.Listener {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final AtomicInteger reconnects = new AtomicInteger();
        final AtomicInteger disconnects = new AtomicInteger();

        @Override
        public void onMessage(String message) {
            messages.add(message);
        }

        @Override
        public void onReconnect() {
            reconnects.incrementAndGet();
        }

        @Override
        public void onDisconnect() {
            disconnects.incrementAndGet();
        }
    }

    @Test
    void valuesExpireAndAreInvalidatedOneByOneOrByPrefix() {
        try (RedisRemoteCache cache = RedisRemoteCache.create(RedisTestServer.shared().uri())) {
            join(cache.put(prefix + "a", bytes("A"), Duration.ofMinutes(1)));
            join(cache.put(prefix + "short", bytes("S"), Duration.ofMillis(150)));
            assertThat(join(cache.get(prefix + "a"))).isEqualTo(bytes("A"));
            assertThat(join(cache.get(prefix + "missing"))).isNull();
            Await.until("expired", () -> join(cache.get(prefix + "short")) == null);
            join(cache.invalidate(List.of(prefix + "a", prefix + "never-there")));
            assertThat(join(cache.get(prefix + "a"))).isNull();
            join(cache.invalidate(List.of()));

            List<String> keys = new ArrayList<>();
            for (int i = 0; i < 1200; i++) {
                keys.add(prefix + "tasks:" + i);
                cache.put(prefix + "tasks:" + i, bytes("v" + i), Duration.ofMinutes(1));
            }
            join(cache.put(prefix + "tasks*[x]:glob", bytes("g"), Duration.ofMinutes(1)));
            join(cache.put(prefix + "users:1", bytes("u"), Duration.ofMinutes(1)));
            join(cache.invalidatePrefix(prefix + "tasks*[x]"));
            assertThat(join(cache.get(prefix + "tasks*[x]:glob"))).as("glob characters are literal").isNull();
            assertThat(join(cache.get(prefix + "tasks:7"))).isEqualTo(bytes("v7"));
            join(cache.invalidatePrefix(prefix + "tasks:"));
            for (String k : keys) {
                assertThat(join(cache.get(k))).isNull();
            }
            assertThat(join(cache.get(prefix + "users:1"))).isEqualTo(bytes("u"));
        }
    }

    @Test
    void publishReachesEverySubscriberUntilItsSubscriptionCloses() {
        try (RedisRemoteCache a = RedisRemoteCache.create(RedisTestServer.shared().uri());
                RedisRemoteCache b = RedisRemoteCache.create(RedisTestServer.shared().uri())) {
            Recorder ra = new Recorder();
            Recorder rb = new Recorder();
            RemoteCache.Subscription sa = a.subscribe(prefix + "bus", ra);
            b.subscribe(prefix + "bus", rb);
            Await.until("both subscribed", () -> {
                join(a.publish(prefix + "bus", "ping"));
                return !ra.messages.isEmpty() && !rb.messages.isEmpty();
            });
            ra.messages.clear();
            rb.messages.clear();
            join(b.publish(prefix + "bus", "invalidate:42"));
            Await.until("delivered", () -> ra.messages.contains("invalidate:42") && rb.messages.contains("invalidate:42"));
            sa.close();
            sa.close();
            join(b.publish(prefix + "bus", "after"));
            Await.until("delivered to b", () -> rb.messages.contains("after"));
            assertThat(ra.messages).doesNotContain("after");
            assertThat(ra.reconnects.get()).as("reported once, when the subscription became active").isEqualTo(1);
        }
    }

    @Test
    void aDroppedSubscriptionConnectionResubscribesAndReportsTheReconnect() {
        try (RedisTestServer server = RedisTestServer.startLocal(List.of());
                RedisRemoteCache cache = RedisRemoteCache.create(server.uri());
                RedisClient admin = RedisClient.create(server.uri());
                StatefulRedisConnection<String, String> redis = admin.connect()) {
            Recorder r = new Recorder();
            cache.subscribe("bus", r);
            Await.until("subscribed", () -> redis.sync().pubsubNumsub("bus").getOrDefault("bus", 0L) == 1L);
            Await.until("activation reported", () -> r.reconnects.get() == 1);
            redis.sync().clientKill(io.lettuce.core.KillArgs.Builder.typePubsub());
            Await.until("reconnected", () -> r.reconnects.get() == 2);
            assertThat(r.disconnects.get()).isPositive();
            join(cache.publish("bus", "after-reconnect"));
            Await.until("delivered after the reconnect", () -> r.messages.contains("after-reconnect"));
        }
    }

    @Test
    void anUnreachableRedisFailsStagesButNeverThrowsAndSubscribesLater() {
        try (RedisRemoteCache cache = RedisRemoteCache.create(RedisStoreConfig.builder().uri("redis://127.0.0.1:1")
                .connectTimeout(Duration.ofSeconds(1)).build())) {
            var get = cache.get("k").toCompletableFuture();
            var put = cache.put("k", bytes("v"), Duration.ofSeconds(1)).toCompletableFuture();
            assertThat(get).failsWithin(Duration.ofSeconds(10)).withThrowableOfType(java.util.concurrent.ExecutionException.class);
            assertThat(put).failsWithin(Duration.ofSeconds(10));
            RemoteCache.Subscription s = cache.subscribe("bus", new Recorder());
            s.close();
        }
    }

    @Test
    void twoInstancesOfADecoratedRepositoryStayConsistentThroughTheBus() {
        try (RedisStore store = RedisTestStores.newStore();
                RedisRemoteCache l2a = RedisRemoteCache.create(RedisTestServer.shared().uri());
                RedisRemoteCache l2b = RedisRemoteCache.create(RedisTestServer.shared().uri())) {
            Repository<Task, String> raw = store.repository(Task.class);
            Repository<Task, String> a = Repositories.decorate(raw)
                    .with(CacheConfig.<Task>builder().remote(l2a).keyPrefix(prefix).name("tasks").build()).build();
            Repository<Task, String> b = Repositories.decorate(raw)
                    .with(CacheConfig.<Task>builder().remote(l2b).keyPrefix(prefix).name("tasks").build()).build();
            Task t = a.insert(Task.create("cached", Task.Status.OPEN, 1));
            assertThat(a.findById(t.id())).contains(t);
            assertThat(b.findById(t.id())).contains(t);
            Task changed = b.update(t.withTitle("changed"));
            Await.until("instance a sees the change", () -> a.findById(t.id()).map(Task::title).equals(Optional.of("changed")));
            assertThat(a.findById(t.id())).contains(changed);
            b.deleteById(t.id());
            Await.until("instance a sees the delete", () -> a.findById(t.id()).isEmpty());
        }
    }
}
