package dev.stratum.store.redis;

import dev.stratum.api.migration.MigrationTargets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.testkit.MigrationTargetCompatibilityKit;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.redis.RedisTestCluster;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.lettuce.core.cluster.api.sync.RedisClusterCommands;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Cluster specifics: one slot per collection, collections spread over the nodes, migrations and the L2 cache. */
class RedisClusterTest {
    private static RedisStore store;
    private static final String PREFIX = "cl" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void open() {
        store = RedisStore.builder().uri(RedisTestCluster.shared().uri()).keyPrefix(PREFIX).build();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyKeyOfACollectionIsInOneSlotAndCollectionsSpreadOverTheNodes() {
        Repository<Task, String> tasks = store.repository(Task.class);
        Repository<User, String> users = store.repository(User.class);
        for (int i = 0; i < 50; i++) {
            tasks.insert(Task.create("t" + i, Task.Status.values()[i % 4], i % 5).withTags(List.of("a" + i % 3)));
        }
        users.insert(new User(null, "Ann", "ann@example.com", User.Role.ADMIN));
        assertThat(tasks.count(Query.where(Filter.and(Filter.eq("status", Task.Status.OPEN), Filter.contains("tags", "a1"))))).isEqualTo(4);
        RedisAdvancedClusterCommands<String, String> redis = store.unwrap(RedisAdvancedClusterCommands.class);
        Set<Long> taskSlots = new HashSet<>();
        for (String key : redis.keys("{" + PREFIX + ":kit_tasks}:*")) {
            taskSlots.add(redis.clusterKeyslot(key));
        }
        assertThat(taskSlots).hasSize(1);
        assertThat(redis.clusterKeyslot("{" + PREFIX + ":kit_users}:ids")).isNotEqualTo(taskSlots.iterator().next());
        tasks.deleteAll(Query.all());
        users.deleteAll(Query.all());
        assertThat(redis.keys("{" + PREFIX + ":kit_tasks}:*")).filteredOn(k -> !k.contains("}:w:")).isEmpty(); // write keys expire
    }

    @Test
    void theRemoteCacheWorksAcrossNodes() {
        try (RedisRemoteCache cache = RedisRemoteCache.create(RedisTestCluster.shared().uri())) {
            for (int i = 0; i < 200; i++) {
                join(cache.put(PREFIX + ":c:" + i, new byte[] {(byte) i}, Duration.ofMinutes(1)));
            }
            assertThat(join(cache.get(PREFIX + ":c:7"))).containsExactly(7);
            join(cache.invalidate(List.of(PREFIX + ":c:1", PREFIX + ":c:2", PREFIX + ":c:3")));
            assertThat(join(cache.get(PREFIX + ":c:2"))).isNull();
            join(cache.invalidatePrefix(PREFIX + ":c:"));
            for (int i = 0; i < 200; i++) {
                assertThat(join(cache.get(PREFIX + ":c:" + i))).isNull();
            }
        }
    }

    private static <T> T join(java.util.concurrent.CompletionStage<T> s) {
        return s.toCompletableFuture().orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The migration target's rules hold on the cluster too (its keys share one slot). */
    @Nested
    class Migrations extends MigrationTargetCompatibilityKit {
        @Override
        protected MigrationTarget target() {
            return MigrationTargets.of(store);
        }

        @Override
        @SuppressWarnings("unchecked")
        protected void resetTarget() {
            RedisClusterCommands<String, String> redis = store.unwrap(RedisClusterCommands.class);
            String base = "{" + PREFIX + ":__migrations}:";
            redis.del(base + "lock", base + "lease", base + "history");
        }
    }
}
