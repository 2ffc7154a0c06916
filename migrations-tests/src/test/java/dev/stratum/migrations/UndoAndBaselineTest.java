package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationTargets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.migration.MigrationException;
import dev.stratum.api.migration.MigrationRecord;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.testkit.migration.TestMigration;
import dev.stratum.testkit.memory.InMemoryStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class UndoAndBaselineTest {
    final InMemoryStore store = InMemoryStore.create();
    final List<String> log = new CopyOnWriteArrayList<>();

    TestMigration reversible(String version) {
        return TestMigration.of(version, "step " + version, ctx -> log.add("up " + version)).withDown(ctx -> log.add("down " + version));
    }

    TestMigration irreversible(String version) {
        return TestMigration.of(version, "step " + version, ctx -> log.add("up " + version));
    }

    Migrations engine(TestMigration... migrations) {
        return Migrations.builder().target(store).migrations(migrations).build();
    }

    static MigrationVersion v(String version) {
        return MigrationVersion.parse(version);
    }

    @Test
    void undoRevertsNewestFirstAndMakesThemPending() {
        Migrations engine = engine(reversible("1"), reversible("2"), reversible("3"));
        engine.migrate();

        MigrationPlan plan = engine.planUndoTo(v("1"));
        assertThat(plan.operation()).isEqualTo(MigrationOperation.UNDO);
        assertThat(plan.steps()).extracting(MigrationStep::toString).containsExactly("down 3 (step 3)", "down 2 (step 2)");
        assertThat(log).as("planning runs nothing").containsExactly("up 1", "up 2", "up 3");

        MigrationResult result = engine.undoTo("1");

        assertThat(result.operation()).isEqualTo(MigrationOperation.UNDO);
        assertThat(result.versions()).containsExactly(v("3"), v("2"));
        assertThat(result.initialVersion()).isEqualTo(v("3"));
        assertThat(result.finalVersion()).isEqualTo(v("1"));
        assertThat(log).endsWith("down 3", "down 2");
        assertThat(MigrationTargets.of(store).history()).extracting(MigrationRecord::version).containsExactly(v("1"));
        assertThat(engine.info().pending()).extracting(MigrationStatus::version).containsExactly(v("2"), v("3"));
        assertThat(engine.migrate().versions()).containsExactly(v("2"), v("3"));
    }

    @Test
    void undoOfEverything() {
        Migrations engine = engine(reversible("1"), reversible("2"));
        engine.migrate();
        MigrationResult result = engine.undoTo("0");
        assertThat(result.versions()).containsExactly(v("2"), v("1"));
        assertThat(result.finalVersion()).isNull();
        assertThat(MigrationTargets.of(store).history()).isEmpty();
    }

    @Test
    void undoIsRefusedBeforeAnythingRunsWhenAMigrationIsIrreversible() {
        Migrations engine = engine(reversible("1"), irreversible("2"), reversible("3"));
        engine.migrate();
        log.clear();

        assertThat(engine.planUndoTo(v("1")).blockers()).singleElement().asString()
                .contains("cannot undo migration 2 (step 2)", "is not reversible");
        assertThatThrownBy(() -> engine.undoTo("1")).isInstanceOf(MigrationValidationException.class).hasMessageContaining("not reversible");
        assertThat(log).as("not even migration 3 was reverted").isEmpty();
        assertThat(engine.undoTo("2").versions()).containsExactly(v("3"));
    }

    @Test
    void undoNeedsTheMigrationClass() {
        engine(reversible("1"), reversible("2")).migrate();
        Migrations without2 = Migrations.builder().target(store).migrations(reversible("1")).ignoreMissingMigrations(true).build();
        assertThatThrownBy(() -> without2.undoTo("0")).hasMessageContaining("cannot undo migration 2 (step 2): no migration class has that version");
    }

    @Test
    void baselineMarksExistingDataAndSkipsOlderMigrations() {
        Migrations engine = engine(irreversible("1"), irreversible("2"), irreversible("3"));
        MigrationResult baseline = engine.baseline("2");
        assertThat(baseline.operation()).isEqualTo(MigrationOperation.BASELINE);
        assertThat(baseline.finalVersion()).isEqualTo(v("2"));
        MigrationRecord record = MigrationTargets.of(store).history().get(0);
        assertThat(record.outcome()).isEqualTo(MigrationRecord.Outcome.BASELINE);
        assertThat(record.description()).isEqualTo("<< Baseline >>");

        MigrationInfo info = engine.info();
        assertThat(info.status(v("1")).orElseThrow().state()).isEqualTo(MigrationState.BELOW_BASELINE);
        assertThat(info.status(v("2")).orElseThrow().state()).isEqualTo(MigrationState.BASELINE);
        assertThat(info.pending()).extracting(MigrationStatus::version).containsExactly(v("3"));
        assertThat(info.currentVersion()).isEqualTo(v("2"));

        assertThat(engine.migrate().versions()).containsExactly(v("3"));
        assertThat(log).containsExactly("up 3");
    }

    @Test
    void baselineOnlyOnAnEmptyHistory() {
        Migrations engine = engine(irreversible("1"), irreversible("2"));
        engine.baseline("1");
        assertThat(engine.baseline("1").finalVersion()).as("repeating the same baseline is a no-op").isEqualTo(v("1"));
        engine.migrate();
        assertThatThrownBy(() -> engine.baseline("2")).isInstanceOf(MigrationException.class)
                .hasMessageContaining("cannot baseline store 'memory' at 2: its migration history is not empty");
    }

    @Test
    void undoBelowTheBaselineIsRefused() {
        Migrations engine = engine(reversible("1"), reversible("2"), reversible("3"));
        engine.baseline("2");
        engine.migrate();
        assertThatThrownBy(() -> engine.undoTo("1")).hasMessageContaining("the store was baselined at 2");
        assertThat(engine.undoTo("2").versions()).containsExactly(v("3"));
    }
}
