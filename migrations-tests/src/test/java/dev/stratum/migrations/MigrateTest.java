package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationTargets;
import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.testkit.migration.TestMigration;
import dev.stratum.testkit.memory.InMemoryStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class MigrateTest {
    final InMemoryStore store = InMemoryStore.create();
    final List<String> ran = new CopyOnWriteArrayList<>();

    TestMigration m(String version) {
        return TestMigration.of(version, "step " + version, ctx -> ran.add(version));
    }

    Migrations engine(TestMigration... migrations) {
        return Migrations.builder().target(store).owner("test-owner").migrations(migrations).build();
    }

    static MigrationVersion v(String version) {
        return MigrationVersion.parse(version);
    }

    @Test
    void appliesPendingMigrationsInNumericOrderAndRecordsThem() {
        Instant t = Instant.parse("2026-11-03T10:00:00.123Z");
        Migrations engine = Migrations.builder().target(store).owner("test-owner").clock(Clock.fixed(t, ZoneOffset.UTC))
                .migrations(m("10"), m("2"), m("1.10"), m("1.2"), m("1")).build();

        MigrationResult result = engine.migrate();

        assertThat(ran).containsExactly("1", "1.2", "1.10", "2", "10");
        assertThat(result.operation()).isEqualTo(MigrationOperation.MIGRATE);
        assertThat(result.initialVersion()).isNull();
        assertThat(result.finalVersion()).isEqualTo(v("10"));
        assertThat(result.versions()).containsExactly(v("1"), v("1.2"), v("1.10"), v("2"), v("10"));
        List<MigrationRecord> history = MigrationTargets.of(store).history();
        assertThat(history).hasSize(5);
        MigrationRecord first = history.get(0);
        assertThat(first).isEqualTo(new MigrationRecord(v("1"), "step 1", "test-1", "test-owner", t, t, Duration.ZERO,
                MigrationRecord.Outcome.SUCCEEDED, null));
        assertThat(MigrationTargets.of(store).currentLease()).as("the lock is released after the run").isEmpty();
    }

    @Test
    void secondRunIsANoOp() {
        engine(m("1"), m("2")).migrate();
        MigrationResult again = engine(m("1"), m("2")).migrate();
        assertThat(again.count()).isZero();
        assertThat(again.initialVersion()).isEqualTo(v("2"));
        assertThat(again.finalVersion()).isEqualTo(v("2"));
        assertThat(ran).containsExactly("1", "2");
    }

    @Test
    void nothingPendingNeedsNoLock() {
        engine(m("1")).migrate();
        var other = MigrationTargets.of(store).tryAcquire("another-instance", Duration.ofSeconds(30)).orElseThrow();
        Migrations upToDate = Migrations.builder().target(store).migrations(m("1")).lockWaitTimeout(Duration.ZERO).build();
        assertThat(upToDate.migrate().count()).as("an up-to-date instance starts although another holds the lock").isZero();
        Migrations behind = Migrations.builder().target(store).migrations(m("1"), m("2")).lockWaitTimeout(Duration.ZERO).build();
        org.assertj.core.api.Assertions.assertThatThrownBy(behind::migrate).isInstanceOf(MigrationLockException.class);
        MigrationTargets.of(store).release(other);
    }

    @Test
    void newMigrationsAreAppliedOnTheNextRun() {
        engine(m("1")).migrate();
        MigrationResult next = engine(m("1"), m("2"), m("3")).migrate();
        assertThat(next.versions()).containsExactly(v("2"), v("3"));
        assertThat(next.initialVersion()).isEqualTo(v("1"));
        assertThat(ran).containsExactly("1", "2", "3");
    }

    @Test
    void planIsADryRunWithChecksums() {
        engine(m("1")).migrate();
        ran.clear();
        Migrations engine = engine(m("1"), m("3"), m("2"));

        MigrationPlan plan = engine.plan();

        assertThat(plan.operation()).isEqualTo(MigrationOperation.MIGRATE);
        assertThat(plan.currentVersion()).isEqualTo(v("1"));
        assertThat(plan.canRun()).isTrue();
        assertThat(plan.steps()).containsExactly(
                new MigrationStep(v("2"), "step 2", "test-2", MigrationStep.Direction.UP),
                new MigrationStep(v("3"), "step 3", "test-3", MigrationStep.Direction.UP));
        assertThat(plan.describe()).contains("up 2 (step 2) [test-2]", "up 3 (step 3) [test-3]");
        assertThat(ran).as("a plan runs nothing").isEmpty();
        assertThat(MigrationTargets.of(store).history()).hasSize(1);
        assertThat(MigrationTargets.of(store).currentLease()).as("a plan takes no lock").isEmpty();
    }

    @Test
    void migrateToStopsAtTheTarget() {
        Migrations engine = engine(m("1"), m("2"), m("3"));
        assertThat(engine.planTo(v("2")).steps()).extracting(MigrationStep::version).containsExactly(v("1"), v("2"));
        MigrationResult result = engine.migrateTo("2");
        assertThat(result.versions()).containsExactly(v("1"), v("2"));
        assertThat(engine.info().pending()).extracting(MigrationStatus::version).containsExactly(v("3"));
        assertThat(engine.migrate().versions()).containsExactly(v("3"));
    }

    @Test
    void infoShowsAppliedAndPending() {
        engine(m("1")).migrate();
        MigrationInfo info = engine(m("1"), m("2")).info();
        assertThat(info.currentVersion()).isEqualTo(v("1"));
        assertThat(info.applied()).extracting(MigrationStatus::version).containsExactly(v("1"));
        assertThat(info.pending()).extracting(MigrationStatus::version).containsExactly(v("2"));
        assertThat(info.isValid()).isTrue();
        assertThat(info.lock()).isNull();
        MigrationStatus applied = info.status(v("1")).orElseThrow();
        assertThat(applied.state()).isEqualTo(MigrationState.APPLIED);
        assertThat(applied.installedBy()).isEqualTo("test-owner");
        assertThat(applied.resolvedChecksum()).isEqualTo("test-1");
        assertThat(applied.appliedChecksum()).isEqualTo("test-1");
        assertThat(info.toTable()).contains("| 1 ", "APPLIED", "PENDING", "test-owner", "Current version: 1");
        String header = info.toTable().lines().skip(1).findFirst().orElseThrow();
        assertThat(header).containsSubsequence("Version", "Description", "Type", "Checksum", "State", "Installed on", "Installed by",
                "Execution time");
        assertThat(info.toTable()).contains("| JAVA ", "test-1", " ms ");
    }

    @Test
    void contextGivesStoreVersionRepositoriesAndNativeClient() {
        List<Object> seen = new CopyOnWriteArrayList<>();
        engine(TestMigration.of("7", "inspect", ctx -> {
            seen.add(ctx.store());
            seen.add(ctx.version());
            seen.add(ctx.nativeClient(InMemoryStore.class));
            seen.add(ctx.repository(dev.stratum.migrations.examples.AppUser.class).metadata().collection());
            ctx.checkLease();
        })).migrate();
        assertThat(seen).containsExactly(store, v("7"), store, "users");
    }

    @Test
    void resultsAndPlansAreImmutable() {
        MigrationResult result = engine(m("1")).migrate();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> result.executed().clear()).isInstanceOf(UnsupportedOperationException.class);
        MigrationPlan plan = engine(m("1"), m("2")).plan();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> plan.steps().clear()).isInstanceOf(UnsupportedOperationException.class);
    }
}
