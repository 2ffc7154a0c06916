package dev.stratum.store.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.BulkResult;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.EntityNotFoundException;
import dev.stratum.api.Filter;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.LegacyAsset;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.domain.User;
import dev.stratum.testkit.redis.RedisTestServer;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** After every kind of write, successful or failed, the secondary indexes hold exactly what the documents imply. */
class RedisIndexConsistencyTest {
    private static RedisStore store;
    private static IndexConsistency indexes;
    private final Repository<Task, String> tasks = store.repository(Task.class);
    private final Repository<User, String> users = store.repository(User.class);

    @BeforeAll
    static void open() {
        store = RedisTestStores.newStore();
        indexes = new IndexConsistency(RedisTestServer.shared().uri());
    }

    @AfterAll
    static void close() {
        store.close();
        indexes.close();
    }

    @BeforeEach
    void reset() {
        tasks.deleteAll(Query.all());
        users.deleteAll(Query.all());
        store.repository(Asset.class).deleteAll(Query.all());
    }

    private void consistent() {
        indexes.check(store, Task.class);
        indexes.check(store, User.class);
    }

    private static Task task(String title, Task.Status status, int priority) {
        return Task.create(title, status, priority).withTags(List.of("x", title)).withAssigneeId("u-" + priority)
                .withDueDate(Instant.parse("2026-03-01T10:00:00Z").plusSeconds(priority)).withEstimate(new BigDecimal("1.50"));
    }

    @Test
    void insertSaveUpdateDelete() {
        Task a = tasks.insert(task("a", Task.Status.OPEN, 1));
        consistent();
        Task b = tasks.save(task("b", Task.Status.BLOCKED, 2));
        consistent();
        Task a2 = tasks.update(a.withStatus(Task.Status.DONE).withTags(List.of("y")).withAssigneeId(null).withDueDate(null));
        consistent();
        assertThat(tasks.find(Query.where(Filter.eq("status", Task.Status.OPEN)))).isEmpty();
        assertThat(tasks.find(Query.where(Filter.contains("tags", "x")))).extracting(Task::id).containsExactly(b.id());
        assertThat(tasks.find(Query.where(Filter.eq("assigneeId", null)))).extracting(Task::id).containsExactly(a.id());
        Task b2 = tasks.save(b.withPriority(7));
        consistent();
        assertThat(tasks.delete(a2)).isTrue();
        consistent();
        assertThat(tasks.deleteById(b2.id())).isTrue();
        consistent();
        // write keys (idempotence records of recent writes) expire by themselves after twice the command timeout
        assertThat(indexes.scan("{" + store.config().keyPrefix() + ":kit_tasks}:*")).filteredOn(k -> !k.contains("}:w:"))
                .as("an empty collection leaves no key").isEmpty();
    }

    @Test
    void partialUpdatesKeepTheIndexesRight() {
        Task a = tasks.insert(task("a", Task.Status.OPEN, 1));
        Task b = tasks.insert(task("b", Task.Status.OPEN, 2));
        tasks.update(a.id(), dev.stratum.api.Update.set("status", Task.Status.DONE).inc("priority", 5).push("tags", "z").unset("dueDate")
                .unset("assigneeId"));
        consistent();
        assertThat(tasks.find(Query.where(Filter.contains("tags", "z")))).extracting(Task::id).containsExactly(a.id());
        assertThat(tasks.find(Query.where(Filter.eq("dueDate", null)))).extracting(Task::id).containsExactly(a.id());
        assertThat(tasks.find(Query.where(Filter.gte("priority", 6)))).extracting(Task::id).containsExactly(a.id());
        assertThat(tasks.updateAll(Query.where(Filter.eq("status", Task.Status.OPEN)), dev.stratum.api.Update.set("status", Task.Status.BLOCKED)))
                .isEqualTo(1);
        consistent();
        assertThat(tasks.find(Query.where(Filter.eq("status", Task.Status.BLOCKED)))).extracting(Task::id).containsExactly(b.id());
        assertThat(tasks.find(Query.where(Filter.eq("status", Task.Status.OPEN)))).isEmpty();
    }

    @Test
    void failedWritesChangeNothing() {
        Task a = tasks.insert(task("a", Task.Status.OPEN, 1));
        Task stale = a;
        tasks.update(a.withPriority(2));
        consistent();
        assertThatThrownBy(() -> tasks.insert(stale)).isInstanceOf(DuplicateKeyException.class);
        consistent();
        assertThatThrownBy(() -> tasks.update(stale.withPriority(5))).isInstanceOf(OptimisticLockException.class);
        consistent();
        assertThatThrownBy(() -> tasks.update(task("ghost", Task.Status.OPEN, 1).withId("nope").withVersion(1)))
                .isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> tasks.update(task("ghost", Task.Status.OPEN, 1).withId("nope")))
                .isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> tasks.delete(stale)).isInstanceOf(OptimisticLockException.class);
        consistent();
        assertThat(tasks.find(Query.where(Filter.eq("priority", 2)))).hasSize(1);
        assertThat(tasks.find(Query.where(Filter.eq("priority", 5)))).isEmpty();

        User ann = users.insert(new User(null, "Ann", "ann@example.com", User.Role.ADMIN));
        User bob = users.insert(new User(null, "Bob", "bob@example.com", User.Role.MEMBER));
        bob.setEmail("ann@example.com");
        assertThatThrownBy(() -> users.save(bob)).isInstanceOf(DuplicateKeyException.class).hasMessageContaining("email");
        consistent();
        assertThat(users.find(Query.where(Filter.eq("email", "ann@example.com")))).extracting(User::getId).containsExactly(ann.getId());
        assertThat(users.find(Query.where(Filter.eq("email", "bob@example.com")))).extracting(User::getId).containsExactly(bob.getId());
        // the unique value moves once its owner lets go of it
        ann.setEmail("ann@new.example.com");
        users.save(ann);
        users.save(bob);
        consistent();
        assertThat(users.find(Query.where(Filter.eq("email", "ann@example.com")))).extracting(User::getId).containsExactly(bob.getId());
    }

    @Test
    void saveAllWithPartialFailuresAndDeleteAll() {
        users.insert(new User(null, "Ann", "ann@example.com", User.Role.ADMIN));
        List<User> batch = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            batch.add(new User(null, "U" + i, i == 7 ? "ann@example.com" : "u" + i + "@example.com", User.Role.GUEST));
        }
        batch.add(new User(null, "Dup", "u3@example.com", User.Role.GUEST));
        BulkResult<User> r = users.saveAll(batch);
        assertThat(r.failures()).extracting(BulkResult.Failure::index).containsExactly(7, 20);
        assertThat(r.failures()).allMatch(f -> f.error() instanceof DuplicateKeyException);
        consistent();
        assertThat(users.count(Query.all())).isEqualTo(20);

        List<Task> many = new ArrayList<>();
        for (int i = 0; i < 1200; i++) {
            many.add(task("t" + i, Task.Status.values()[i % 4], i % 10));
        }
        assertThat(tasks.saveAll(many).hasFailures()).isFalse();
        consistent();
        assertThat(tasks.deleteAll(Query.where(Filter.eq("status", Task.Status.DONE)))).isEqualTo(300);
        consistent();
        assertThat(tasks.deleteAll(Query.where(Filter.gte("priority", 5)).sortBy(Sort.desc("dueDate")).limit(100))).isEqualTo(100);
        consistent();
        assertThat(tasks.deleteAll(Query.where(Filter.eq("title", "t1")).allowScan())).isEqualTo(1);
        consistent();
        assertThat(tasks.deleteAll(Query.all())).isEqualTo(799);
        consistent();
    }

    /** The same collection as Task, but nothing is indexed: writes through it leave the indexes behind. */
    @dev.stratum.api.Entity("kit_tasks")
    record UnindexedTask(@dev.stratum.api.Id String id, String title, Task.Status status, int priority, List<String> tags, long version) {}

    @Test
    void reindexRebuildsIndexesOfDocumentsWrittenBeforeTheFieldWasIndexed() {
        Repository<UnindexedTask, String> plain = store.repository(UnindexedTask.class);
        for (int i = 0; i < 700; i++) {
            plain.insert(new UnindexedTask("u" + i, "t" + i, Task.Status.values()[i % 4], i % 7, List.of("z" + i % 2), 1));
        }
        tasks.insert(task("indexed", Task.Status.OPEN, 3));
        assertThat(tasks.count(Query.where(Filter.eq("status", Task.Status.OPEN)))).as("before: only the indexed one").isEqualTo(1);
        assertThat(store.reindex(Task.class)).isEqualTo(701);
        consistent();
        assertThat(tasks.count(Query.where(Filter.eq("status", Task.Status.OPEN)))).isEqualTo(176);
        assertThat(tasks.find(Query.where(Filter.contains("tags", "z1")).sortBy(Sort.desc("priority")).limit(3)))
                .extracting(Task::priority).containsExactly(6, 6, 6);
        assertThat(tasks.findById("u5")).get().extracting(Task::version).isEqualTo(1L);
    }

    @Test
    void documentsWrittenBeforeAFieldWasIndexedCountAsAbsent() {
        Repository<Asset, Long> assets = store.repository(Asset.class);
        Repository<LegacyAsset, Long> legacy = store.repository(LegacyAsset.class);
        legacy.insert(new LegacyAsset(10L, "old-host"));
        assets.insert(new Asset(11L, "new-host", Asset.Kind.VM, new Asset.Location("eu", "r1", 2), Map.of("cpu", 0.5)));
        assertThat(assets.find(Query.where(Filter.eq("kind", null)))).extracting(Asset::id).containsExactly(10L);
        assertThat(assets.find(Query.where(Filter.missing("data.cpu")))).extracting(Asset::id).containsExactly(10L);
        assertThat(assets.find(Query.all().sortBy(Sort.desc("kind")))).extracting(Asset::id).containsExactly(11L, 10L);
        assertThat(assets.find(Query.all().sortBy(Sort.asc("data.cpu")))).extracting(Asset::id).containsExactly(10L, 11L);
    }
}
