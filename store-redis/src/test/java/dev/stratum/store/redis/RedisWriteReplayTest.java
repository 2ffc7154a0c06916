package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.BulkResult;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Update;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.fault.Direction;
import dev.stratum.testkit.fault.FaultProxy;
import dev.stratum.testkit.redis.RedisTestServer;
import io.lettuce.core.ClientOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * #11 defect 13: a write whose reply is lost to a broken connection may have run. Lettuce re-sends,
 * after the reconnect, the commands still waiting for a reply ({@code DefaultEndpoint.notifyDrainQueuedCommands}
 * re-queues them unless commands are rejected while disconnected — the default of a client with
 * auto-reconnect, and what Stratum configures on a cluster; the command whose read failed is completed
 * with the I/O error instead), and the store itself sends a synchronous write again after such an
 * error. Either way a write script that already ran must not run twice: an insert would report its
 * own success as a duplicate, a partial update would be applied twice. Tested with both behaviours
 * while disconnected (Stratum's single-server default rejects).
 */
@Timeout(60)
class RedisWriteReplayTest {
    private static RedisStore store(FaultProxy proxy, ClientOptions.DisconnectedBehavior behavior) {
        return RedisStore.builder().uri(RedisTestServer.shared().uriThrough(proxy))
                .keyPrefix("rp" + UUID.randomUUID().toString().substring(0, 8))
                .clientOptions(o -> o.disconnectedBehavior(behavior)).build();
    }

    /**
     * A write or query re-reads the index definitions' version (one {@code GET}) when the last check is over
     * a second old; on a loaded machine that {@code GET} could come first and take the reset meant for the
     * write's reply. A count just before arming the proxy makes the check fresh, so the next reply on the
     * wire is the write's.
     */
    private static void freshIndexCheck(Repository<Task, String> tasks) {
        tasks.count(Query.all());
    }

    /** The length of a stored value, read around the proxy (whose byte count covers every proxied connection). */
    private static long direct(RedisStore store, String key) {
        try (io.lettuce.core.RedisClient c = io.lettuce.core.RedisClient.create(RedisTestServer.shared().uri());
                io.lettuce.core.api.StatefulRedisConnection<String, String> conn = c.connect()) {
            return conn.sync().strlen(key);
        }
    }

    @ParameterizedTest
    @EnumSource(value = ClientOptions.DisconnectedBehavior.class, names = {"REJECT_COMMANDS", "ACCEPT_COMMANDS"})
    void aWriteWhoseReplyIsLostIsAppliedOnce(ClientOptions.DisconnectedBehavior behavior) {
        RedisTestServer server = RedisTestServer.shared();
        try (FaultProxy proxy = server.startFaultProxy(); RedisStore store = store(proxy, behavior)) {
            Repository<Task, String> tasks = store.repository(Task.class);
            Task warm = tasks.insert(Task.create("warm-up", Task.Status.OPEN, 1)); // connects and loads the scripts
            tasks.update(warm.id(), Update.increment("priority", 1));
            tasks.deleteById("none");

            freshIndexCheck(tasks);
            proxy.resetAfterBytes(Direction.SERVER_TO_CLIENT, 1); // the insert runs, its reply is cut
            Task t = tasks.insert(Task.create("once", Task.Status.OPEN, 10));
            assertThat(proxy.resets()).isEqualTo(1);

            // an update reads the document (GET), then runs the compare-and-set: cut the reply after the GET's
            long json = direct(store, "{" + store.config().keyPrefix() + ":kit_tasks}:d:" + t.id());
            long getReply = 1 + Long.toString(json).length() + 2 + json + 2;
            freshIndexCheck(tasks);
            proxy.resetAfterBytes(Direction.SERVER_TO_CLIENT, getReply + 1); // the update runs, its reply is cut
            Task updated = tasks.update(t.id(), Update.increment("priority", 1));
            assertThat(proxy.resets()).isEqualTo(2);
            assertThat(updated.priority()).isEqualTo(11);
            Task stored = tasks.findById(t.id()).orElseThrow();
            assertThat(stored.priority()).isEqualTo(11);
            assertThat(stored.version()).isEqualTo(2);

            freshIndexCheck(tasks);
            proxy.resetAfterBytes(Direction.SERVER_TO_CLIENT, 1); // the delete runs, its reply is cut
            assertThat(tasks.deleteById(t.id())).isTrue();
            assertThat(proxy.resets()).isEqualTo(3);
            assertThat(store.verifyIndexes(Task.class).problems()).isZero();
        }
    }

    @ParameterizedTest
    @EnumSource(value = ClientOptions.DisconnectedBehavior.class, names = {"ACCEPT_COMMANDS"})
    void pipelinedWritesResentByLettuceAreNotReportedAsDuplicates(ClientOptions.DisconnectedBehavior behavior) {
        RedisTestServer server = RedisTestServer.shared();
        try (FaultProxy proxy = server.startFaultProxy(); RedisStore store = store(proxy, behavior)) {
            Repository<Task, String> tasks = store.repository(Task.class);
            tasks.insert(Task.create("warm-up", Task.Status.DONE, 1));
            List<Task> batch = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                batch.add(Task.create("bulk" + i, Task.Status.OPEN, i).withId("bulk" + i));
            }
            proxy.resetAfterBytes(Direction.SERVER_TO_CLIENT, 40); // a few replies arrive, the rest are lost
            BulkResult<Task> result = tasks.saveAll(batch);
            assertThat(proxy.resets()).isEqualTo(1);
            assertThat(result.failures()).as("failures other than the one command whose read broke")
                    .filteredOn(f -> f.error() instanceof DuplicateKeyException).isEmpty();
            assertThat(result.failures()).hasSizeLessThanOrEqualTo(1);
            assertThat(tasks.count(Query.where(Filter.eq("status", Task.Status.OPEN)))).isEqualTo(200);
            assertThat(store.verifyIndexes(Task.class).problems()).isZero();
        }
    }
}
