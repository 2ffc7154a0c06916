package dev.stratum.testkit;

import static dev.stratum.api.Filter.eq;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Capability;
import dev.stratum.api.EntityNotFoundException;
import dev.stratum.api.Filter;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Query;
import dev.stratum.api.Sort;
import dev.stratum.api.Update;
import dev.stratum.testkit.domain.Asset;
import dev.stratum.testkit.domain.Counter;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.KitData;
import dev.stratum.testkit.internal.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@code update(id, Update)} and {@code updateAll(query, Update)}: atomic partial updates. */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class PartialUpdateGroup extends KitGroup {

    @Test
    void setIncPushUnsetChangeOnlyThoseFieldsAndMaintainVersionAndUpdatedAt() {
        Task before = seedTasks().get(1); // t2: IN_PROGRESS, 5, [backend, urgent], due 2030-01-02, version 1
        awaitClockAfter(before.updatedAt());

        Task after = tasks().update("t2", Update.set("status", Task.Status.DONE).inc("priority", 2).push("tags", "shipped").unset("dueDate"));

        assertThat(after.status()).isEqualTo(Task.Status.DONE);
        assertThat(after.priority()).isEqualTo(7);
        assertThat(after.tags()).containsExactly("backend", "urgent", "shipped");
        assertThat(after.dueDate()).isNull();
        assertThat(after.version()).isEqualTo(2);
        assertThat(after.updatedAt()).isAfter(before.updatedAt());
        assertThat(after.createdAt()).isEqualTo(before.createdAt());
        assertThat(after.withStatus(before.status()).withPriority(5).withTags(before.tags()).withDueDate(before.dueDate()).withVersion(1))
                .as("nothing else changed").usingRecursiveComparison().ignoringFields("updatedAt").isEqualTo(before);
        assertThat(tasks().findById("t2")).contains(after);
    }

    @Test
    void queriesSeeTheUpdatedValues() {
        seedTasks();
        tasks().update("t2", Update.set("status", Task.Status.DONE).inc("priority", 20));

        assertThat(taskIds(tasks().find(Query.where(eq("status", Task.Status.DONE)).sortBy(Sort.asc("priority")))))
                .as("indexes follow the update").containsExactly("t4", "t2");
        assertThat(tasks().count(Query.where(eq("status", Task.Status.IN_PROGRESS)))).isZero();
        assertThat(tasks().findFirst(Query.all().sortBy(Sort.desc("priority"))).map(Task::id)).contains("t2");
        if (supports(Capability.ARRAY_CONTAINS)) {
            tasks().update("t3", Update.pushing("tags", "fresh"));
            assertThat(taskIds(tasks().find(Query.where(Filter.contains("tags", "fresh"))))).containsExactly("t3");
        }
    }

    @Test
    void nestedPathsAndUnversionedEntities() {
        seedAssets();
        Asset a = assets().update(1L, Update.set("location.rack", "r9").andSet("hostname", "web-01b"));
        assertThat(a.location()).isEqualTo(new Asset.Location("eu-west", "r9", 10));
        assertThat(a.hostname()).isEqualTo("web-01b");
        assertThat(assets().findById(1L)).contains(a);
        assertThat(assetIds(assets().find(Query.where(eq("hostname", "web-01b"))))).containsExactly(1L);
        assertThat(assets().find(Query.where(eq("hostname", "web-01")))).isEmpty();
    }

    @Test
    void incrementsAddUpAndAnIntVersionStaysAnInt() {
        counters().insert(new Counter("c", 0, 0));
        Counter c = null;
        for (int i = 0; i < 5; i++) {
            c = counters().update("c", Update.increment("value", 2));
        }
        assertThat(c).isEqualTo(new Counter("c", 10, 6));
        assertThat(counters().findById("c")).contains(c);
    }

    @Test
    void expectedVersionIsChecked() {
        seedTasks();
        Task t = tasks().update("t1", Update.set("title", "Write more docs"), 1);
        assertThat(t.version()).isEqualTo(2);
        Snapshot<Task> before = Snapshot.of(tasks());

        assertThatThrownBy(() -> tasks().update("t1", Update.set("title", "stale"), 1)).isInstanceOf(OptimisticLockException.class);
        before.assertUnchanged();
        assertThatThrownBy(() -> assets().update(1L, Update.set("hostname", "x"), 1))
                .as("no @Version").isInstanceOf(InvalidQueryException.class);
    }

    @Test
    void updateOfAMissingIdThrowsNotFoundAndCreatesNothing() {
        seedTasks();
        Snapshot<Task> before = Snapshot.of(tasks());
        assertThatThrownBy(() -> tasks().update("nope", Update.set("title", "x"))).isInstanceOf(EntityNotFoundException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> tasks().update("nope", Update.set("title", "x"), 1)).isInstanceOf(EntityNotFoundException.class);
        before.assertUnchanged();
    }

    @Test
    void badUpdatesAreRefusedBeforeAnyWrite() {
        seedTasks();
        Snapshot<Task> before = Snapshot.of(tasks());
        List<Update> bad = List.of(
                Update.set("nope", 1),                      // unknown field
                Update.set("priority", "high"),             // type mismatch
                Update.set("status", "FINISHED"),           // not an enum constant
                Update.set("dueDate", "tomorrow"),          // not an Instant
                Update.increment("title", 1),               // inc of a String
                Update.increment("priority", 1.5),          // fraction into an int
                Update.pushing("priority", 1),              // push to a non-list
                Update.pushing("tags", 7),                  // wrong element type
                Update.set("version", 9),                   // managed
                Update.set("id", "t9"),                     // managed
                Update.set("createdAt", KitData.DUE_T1),    // managed
                Update.unsetting("priority"),               // primitive
                Update.set("priority", null),               // primitive
                Update.set("$where", 1));                   // illegal name
        for (Update u : bad) {
            assertThatThrownBy(() -> tasks().update("t1", u)).as(u.toString()).isInstanceOf(InvalidQueryException.class);
            assertThatThrownBy(() -> tasks().updateAll(Query.all(), u)).as(u.toString()).isInstanceOf(InvalidQueryException.class);
        }
        assertThatThrownBy(() -> Update.set("title", "a").andSet("title", "b")).isInstanceOf(InvalidQueryException.class);
        assertThatThrownBy(() -> Update.set("location", null).andSet("location.rack", "b")).isInstanceOf(InvalidQueryException.class);
        before.assertUnchanged();
    }

    @Test
    void updateAllChangesEveryMatchAndBumpsEachVersion() {
        seedTasks();
        long n = tasks().updateAll(Query.where(eq("status", Task.Status.OPEN)), Update.set("assigneeId", "zed").inc("priority", 100));

        assertThat(n).isEqualTo(3);
        assertThat(taskIds(tasks().find(Query.where(eq("assigneeId", "zed")).sortBy(Sort.asc("priority"))))).containsExactly("t1", "t3", "t6");
        for (Task t : tasks().find(Query.all())) {
            boolean open = t.status() == Task.Status.OPEN;
            assertThat(t.version()).as(t.id()).isEqualTo(open ? 2 : 1);
            assertThat(t.priority() >= 100).as(t.id()).isEqualTo(open);
        }
        assertThat(tasks().updateAll(Query.where(eq("priority", -1)), Update.set("title", "x"))).isZero();
    }

    @Test
    void concurrentIncrementsLoseNothing() throws Exception {
        // no skip for torn reads (concurrentWritersUncheckableReason): the increment happens on the server
        counters().insert(new Counter("hits", 0, 0));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int w = 0; w < 4; w++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 25; i++) {
                        counters().update("hits", Update.increment("value", 1));
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        Counter c = counters().findById("hits").orElseThrow();
        assertThat(c.value()).isEqualTo(100);
        assertThat(c.version()).isEqualTo(101);
    }
}
