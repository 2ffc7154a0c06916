package dev.stratum.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.migrations.MigrationLockException;
import dev.stratum.migrations.MigrationResult;
import dev.stratum.migrations.MigrationValidationException;
import dev.stratum.migrations.Migrations;
import dev.stratum.testkit.migration.KillableTarget;
import dev.stratum.testkit.migration.TestMigration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine's concurrency and fault scenarios, runnable against any store: several engines starting
 * at once, a runner killed mid-migration, a runner whose lease was taken over, a failure seen by
 * another runner, the lock timeout and the heartbeat. Every store module runs them on its real server
 * with a subclass; run them on your own target the same way (with {@code stratum-migrations} and
 * {@code stratum-testkit} on the test class path):
 *
 * <pre>{@code
 * class RedisMigrationEngineScenariosTest extends MigrationEngineScenarios {
 *     static RedisStore store, other;   // two clients of one server
 *     @BeforeAll static void start() { ... }
 *     @AfterAll static void stop() { ... }
 *     @Override protected Store store() { return store; }
 *     @Override protected Store store(int engine) { return engine % 2 == 0 ? store : other; }
 * }
 * }</pre>
 *
 * <p>Migrations here insert {@link ScenarioMarker} entities through the store's repository
 * ({@code insert} fails on a duplicate, so a migration applied twice fails loudly on the store
 * itself) and count their runs in this JVM. Leases are {@link #leaseTime()} long (400 ms) so the
 * takeover scenarios stay fast; nothing asserts a duration.
 */
@SuppressWarnings({"NullAway", "AssignmentExpression"}) // kit test code (see KitGroup); the reset loop assigns in its condition
public abstract class MigrationEngineScenarios {
    /** Runs per migration version, in this JVM. */
    protected final Map<String, AtomicInteger> applications = new ConcurrentHashMap<>();
    private final ExecutorService pool = Executors.newCachedThreadPool();

    /** The store under test. */
    protected abstract Store store();

    /** The store client the {@code i}-th concurrent engine uses; {@link #store()} unless overridden. */
    protected Store store(int engine) {
        return store();
    }

    /** The lease time of the scenarios' engines; 400 ms unless overridden. */
    protected Duration leaseTime() {
        return Duration.ofMillis(400);
    }

    /** How long a scenario's engine waits for the lock; 30 s unless overridden. */
    protected Duration lockWaitTimeout() {
        return Duration.ofSeconds(30);
    }

    /**
     * Empties the history, frees the lock and deletes the markers before each scenario. The default
     * goes through the SPI (waiting for a leftover lease to expire); override to wipe natively.
     */
    protected void resetStore() {
        MigrationTarget target = MigrationTargets.of(store());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        Optional<Lease> lease;
        while ((lease = target.tryAcquire("scenario-reset", Duration.ofSeconds(30))).isEmpty()) {
            assertThat(System.nanoTime()).as("resetStore(): the lock stayed held by %s", target.currentLease()).isLessThan(deadline);
            sleep(20);
        }
        for (MigrationRecord r : target.history()) {
            target.deleteRecord(lease.get(), r.version());
        }
        target.release(lease.get());
        markers().deleteAll(Query.all());
    }

    @BeforeEach
    void resetBeforeScenario() {
        resetStore();
        applications.clear();
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
    }

    // ---- building blocks --------------------------------------------------------------------

    /** A marker written by each scenario migration: its id is the version, so a second insert fails. */
    @Entity("stratum_scenario_markers")
    public record ScenarioMarker(@Id String id, String note) {}

    /** The markers' repository on {@link #store()}. */
    protected Repository<ScenarioMarker, String> markers() {
        return store().repository(ScenarioMarker.class);
    }

    /** A migration that inserts its marker (fails if applied twice) and counts its runs. */
    protected TestMigration inserting(String version) {
        return TestMigration.of(version, "insert marker " + version, ctx -> {
            applications.computeIfAbsent(version, v -> new AtomicInteger()).incrementAndGet();
            ctx.repository(ScenarioMarker.class).insert(new ScenarioMarker(version, "inserted"));
        }).withDown(ctx -> ctx.<ScenarioMarker, String>repository(ScenarioMarker.class).deleteById(version));
    }

    /** An engine with the scenarios' timings. */
    protected Migrations engine(MigrationTarget target, String owner, Migration... migrations) {
        return Migrations.builder().target(target).owner(owner).leaseTime(leaseTime()).lockWaitTimeout(lockWaitTimeout())
                .pollInterval(Duration.ofMillis(50)).migrations(migrations).build();
    }

    private int applied(String version) {
        AtomicInteger n = applications.get(version);
        return n == null ? 0 : n.get();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Throwable causeOf(Future<?> f) throws InterruptedException, TimeoutException {
        try {
            f.get(60, TimeUnit.SECONDS);
            throw new AssertionError("expected the runner to fail");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    // ---- scenarios --------------------------------------------------------------------------

    @Test
    void fourEnginesStartedAtOnceApplyEachMigrationExactlyOnce() throws Exception {
        int engines = 4;
        String[] versions = {"1", "2", "3", "4", "5"};
        CountDownLatch start = new CountDownLatch(1);
        // The race made certain, not likely: whoever holds the lock stays inside migration 1 until every other
        // engine has been refused the lock at least once, i.e. all four contend while a migration runs.
        CountDownLatch othersRefused = new CountDownLatch(engines - 1);
        List<Future<MigrationResult>> results = new ArrayList<>();
        for (int i = 0; i < engines; i++) {
            Migration[] ms = Arrays.stream(versions).map(this::inserting).toArray(Migration[]::new);
            Migration first = ms[0];
            ms[0] = TestMigration.of("1", "insert marker 1 once the others contend", ctx -> {
                // generous: on a loaded 2-core machine a Firestore lock poll (a transaction) can take seconds
                assertThat(othersRefused.await(90, TimeUnit.SECONDS)).as("the other engines tried to take the lock").isTrue();
                first.up(ctx);
            });
            AtomicBoolean refused = new AtomicBoolean();
            KillableTarget target = new KillableTarget(MigrationTargets.of(store(i))).whenRefused(() -> {
                if (refused.compareAndSet(false, true)) {
                    othersRefused.countDown();
                }
            });
            Migrations engine = engine(target, "engine-" + i, ms);
            results.add(pool.submit(() -> {
                start.await();
                return engine.migrate();
            }));
        }
        start.countDown();
        int total = 0;
        for (Future<MigrationResult> f : results) {
            total += f.get(150, TimeUnit.SECONDS).count();
        }
        assertThat(total).as("migrations run by all engines together").isEqualTo(versions.length);
        for (String v : versions) {
            assertThat(applied(v)).as("runs of migration %s", v).isEqualTo(1);
        }
        assertThat(MigrationTargets.of(store()).history()).hasSize(versions.length)
                .allSatisfy(r -> assertThat(r.outcome()).isEqualTo(MigrationRecord.Outcome.SUCCEEDED));
        assertThat(markers().count(Query.all())).isEqualTo(versions.length);
        assertThat(MigrationTargets.of(store()).currentLease()).as("the lock after all runs").isEmpty();
    }

    @Test
    void aRunnerKilledMidMigrationIsTakenOverAndTheRunCompletes() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        AtomicBoolean hangOnce = new AtomicBoolean(true);
        // idempotent (save, not insert): a migration that may be re-run after a takeover must be
        TestMigration slow = TestMigration.of("2", "slow backfill", ctx -> {
            if (hangOnce.compareAndSet(true, false)) {
                entered.countDown();
                resume.await(60, TimeUnit.SECONDS); // the "dead" runner's thread, frozen
            }
            applications.computeIfAbsent("2", v -> new AtomicInteger()).incrementAndGet();
            ctx.repository(ScenarioMarker.class).save(new ScenarioMarker("2", "saved"));
        });
        KillableTarget dying = new KillableTarget(MigrationTargets.of(store(0)));
        Migrations a = engine(dying, "runner-a", inserting("1"), slow, inserting("3"));
        Future<MigrationResult> runA = pool.submit(a::migrate);
        assertThat(entered.await(30, TimeUnit.SECONDS)).as("runner A reached migration 2").isTrue();
        dying.killHeartbeat();

        MigrationResult b = engine(MigrationTargets.of(store(1)), "runner-b", inserting("1"), slow, inserting("3")).migrate();

        assertThat(b.versions()).extracting(Object::toString).containsExactly("2", "3");
        List<MigrationRecord> history = MigrationTargets.of(store()).history();
        assertThat(history).extracting(MigrationRecord::installedBy).containsExactly("runner-a", "runner-b", "runner-b");

        resume.countDown(); // the frozen runner wakes up and tries to record migration 2
        assertThat(causeOf(runA)).as("runner A, whose lease was taken over").isInstanceOf(LeaseLostException.class)
                .hasMessageContaining("up 2 (slow backfill)");
        assertThat(MigrationTargets.of(store()).history()).as("history after the stale runner's attempt").isEqualTo(history);
        assertThat(applied("1")).isEqualTo(1);
        assertThat(applied("3")).isEqualTo(1);
        assertThat(markers().count(Query.all())).isEqualTo(3);
    }

    @Test
    void aRunnerWhoseLeaseWasTakenOverStopsAtItsNextLeaseCheckAndRecordsNothing() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        Migration looping = TestMigration.of("1", "long batch job", ctx -> {
            entered.countDown();
            while (true) {
                ctx.checkLease(); // between batches
                Thread.sleep(20);
            }
        });
        KillableTarget dying = new KillableTarget(MigrationTargets.of(store(0)));
        Future<MigrationResult> runA = pool.submit(() -> engine(dying, "runner-a", looping).migrate());
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        dying.killHeartbeat();

        Migration sameVersion = TestMigration.of("1", "long batch job", ctx -> applications.computeIfAbsent("1", v -> new AtomicInteger()).incrementAndGet());
        MigrationResult b = engine(MigrationTargets.of(store(1)), "runner-b", sameVersion).migrate();

        assertThat(b.count()).isEqualTo(1);
        assertThat(causeOf(runA)).isInstanceOf(LeaseLostException.class).hasMessageContaining("runner-a");
        assertThat(MigrationTargets.of(store()).history()).singleElement().satisfies(r -> {
            assertThat(r.installedBy()).isEqualTo("runner-b");
            assertThat(r.outcome()).isEqualTo(MigrationRecord.Outcome.SUCCEEDED);
        });
    }

    @Test
    void aRunnerWithAStaleFencingTokenCannotRecordHistory() {
        MigrationTarget target = MigrationTargets.of(store(0));
        Lease stale = target.tryAcquire("runner-a", leaseTime()).orElseThrow();
        Migrations b = engine(MigrationTargets.of(store(1)), "runner-b", inserting("1"));
        assertThat(b.migrate().count()).as("runner B takes the expired lease over").isEqualTo(1);
        MigrationRecord forged = new MigrationRecord(MigrationVersion.parse("2"), "forged", "x", "runner-a", Instant.now(), null,
                Duration.ZERO, MigrationRecord.Outcome.SUCCEEDED, null);
        assertThatThrownBy(() -> target.writeRecord(stale, forged)).isInstanceOf(LeaseLostException.class);
        assertThatThrownBy(() -> target.deleteRecord(stale, MigrationVersion.parse("1"))).isInstanceOf(LeaseLostException.class);
        assertThat(MigrationTargets.of(store()).history()).extracting(r -> r.version().toString()).containsExactly("1");
    }

    @Test
    void aFailureBlocksEveryRunnerUntilRepaired() {
        AtomicBoolean broken = new AtomicBoolean(true);
        TestMigration flaky = TestMigration.of("2", "flaky", ctx -> {
            if (broken.get()) {
                throw new IllegalStateException("bad row 42");
            }
            ctx.repository(ScenarioMarker.class).save(new ScenarioMarker("2", "fixed"));
        });
        assertThatThrownBy(() -> engine(MigrationTargets.of(store(0)), "runner-a", inserting("1"), flaky, inserting("3")).migrate())
                .hasCauseInstanceOf(IllegalStateException.class);

        Migrations other = engine(MigrationTargets.of(store(1)), "runner-b", inserting("1"), flaky, inserting("3"));
        assertThatThrownBy(other::migrate).isInstanceOf(MigrationValidationException.class).hasMessageContaining("bad row 42");
        assertThat(other.info().failed()).extracting(s -> s.version().toString()).containsExactly("2");

        broken.set(false);
        assertThat(other.repair().removedFailures()).extracting(Object::toString).containsExactly("2");
        assertThat(other.migrate().versions()).extracting(Object::toString).containsExactly("2", "3");
        assertThat(applied("3")).isEqualTo(1);
    }

    @Test
    void migrateUndoAndMigrateAgain() {
        Migrations a = engine(MigrationTargets.of(store(0)), "runner-a", inserting("1"), inserting("2"));
        a.migrate();
        assertThat(markers().count(Query.all())).isEqualTo(2);
        Migrations b = engine(MigrationTargets.of(store(1)), "runner-b", inserting("1"), inserting("2"));
        assertThat(b.undoTo("0").versions()).extracting(Object::toString).containsExactly("2", "1");
        assertThat(markers().count(Query.all())).isZero();
        assertThat(MigrationTargets.of(store()).history()).isEmpty();
        assertThat(a.migrate().count()).isEqualTo(2);
        assertThat(markers().count(Query.all())).isEqualTo(2);
    }

    @Test
    void waitingForTheLockTimesOutNamingTheHolderAndItsExpiry() {
        MigrationTarget target = MigrationTargets.of(store(0));
        Lease holder = target.tryAcquire("someone-else", Duration.ofSeconds(30)).orElseThrow();
        try {
            Migrations engine = Migrations.builder().target(store(1)).owner("impatient").lockWaitTimeout(Duration.ofMillis(300))
                    .pollInterval(Duration.ofMillis(50)).migrations(inserting("1")).build();
            MigrationLockException e = Assertions.catchThrowableOfType(MigrationLockException.class, engine::migrate);
            assertThat(e).hasMessageContaining("could not acquire the migration lock of store '" + store().name() + "' within 300 ms")
                    .hasMessageContaining("'someone-else' (fencing token " + holder.token() + ") until " + holder.expiresAt());
            assertThat(e.holder()).isEqualTo(holder);
            assertThat(applied("1")).isZero();
        } finally {
            target.release(holder);
        }
    }

    @Test
    void theHeartbeatKeepsALongMigrationsLease() throws Exception {
        Duration lease = Duration.ofSeconds(1);
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch otherGaveUp = new CountDownLatch(1);
        Migration longRunning = TestMigration.of("1", "long", ctx -> {
            entered.countDown();
            otherGaveUp.await(60, TimeUnit.SECONDS); // outlives several lease times
            ctx.checkLease();
        });
        Migrations a = Migrations.builder().target(store(0)).owner("long-runner").leaseTime(lease).migrations(longRunning).build();
        Future<MigrationResult> runA = pool.submit(a::migrate);
        assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
        try {
            Migrations b = Migrations.builder().target(store(1)).owner("waiter").leaseTime(lease).lockWaitTimeout(lease.multipliedBy(3))
                    .pollInterval(Duration.ofMillis(50)).migrations(inserting("1")).build();
            assertThatThrownBy(b::migrate).as("a second runner while the first one's lease is renewed")
                    .isInstanceOf(MigrationLockException.class).hasMessageContaining("long-runner");
        } finally {
            otherGaveUp.countDown();
        }
        assertThat(runA.get(60, TimeUnit.SECONDS).count()).isEqualTo(1);
        assertThat(MigrationTargets.of(store()).history()).singleElement().extracting(MigrationRecord::installedBy).isEqualTo("long-runner");
    }
}
