package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stratum.api.ErrorCode;
import dev.stratum.api.migration.MigrationException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.testkit.migration.TestMigration;
import dev.stratum.testkit.memory.InMemoryStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class FailureAndRepairTest {
    final InMemoryStore store = InMemoryStore.create();
    final List<String> ran = new CopyOnWriteArrayList<>();

    TestMigration m(String version) {
        return TestMigration.of(version, "step " + version, ctx -> ran.add(version));
    }

    Migrations engine(TestMigration... migrations) {
        return Migrations.builder().target(store).owner("runner-1").migrations(migrations).build();
    }

    static MigrationVersion v(String version) {
        return MigrationVersion.parse(version);
    }

    @Test
    void failedMigrationIsRecordedStopsTheRunAndKeepsTheCause() {
        IllegalStateException boom = new IllegalStateException("duplicate email ann@example.com");
        TestMigration failing = TestMigration.of("2", "Make email unique", ctx -> {
            throw boom;
        });

        MigrationException e = catchThrowableOfType(MigrationException.class, () -> engine(m("1"), failing, m("3")).migrate());

        assertThat(e).hasCause(boom).hasMessageContaining("migration up 2 (Make email unique) failed")
                .hasMessageContaining("duplicate email ann@example.com").hasMessageContaining("repair()");
        assertThat(e.errorCode()).isEqualTo(ErrorCode.MIGRATION);
        assertThat(ran).as("nothing after the failed migration runs").containsExactly("1");
        List<MigrationRecord> history = MigrationTargets.of(store).history();
        assertThat(history).extracting(MigrationRecord::outcome).containsExactly(MigrationRecord.Outcome.SUCCEEDED, MigrationRecord.Outcome.FAILED);
        MigrationRecord failed = history.get(1);
        assertThat(failed.error()).isEqualTo("java.lang.IllegalStateException: duplicate email ann@example.com");
        assertThat(failed.installedBy()).isEqualTo("runner-1");
        assertThat(failed.finishedAt()).isNotNull();
        assertThat(MigrationTargets.of(store).currentLease()).as("released after a failure").isEmpty();
    }

    @Test
    void failureBlocksFurtherRunsUntilRepaired() {
        AtomicBoolean broken = new AtomicBoolean(true);
        TestMigration flaky = TestMigration.of("2", "Backfill", ctx -> {
            if (broken.get()) {
                throw new IllegalArgumentException("bad data");
            }
            ran.add("2");
        });
        assertThatThrownBy(() -> engine(m("1"), flaky, m("3")).migrate()).isInstanceOf(MigrationException.class);
        broken.set(false); // the fix is deployed

        Migrations fixed = engine(m("1"), flaky, m("3"));
        assertThat(fixed.info().failed()).extracting(MigrationStatus::version).containsExactly(v("2"));
        assertThat(fixed.info().status(v("2")).orElseThrow().error()).contains("bad data");
        assertThat(fixed.plan().canRun()).isFalse();
        MigrationValidationException blocked = catchThrowableOfType(MigrationValidationException.class, fixed::migrate);
        assertThat(blocked.problems()).singleElement().asString()
                .contains("migration 2 (Backfill) failed", "run by 'runner-1'", "bad data", "repair()");
        assertThat(ran).containsExactly("1");

        RepairResult repair = fixed.repair();
        assertThat(repair.removedFailures()).containsExactly(v("2"));
        assertThat(fixed.info().pending()).extracting(MigrationStatus::version).containsExactly(v("2"), v("3"));
        assertThat(fixed.migrate().versions()).containsExactly(v("2"), v("3"));
        assertThat(ran).containsExactly("1", "2", "3");
        assertThat(fixed.repair().isEmpty()).isTrue();
    }

    @Test
    void changedAppliedMigrationFailsValidationNamingBothChecksums() {
        engine(m("1"), m("2")).migrate();
        Migrations changed = engine(m("1"), m("2").withChecksum("edited"), m("3"));

        assertThat(changed.info().checksumMismatched()).extracting(MigrationStatus::version).containsExactly(v("2"));
        assertThatThrownBy(changed::validate).isInstanceOf(MigrationValidationException.class)
                .hasMessageContaining("migration 2 (step 2) changed after it was applied")
                .hasMessageContaining("recorded checksum 'test-2'").hasMessageContaining("current checksum 'edited'")
                .hasMessageContaining("revert the change").hasMessageContaining("repair()");
        assertThatThrownBy(changed::migrate).as("migrate validates first").isInstanceOf(MigrationValidationException.class);
        assertThat(ran).as("nothing ran after the failed validation").containsExactly("1", "2");

        RepairResult repair = changed.repair();
        assertThat(repair.realignedChecksums()).containsExactly(v("2"));
        changed.validate();
        assertThat(MigrationTargets.of(store).history().get(1).checksum()).isEqualTo("edited");
        assertThat(changed.migrate().versions()).containsExactly(v("3"));
    }

    @Test
    void missingMigrationFailsValidationUnlessIgnored() {
        engine(m("1"), m("2")).migrate();
        Migrations without2 = engine(m("1"), m("3"));
        assertThat(without2.info().missing()).extracting(MigrationStatus::version).containsExactly(v("2"));
        assertThatThrownBy(without2::validate).hasMessageContaining("migration 2 (step 2) is applied on the store but no migration class");

        Migrations tolerant = Migrations.builder().target(store).migrations(m("1"), m("3")).ignoreMissingMigrations(true).build();
        tolerant.validate();
        assertThat(tolerant.migrate().versions()).containsExactly(v("3"));
    }

    @Test
    void olderUnappliedMigrationIsIgnoredUnlessOutOfOrder() {
        engine(m("1"), m("3")).migrate();
        Migrations late = engine(m("1"), m("2"), m("3"));
        assertThat(late.info().inState(MigrationState.IGNORED)).extracting(MigrationStatus::version).containsExactly(v("2"));
        assertThatThrownBy(late::migrate).hasMessageContaining("migration 2 (step 2) is not applied but the later version 3 is")
                .hasMessageContaining("outOfOrder(true)");

        Migrations outOfOrder = Migrations.builder().target(store).migrations(m("1"), m("2"), m("3")).outOfOrder(true).build();
        assertThat(outOfOrder.plan().steps()).extracting(MigrationStep::version).containsExactly(v("2"));
        MigrationResult result = outOfOrder.migrate();
        assertThat(result.versions()).containsExactly(v("2"));
        assertThat(result.finalVersion()).isEqualTo(v("3"));
        assertThat(ran).containsExactly("1", "3", "2");
    }

    @Test
    void failingDownIsRecordedAsFailed() {
        RuntimeException cause = new RuntimeException("cannot drop index");
        TestMigration m2 = m("2").withDown(ctx -> {
            throw cause;
        });
        engine(m("1"), m2).migrate();
        MigrationException e = catchThrowableOfType(MigrationException.class, () -> engine(m("1"), m2).undoTo("1"));
        assertThat(e).hasCause(cause).hasMessageContaining("down 2 (step 2) failed");
        MigrationRecord record = MigrationTargets.of(store).history().get(1);
        assertThat(record.outcome()).isEqualTo(MigrationRecord.Outcome.FAILED);
        assertThat(record.error()).startsWith("down() failed: java.lang.RuntimeException: cannot drop index");
    }

    @Test
    void errorsArePropagatedUnwrappedAfterBeingRecorded() {
        TestMigration oom = TestMigration.of("1", "huge", ctx -> {
            throw new StackOverflowError("simulated");
        });
        assertThatThrownBy(() -> engine(oom).migrate()).isInstanceOf(StackOverflowError.class);
        assertThat(MigrationTargets.of(store).history()).singleElement().extracting(MigrationRecord::outcome).isEqualTo(MigrationRecord.Outcome.FAILED);
        assertThat(MigrationTargets.of(store).currentLease()).isEmpty();
    }
}
