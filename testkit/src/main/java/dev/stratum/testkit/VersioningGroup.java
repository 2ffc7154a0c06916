package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.EntityNotFoundException;
import dev.stratum.api.OptimisticLockException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.testkit.domain.Counter;
import dev.stratum.testkit.domain.Task;
import dev.stratum.testkit.internal.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The rules of {@link dev.stratum.api.Version}, the same on every store, and lost-update freedom under concurrency. */
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
abstract class VersioningGroup extends KitGroup {
    private Task insertOne() {
        return tasks().insert(Task.create("versioned", Task.Status.OPEN, 1).withId("v1"));
    }

    @Test
    void insertSetsVersionOne() {
        Task t = tasks().insert(Task.create("fresh", Task.Status.OPEN, 1).withVersion(42));
        assertThat(t.version()).as("insert ignores the version it is given").isEqualTo(1);
        assertThat(tasks().findById(t.id()).orElseThrow().version()).isEqualTo(1);
        assertThat(counters().insert(new Counter("c", 0, 0)).version()).isEqualTo(1);
    }

    @Test
    void updateAndSaveIncrementTheVersion() {
        Task v1 = insertOne();
        Task v2 = tasks().update(v1.withPriority(2));
        assertThat(v2.version()).isEqualTo(2);
        Task v3 = tasks().save(v2.withPriority(3));
        assertThat(v3.version()).isEqualTo(3);
        Task stored = tasks().findById("v1").orElseThrow();
        assertThat(stored.version()).isEqualTo(3);
        assertThat(stored.priority()).isEqualTo(3);
        assertThat(stored).isEqualTo(v3);
    }

    @Test
    void aStaleUpdateThrowsOptimisticLockAndChangesNothing() {
        Task v1 = insertOne();
        tasks().update(v1.withTitle("by writer A"));
        Snapshot<Task> before = Snapshot.of(tasks());
        assertThatThrownBy(() -> tasks().update(v1.withTitle("by writer B"))).isInstanceOf(OptimisticLockException.class);
        assertThatThrownBy(() -> tasks().save(v1.withTitle("by writer B"))).isInstanceOf(OptimisticLockException.class);
        before.assertUnchanged();
        assertThat(tasks().findById("v1").orElseThrow().title()).isEqualTo("by writer A");
    }

    @Test
    void anUpdateFromTheFutureThrowsOptimisticLock() {
        Task v1 = insertOne();
        Snapshot<Task> before = Snapshot.of(tasks());
        assertThatThrownBy(() -> tasks().update(v1.withVersion(7))).isInstanceOf(OptimisticLockException.class);
        before.assertUnchanged();
    }

    @Test
    void anUpdateWithVersionZeroOfAStoredEntityThrowsOptimisticLock() {
        Task v1 = insertOne();
        Task v2 = tasks().update(v1.withPriority(2));
        Snapshot<Task> before = Snapshot.of(tasks());
        assertThatThrownBy(() -> tasks().update(v2.withVersion(0).withTitle("blind write")))
                .as("Version: update succeeds only if the stored version (2) equals the entity's (0)")
                .isInstanceOf(OptimisticLockException.class);
        before.assertUnchanged();
    }

    @Test
    void aStaleDeleteThrowsOptimisticLockAndDeletesNothing() {
        Task v1 = insertOne();
        Task v2 = tasks().update(v1.withPriority(5));
        Snapshot<Task> before = Snapshot.of(tasks());
        assertThatThrownBy(() -> tasks().delete(v1)).isInstanceOf(OptimisticLockException.class);
        before.assertUnchanged();
        assertThat(tasks().delete(v2)).isTrue();
        assertThat(tasks().existsById("v1")).isFalse();
    }

    @Test
    void aDeleteWithVersionZeroOfAStoredEntityThrowsOptimisticLock() {
        Task v2 = tasks().update(insertOne().withPriority(2));
        Snapshot<Task> before = Snapshot.of(tasks());
        assertThatThrownBy(() -> tasks().delete(v2.withVersion(0)))
                .as("Repository.delete: for versioned entities the version must match (stored 2, given 0)")
                .isInstanceOf(OptimisticLockException.class);
        before.assertUnchanged();
        assertThat(tasks().delete(Task.create("never stored", Task.Status.OPEN, 1).withId("nope"))).isFalse();
    }

    @Test
    void deleteByIdIgnoresTheVersion() {
        insertOne();
        assertThat(tasks().deleteById("v1")).isTrue();
    }

    @Test
    void saveOfANewVersionedEntityThatExistsThrowsOptimisticLock() {
        Task stored = tasks().update(insertOne().withTitle("stored"));
        Snapshot<Task> before = Snapshot.of(tasks());
        Task newcomer = Task.create("newcomer", Task.Status.DONE, 9).withId("v1");
        assertThat(newcomer.version()).isZero();
        assertThatThrownBy(() -> tasks().save(newcomer)).isInstanceOf(OptimisticLockException.class);
        before.assertUnchanged();
        assertThat(tasks().findById("v1")).contains(stored);
    }

    @Test
    void saveOfANewVersionedEntityCreatesItAtVersionOne() {
        Task t = tasks().save(Task.create("via save", Task.Status.OPEN, 1).withId("s1"));
        assertThat(t.version()).isEqualTo(1);
        assertThat(tasks().findById("s1")).contains(t);
    }

    @Test
    void saveOfAVersionedEntityDeletedMeanwhileThrowsOptimisticLock() {
        Task v1 = insertOne();
        tasks().deleteById("v1");
        assertThatThrownBy(() -> tasks().save(v1.withTitle("resurrected"))).isInstanceOf(OptimisticLockException.class);
        assertThat(tasks().count(Query.all())).isZero();
    }

    @Test
    void updateOfAMissingEntityThrowsEntityNotFoundAndCreatesNothing() {
        assertThatThrownBy(() -> tasks().update(Task.create("ghost", Task.Status.OPEN, 1).withId("ghost").withVersion(3)))
                .isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> tasks().update(Task.create("ghost", Task.Status.OPEN, 1).withId("ghost")))
                .isInstanceOf(EntityNotFoundException.class);
        assertThatThrownBy(() -> counters().update(new Counter("ghost", 1, 1))).isInstanceOf(EntityNotFoundException.class);
        assertThat(tasks().count(Query.all())).isZero();
        assertThat(counters().count(Query.all())).isZero();
    }

    @Test
    void anIntVersionFollowsTheSameRules() {
        Counter c1 = counters().insert(new Counter("hits", 0, 0));
        Counter c2 = counters().update(c1.increment());
        assertThat(c2.version()).isEqualTo(2);
        assertThatThrownBy(() -> counters().update(c1.increment())).isInstanceOf(OptimisticLockException.class);
        assertThat(counters().findById("hits").orElseThrow()).isEqualTo(new Counter("hits", 1, 2));
    }

    /**
     * {@link RepositoryCompatibilityKit#concurrentWriters()}: its writers × increments, each retried on conflict, lose
     * nothing (the counter ends at their product, the version one higher); with conflicts expected, they also collided.
     */
    @Test
    void concurrentWritersRetryingOnConflictLoseNoUpdate() throws Exception {
        Assumptions.assumeTrue(kit().concurrentWritersUncheckableReason().isEmpty(),
                () -> kit().concurrentWritersUncheckableReason().orElse(""));
        ConcurrentWriters size = kit().concurrentWriters();
        Repository<Counter, String> repo = kit().concurrentWritersRepository();
        repo.insert(new Counter("views", 0, 0));
        AtomicLong conflicts = new AtomicLong();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(size.writers());
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < size.writers(); t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < size.incrementsPerWriter(); i++) {
                        incrementWithRetry(repo, conflicts);
                    }
                    return null;
                }));
            }
            start.countDown();
            // a guard against a hung writer, not a speed limit: one deadline for all writers, generous for any size
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
            for (Future<?> f : futures) {
                try {
                    f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (ExecutionException e) {
                    throw new AssertionError("a writer failed: " + e.getCause(), e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("writers still running after 15 minutes (" + size + ", " + conflicts.get()
                            + " conflicts so far): a writer hangs", e);
                }
            }
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(1, TimeUnit.MINUTES)).as("writers stopped").isTrue();
        }
        Counter end = repo.findById("views").orElseThrow();
        assertThat(end.value()).as("increments kept by %s (%d conflicts retried)", size, conflicts.get()).isEqualTo(size.totalIncrements());
        assertThat(end.version()).as("version after %s", size).isEqualTo(size.totalIncrements() + 1);
        if (size.conflictsExpected()) {
            assertThat(conflicts.get()).as("the writers did contend: %s expects OptimisticLockException retries", size).isPositive();
        }
    }

    private static void incrementWithRetry(Repository<Counter, String> repo, AtomicLong conflicts) {
        for (int attempt = 0; attempt < 100_000; attempt++) {
            Counter c = repo.findById("views").orElseThrow();
            try {
                repo.update(c.increment());
                return;
            } catch (OptimisticLockException e) {
                conflicts.incrementAndGet();
            }
        }
        throw new AssertionError("no increment succeeded in 100000 attempts");
    }
}
