package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.api.StatefulRedisConnection;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** #11 defect 13, write side: reindex and deleteAll over batches. */
class RedisWriteOperationsTest {
    private static RedisStore store(int batch) {
        return RedisStore.builder().uri(RedisTestServer.shared().uri()).keyPrefix("wo" + UUID.randomUUID().toString().substring(0, 8))
                .writeBatchSize(batch).build();
    }

    @Test
    @Timeout(60)
    void reindexEndsWhenABatchEndsOnTheIdDash() {
        try (RedisStore store = store(1)) {
            Repository<Task, String> tasks = store.repository(Task.class);
            tasks.insert(Task.create("dash", Task.Status.OPEN, 1).withId("-"));
            tasks.insert(Task.create("a", Task.Status.OPEN, 2).withId("a"));
            tasks.insert(Task.create("b", Task.Status.DONE, 3).withId("b"));
            assertThat(store.reindex(Task.class)).isEqualTo(3);
            assertThat(tasks.count(Query.where(Filter.eq("status", Task.Status.OPEN)))).isEqualTo(2);
        }
    }

    @Test
    @Timeout(120)
    void deleteAllGoesOnWhenItsSnapshotExpiresBetweenBatches() throws Exception {
        try (RedisStore store = store(2);
                RedisClient client = RedisClient.create(RedisURI.create(RedisTestServer.shared().uri()));
                StatefulRedisConnection<String, String> raw = client.connect()) {
            Repository<Task, String> tasks = store.repository(Task.class);
            int n = 400;
            for (int i = 0; i < n; i++) {
                tasks.insert(Task.create("t" + i, i % 2 == 0 ? Task.Status.OPEN : Task.Status.DONE, i));
            }
            tasks.insert(Task.create("keep", Task.Status.BLOCKED, 1));
            String pattern = "{" + store.config().keyPrefix() + ":kit_tasks}:tmp:*";
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger expired = new AtomicInteger();
            // plays the 30-second expiry of the snapshot: removes it once, as soon as it exists
            CompletableFuture<Void> expirer = CompletableFuture.runAsync(() -> {
                while (!done.get() && expired.get() == 0) {
                    KeyScanCursor<String> page = raw.sync().scan(ScanArgs.Builder.matches(pattern).limit(10_000));
                    for (String k : page.getKeys()) {
                        expired.addAndGet(raw.sync().del(k).intValue());
                    }
                }
            });
            long deleted = tasks.deleteAll(Query.where(Filter.in("status", Task.Status.OPEN, Task.Status.DONE)));
            done.set(true);
            expirer.get(30, TimeUnit.SECONDS);
            assertThat(expired.get()).as("the snapshot was removed while deleteAll ran").isPositive();
            assertThat(deleted).isEqualTo(n);
            assertThat(tasks.count(Query.all())).isEqualTo(1);
        }
    }
}
