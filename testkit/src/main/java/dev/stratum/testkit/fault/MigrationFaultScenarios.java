package dev.stratum.testkit.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.Update;
import dev.stratum.api.migration.Lease;
import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.migrations.MigrationResult;
import dev.stratum.migrations.Migrations;
import dev.stratum.migrations.MigrationsBuilder;
import dev.stratum.migrations.Step;
import dev.stratum.migrations.StepMigration;
import dev.stratum.migrations.event.MigrationEvent;
import dev.stratum.migrations.event.MigrationListener;
import dev.stratum.migrations.event.MigrationProgress;
import dev.stratum.testkit.MigrationEngineScenarios.ScenarioMarker;
import dev.stratum.testkit.domain.Parcel;
import dev.stratum.testkit.fault.internal.ScenarioSupport;
import dev.stratum.testkit.migration.ForwardingMigrationTarget;
import dev.stratum.testkit.migration.TestMigration;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Scenario 6 of the fault suite, migrations under faults, on any store with a migration target: runner A's
 * connection is black-holed by a {@link FaultProxy} in the middle of a checkpointed backfill; A loses its lease,
 * runner B (healthy connection) takes the lock over once A's lease expired, resumes the backfill from A's last
 * checkpoint and finishes it and the next migration; after the heal, writes carrying A's fencing token are refused
 * ({@link LeaseLostException}); every entity is migrated exactly once and every migration is recorded once.
 * Figures go to the store's {@link ReliabilityReport} as {@code <store>-migrations}. Runs unless
 * {@code -Dstratum.reliability.profile=off}.
 *
 * <pre>{@code
 * class RedisMigrationFaultScenariosTest extends MigrationFaultScenarios {
 *     protected String storeName() { return "redis"; }
 *     protected FaultProxy startProxy() { return RedisTestServer.shared().startFaultProxy(); }
 *     protected Store openStore(FaultProxy proxy, Duration timeout, String namespace) {
 *         return RedisStore.builder().uri(RedisTestServer.shared().uriThrough(proxy)).commandTimeout(timeout)
 *                 .keyPrefix(namespace).build();
 *     }
 * }
 * }</pre>
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@SuppressWarnings("NullAway") // kit test code: passes null on purpose and dereferences what it has just asserted present
public abstract class MigrationFaultScenarios {
    private final ReliabilityReport report = new ReliabilityReport(storeName() + "-migrations");
    private final ExecutorService pool = Executors.newCachedThreadPool();

    /** A short name for the report's file: {@code redis}, {@code mongo}... */
    protected abstract String storeName();

    /** A new proxy in front of the store's server. */
    protected abstract FaultProxy startProxy();

    /**
     * A new store whose connections go through {@code proxy}, with {@code timeout} per operation, on the data of
     * {@code namespace} (a key prefix, database or index prefix: two stores opened with one namespace share data
     * and migration lock).
     */
    protected abstract Store openStore(FaultProxy proxy, Duration timeout, String namespace);

    /** The per-operation timeout of both runners' stores; 500 ms unless overridden. */
    protected Duration operationTimeout() {
        return Duration.ofMillis(500);
    }

    /** The runners' lease time: longer than a few operation timeouts, so only a real outage loses it; 3 s unless overridden. */
    protected Duration leaseTime() {
        return Duration.ofSeconds(3);
    }

    /** Entities the backfill migrates (in batches of 20). */
    protected int entities() {
        return 200;
    }

    @AfterAll
    final void finish() throws InterruptedException {
        pool.shutdownNow();
        pool.awaitTermination(10, TimeUnit.SECONDS);
        report.write();
    }

    @Test
    void aRunnerBlackHoledMidStepLosesItsLeaseAnotherTakesOverAndFencingRefusesItsLateWrites() throws Exception {
        Assumptions.assumeTrue(FaultScenarios.Profile.current() != FaultScenarios.Profile.OFF,
                "fault scenarios switched off by -Dstratum.reliability.profile=off");
        ReliabilityReport.Row row = report.row("6 migrations under faults (runner black-holed mid-step, " + entities() + " entities)");
        String namespace = "mf" + UUID.randomUUID().toString().substring(0, 8);
        int n = entities();
        int faultAt = n / 2;
        try (FaultProxy proxyA = startProxy(); FaultProxy proxyB = startProxy();
                Store a = openStore(proxyA, operationTimeout(), namespace); Store b = openStore(proxyB, operationTimeout(), namespace)) {
            Repository<Parcel, String> parcels = b.repository(Parcel.class);
            List<Parcel> seed = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                seed.add(new Parcel(String.format("p%04d", i), "g" + (i % 10), "old", 0));
            }
            ScenarioSupport.retrying(() -> parcels.saveAll(seed).throwIfFailed());
            AtomicInteger markerRuns = new AtomicInteger();

            AtomicReference<Lease> leaseOfA = new AtomicReference<>();
            MigrationTarget targetA = new LeaseRecordingTarget(MigrationTargets.of(a), leaseOfA);
            CountDownLatch faulted = new CountDownLatch(1);
            AtomicLong faultedAt = new AtomicLong();
            AtomicLong doneAtFault = new AtomicLong();
            MigrationListener blackHoleMidStep = new MigrationListener() {
                @Override
                public void progress(MigrationEvent event, MigrationProgress progress) {
                    if (progress.version().toString().equals("1") && progress.done() >= faultAt && faulted.getCount() > 0) {
                        doneAtFault.set(progress.done());
                        proxyA.blackHole();
                        row.faults(1);
                        faultedAt.set(System.nanoTime());
                        faulted.countDown();
                    }
                }
            };
            Future<MigrationResult> runA = pool.submit(() -> engine(targetA, "runner-a", markerRuns).listener(blackHoleMidStep).build().migrate());
            long waitUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!faulted.await(100, TimeUnit.MILLISECONDS)) {
                if (runA.isDone()) {
                    throw new AssertionError("runner A ended before reaching the middle of the backfill: " + failureOf(runA), failureOf(runA));
                }
                assertThat(System.nanoTime() - waitUntil).as("runner A reached the middle of the backfill within 120 s").isNegative();
            }

            MigrationResult resultB = engine(MigrationTargets.of(b), "runner-b", markerRuns).build().migrate();
            long recoveryMillis = Duration.ofNanos(System.nanoTime() - faultedAt.get()).toMillis();

            Throwable failureA = failureOf(runA);
            row.error(failureA);
            proxyA.heal();

            // late writes of runner A, after the heal, with its (stale) fencing token: refused
            Lease stale = leaseOfA.get();
            assertThat(stale).as("runner A's lease").isNotNull();
            MigrationTarget healedA = MigrationTargets.of(a);
            ScenarioSupport.recover(healedA::history);
            List<MigrationRecord> historyBefore = healedA.history();
            MigrationRecord late = new MigrationRecord(MigrationVersion.parse("1"), "late write of runner A", "x", "runner-a",
                    Instant.now(), Instant.now(), Duration.ZERO, MigrationRecord.Outcome.SUCCEEDED, null);
            assertThatThrownBy(() -> healedA.writeRecord(stale, late)).as("runner A's late history write").isInstanceOf(LeaseLostException.class);
            assertThatThrownBy(() -> healedA.deleteRecord(stale, MigrationVersion.parse("2"))).as("runner A's late delete")
                    .isInstanceOf(LeaseLostException.class);
            assertThat(healedA.history()).as("history after runner A's late writes").isEqualTo(historyBefore);

            Map<String, Parcel> stored = ScenarioSupport.readAll(parcels, seed.stream().map(Parcel::id).toList());
            long notMigrated = stored.values().stream().filter(p -> !p.payload().equals("new")).count() + (n - stored.size());
            long twice = stored.values().stream().filter(p -> p.seq() > 1).count();
            List<MigrationRecord> history = MigrationTargets.of(b).history();
            row.operations(n).ackedButLost(notMigrated).duplicated(twice).recoveryMillis(recoveryMillis)
                    .put("checkpointAtFault", doneAtFault.get()).put("runnerB", resultB.versions().toString())
                    .put("runnerAFailure", failureA.getClass().getSimpleName())
                    .put("history", history.stream().map(r -> r.version() + ":" + r.outcome() + ":" + r.installedBy()).toList().toString())
                    .put("leaseMs", leaseTime().toMillis()).put("timeoutMs", operationTimeout().toMillis());

            assertThat(resultB.versions()).extracting(Object::toString).as("what runner B applied").contains("1", "2");
            assertThat(history).extracting(r -> r.version().toString()).containsExactly("1", "2");
            assertThat(history).allSatisfy(r -> {
                assertThat(r.outcome()).isEqualTo(MigrationRecord.Outcome.SUCCEEDED);
                assertThat(r.installedBy()).isEqualTo("runner-b");
            });
            assertThat(notMigrated).as("entities the backfill missed").isZero();
            assertThat(twice).as("entities the backfill changed twice (a repeated batch re-applied)").isZero();
            assertThat(stored.values()).allSatisfy(p -> assertThat(p.seq()).isEqualTo(1));
            assertThat(markerRuns.get()).as("runs of migration 2").isEqualTo(1);
            assertThat(b.repository(ScenarioMarker.class).count(Query.all())).isEqualTo(1);
        }
    }

    private MigrationsBuilder engine(MigrationTarget target, String owner, AtomicInteger markerRuns) {
        Migration backfill = new StepMigration(Step.setWhere(Parcel.class, Filter.eq("payload", "old"), Update.set("payload", "new").inc("seq", 1))) {
            @Override
            public MigrationVersion version() {
                return MigrationVersion.parse("1");
            }

            @Override
            public String description() {
                return "backfill parcels";
            }

            @Override
            public int batchSize() {
                return 20;
            }
        };
        Migration marker = TestMigration.of("2", "insert marker 2", ctx -> {
            markerRuns.incrementAndGet();
            ctx.repository(ScenarioMarker.class).insert(new ScenarioMarker("2", "inserted"));
        });
        return Migrations.builder().target(target).owner(owner).leaseTime(leaseTime()).lockWaitTimeout(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(50)).progressInterval(Duration.ZERO).migrations(backfill, marker);
    }

    private static Throwable failureOf(Future<?> run) throws InterruptedException, TimeoutException {
        try {
            run.get(60, TimeUnit.SECONDS);
            throw new AssertionError("runner A, black-holed mid-step, finished its migration run");
        } catch (ExecutionException e) {
            return e.getCause();
        }
    }

    /** A migration target that remembers the lease it acquired (runner A's fencing token, for its late writes). */
    private static final class LeaseRecordingTarget extends ForwardingMigrationTarget {
        private final AtomicReference<Lease> acquired;

        LeaseRecordingTarget(MigrationTarget delegate, AtomicReference<Lease> acquired) {
            super(delegate);
            this.acquired = acquired;
        }

        @Override
        public Optional<Lease> tryAcquire(String owner, Duration leaseTime) {
            Optional<Lease> got = super.tryAcquire(owner, leaseTime);
            got.ifPresent(acquired::set);
            return got;
        }

        @Override
        public Optional<Lease> renew(Lease lease, Duration leaseTime) {
            Optional<Lease> renewed = super.renew(lease, leaseTime);
            renewed.ifPresent(acquired::set);
            return renewed;
        }
    }
}
