package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.redis.RedisTestCluster;
import io.lettuce.core.MigrateArgs;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * #11 defect 6: while the slot of a collection migrates between two masters ({@code CLUSTER SETSLOT
 * MIGRATING/IMPORTING} and {@code MIGRATE} by hand), a write must either wait for the migration (Redis
 * answers ASK/TRYAGAIN because the script declares every key it touches; the store retries TRYAGAIN
 * within its command timeout) or fail as transient having written nothing — never run on a partial slot,
 * never admit a duplicate unique value. Runs on a cluster of its own, since it moves a slot.
 */
@Timeout(120)
class RedisClusterSlotMigrationTest {
    private static RedisTestCluster cluster;
    private static final List<RedisClient> clients = new ArrayList<>();

    @BeforeAll
    static void start() {
        cluster = RedisTestCluster.start();
    }

    @AfterAll
    static void stop() {
        clients.forEach(RedisClient::shutdown);
        cluster.close();
    }

    private static RedisCommands<String, String> node(String uri) {
        RedisClient c = RedisClient.create(RedisURI.create(uri));
        clients.add(c);
        StatefulRedisConnection<String, String> conn = c.connect();
        return conn.sync();
    }

    /** The nodes by id, the slot's owner first, then the migration target. */
    private record Nodes(RedisCommands<String, String> source, String sourceId, String sourceHost, int sourcePort,
            RedisCommands<String, String> target, String targetId, String targetHost, int targetPort,
            List<RedisCommands<String, String>> all) {}

    private static Nodes nodesFor(int slot) {
        List<RedisCommands<String, String>> all = new ArrayList<>();
        for (String uri : cluster.nodeUris()) {
            all.add(node(uri));
        }
        int owner = -1;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).clusterCountKeysInSlot(slot) > 0) {
                owner = i;
            }
        }
        assertThat(owner).as("the node holding slot %s", slot).isNotNegative();
        int target = (owner + 1) % all.size();
        return new Nodes(all.get(owner), all.get(owner).clusterMyId(), "127.0.0.1", cluster.ports().get(owner),
                all.get(target), all.get(target).clusterMyId(), "127.0.0.1", cluster.ports().get(target), all);
    }

    private static void beginMigration(Nodes n, int slot) {
        n.target().clusterSetSlotImporting(slot, n.sourceId());
        n.source().clusterSetSlotMigrating(slot, n.targetId());
    }

    private static void migrate(Nodes n, List<String> keys) {
        if (!keys.isEmpty()) {
            n.source().migrate(n.targetHost(), n.targetPort(), 0, 5000, MigrateArgs.Builder.keys(keys));
        }
    }

    private static void finishMigration(Nodes n, int slot) {
        migrate(n, n.source().clusterGetKeysInSlot(slot, 100_000));
        for (RedisCommands<String, String> node : List.of(n.target(), n.source())) {
            node.clusterSetSlotNode(slot, n.targetId());
        }
        for (RedisCommands<String, String> node : n.all()) {
            if (node != n.target() && node != n.source()) {
                node.clusterSetSlotNode(slot, n.targetId());
            }
        }
    }

    private static RedisStore store(String prefix, Duration timeout) {
        return RedisStore.builder().uri(cluster.uri()).keyPrefix(prefix).commandTimeout(timeout).build();
    }

    @Test
    void aWriteDuringASlotMigrationNeverAdmitsADuplicateUniqueValueAndCompletesAfterIt() throws Exception {
        String prefix = "mig" + UUID.randomUUID().toString().substring(0, 8);
        try (RedisStore store = store(prefix, Duration.ofSeconds(20)); RedisStore impatient = store(prefix, Duration.ofMillis(800))) {
            Repository<User, String> users = store.repository(User.class);
            users.insert(new User("ann", "Ann", "ann@example.com", User.Role.ADMIN));
            String base = "{" + prefix + ":kit_users}:";
            int slot = (int) (long) node(cluster.nodeUris().get(0)).clusterKeyslot(base + "ids");
            Nodes n = nodesFor(slot);
            beginMigration(n, slot);

            // nothing moved yet: the new document's key is missing on the source, the unique hash is not
            assertThatThrownBy(() -> impatient.repository(User.class).insert(new User("bob", "Bob", "ann@example.com", User.Role.ADMIN)))
                    .isInstanceOf(StoreUnavailableException.class).hasMessageContaining("TRYAGAIN");
            assertThat(n.target().clusterCountKeysInSlot(slot)).as("keys written on the importing node").isZero();

            // half the collection moved (the manifest, not the document): an update must not run on either half
            migrate(n, List.of(base + "m"));
            assertThatThrownBy(() -> impatient.repository(User.class).save(new User("ann", "Ann B", "ann2@example.com", User.Role.ADMIN)))
                    .isInstanceOf(StoreUnavailableException.class);
            assertThat(n.source().get(base + "d:ann")).contains("ann@example.com");

            // a patient writer retries TRYAGAIN until the migration completes, then meets the unique index
            CompletableFuture<Object> duplicate = CompletableFuture.supplyAsync(() -> {
                try {
                    return users.insert(new User("carl", "Carl", "ann@example.com", User.Role.ADMIN));
                } catch (RuntimeException e) {
                    return e;
                }
            });
            CompletableFuture<Object> fresh = CompletableFuture.supplyAsync(() -> users.insert(new User("dora", "Dora", "dora@example.com",
                    User.Role.ADMIN)));
            Thread.sleep(300); // let both writers meet the migration (the outcome does not depend on it)
            finishMigration(n, slot);
            assertThat(duplicate.get(30, TimeUnit.SECONDS)).isInstanceOf(DuplicateKeyException.class);
            assertThat(fresh.get(30, TimeUnit.SECONDS)).isNotNull();
            assertThat(n.source().clusterCountKeysInSlot(slot)).isZero();

            assertThat(users.find(Query.where(Filter.eq("email", "ann@example.com")))).extracting(User::getId).containsExactly("ann");
            assertThat(users.findAllById(List.of("ann", "bob", "carl", "dora"))).extracting(User::getId).containsExactlyInAnyOrder("ann", "dora");
            IndexReport report = store.verifyIndexes(User.class);
            assertThat(report.problems()).as(report.toString()).isZero();
            assertThat(report.documents()).isEqualTo(2);
        }
    }
}
