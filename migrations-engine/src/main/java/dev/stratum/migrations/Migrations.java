package dev.stratum.migrations;

import dev.stratum.api.migration.LeaseLostException;
import dev.stratum.api.migration.MigrationException;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.migrations.internal.EngineSettings;
import dev.stratum.migrations.internal.MigrationRunner;
import dev.stratum.migrations.internal.ResolvedMigration;
import java.util.List;

/**
 * The migration engine of one store: applies versioned Java migrations, keeps the store's history,
 * and takes the store's migration lock so that any number of application instances starting at
 * once apply each migration exactly once. Thread-safe and reusable; every method reads the history
 * afresh.
 *
 * <h2>At application start-up</h2>
 * <pre>{@code
 * try (Store store = Stores.open(uri)) {
 *     Migrations.builder()
 *             .target(store)
 *             .scan("com.acme.migrations")          // classes named like V2_1__Add_task_tags
 *             .build()
 *             .migrate();                            // validate, lock, apply pending, unlock
 *     // ... start serving
 * }
 * }</pre>
 *
 * <h2>Operations</h2>
 * <ul>
 *   <li>{@link #info()}, {@link #plan()}, {@link #validate()}: read-only, no lock.</li>
 *   <li>{@link #migrate()}, {@link #migrateTo}, {@link #undoTo}, {@link #baseline}, {@link #repair()}:
 *       take the lock, re-read and validate the history, then write.</li>
 * </ul>
 *
 * <h2>The lock</h2>
 * A lease with an owner id and an expiry, renewed by a heartbeat while the run lasts and released at
 * its end. Another runner waits (polling) up to {@code lockWaitTimeout}, then fails with a
 * {@link MigrationLockException} naming the holder and its expiry. A lease whose runner died is
 * not renewed and is taken over once it expires. Every acquisition gets a larger fencing token and
 * the store refuses history writes with an older one, so a runner whose lease was taken over cannot
 * record anything ({@link LeaseLostException}).
 *
 * <h2>Failures</h2>
 * A migration that throws is recorded as {@link MigrationState#FAILED}, the run stops and a
 * {@link MigrationException} is thrown with the migration's exception as its cause; nothing after it
 * runs, and later runs refuse to start until {@link #repair()} clears the failure.
 */
public final class Migrations {
    private final EngineSettings settings;
    private final MigrationRunner runner;

    Migrations(EngineSettings settings) {
        this.settings = settings;
        this.runner = new MigrationRunner(settings);
    }

    /** A builder; {@link MigrationsBuilder#target} is required. */
    public static MigrationsBuilder builder() {
        return new MigrationsBuilder();
    }

    /** The migrations this engine knows, ordered by version, with their checksums. */
    public List<MigrationStep> migrations() {
        return settings.migrations().stream().map(m -> m.step(MigrationStep.Direction.UP)).toList();
    }

    /** This engine's lock owner id. */
    public String owner() {
        return settings.owner();
    }

    /**
     * Every migration's state: applied, pending, failed, missing, changed (see {@link MigrationState}),
     * the current version, who holds the lock, and what would fail validation. Read-only.
     */
    public MigrationInfo info() {
        return runner.info();
    }

    /** A dry run of {@link #migrate()}: the pending migrations in order, with checksums and any blockers. Read-only. */
    public MigrationPlan plan() {
        return runner.planMigrate(null);
    }

    /** A dry run of {@link #migrateTo}. Read-only. */
    public MigrationPlan planTo(MigrationVersion version) {
        return runner.planMigrate(version);
    }

    /** A dry run of {@link #undoTo}: the migrations that would be reverted, newest first. Read-only. */
    public MigrationPlan planUndoTo(MigrationVersion version) {
        return runner.planUndo(version);
    }

    /**
     * Checks the resolved migrations against the store's history. Read-only.
     *
     * @throws MigrationValidationException naming every problem: a FAILED migration, an applied
     *     migration whose class changed (with both checksums), a missing one, an out-of-order one
     */
    public void validate() {
        runner.validate();
    }

    /**
     * Applies every pending migration in version order: takes the lock, validates, runs each
     * migration's {@code up} and records it. When nothing is pending and nothing is wrong it returns
     * at once, without taking the lock.
     *
     * @return what ran (possibly nothing)
     * @throws MigrationValidationException if validation fails (nothing runs)
     * @throws MigrationException if a migration failed (cause: its exception); it is recorded as FAILED
     * @throws MigrationLockException if the lock could not be had within {@code lockWaitTimeout}
     * @throws LeaseLostException if this runner's lease was taken over while it ran
     */
    public MigrationResult migrate() {
        return runner.migrate(null);
    }

    /** Like {@link #migrate()}, applying pending migrations up to and including {@code version} only. */
    public MigrationResult migrateTo(MigrationVersion version) {
        return runner.migrate(version);
    }

    /** Like {@link #migrateTo(MigrationVersion)} with a version string such as {@code "2.1"}. */
    public MigrationResult migrateTo(String version) {
        return migrateTo(MigrationVersion.parse(version));
    }

    /**
     * Reverts every applied migration above {@code version}, newest first, with its {@code down};
     * each reverted migration's record is removed, so it is pending again. Use
     * {@code MigrationVersion.parse("0")} to revert all. Refused before anything runs if one of them
     * is not reversible or has no class, if validation fails, or below a baseline.
     *
     * @throws MigrationValidationException if refused
     * @throws MigrationException if a {@code down} failed (recorded as FAILED; cause: its exception)
     */
    public MigrationResult undoTo(MigrationVersion version) {
        return runner.undo(version);
    }

    /** Like {@link #undoTo(MigrationVersion)} with a version string. */
    public MigrationResult undoTo(String version) {
        return undoTo(MigrationVersion.parse(version));
    }

    /**
     * Marks a store that already holds data from before migrations were used as being at
     * {@code version}: migrations up to it never run ({@link MigrationState#BELOW_BASELINE}). Only on
     * an empty history (repeating the same baseline is a no-op).
     *
     * @throws MigrationException if the history is not empty
     */
    public MigrationResult baseline(MigrationVersion version) {
        return runner.baseline(version);
    }

    /** Like {@link #baseline(MigrationVersion)} with a version string. */
    public MigrationResult baseline(String version) {
        return baseline(MigrationVersion.parse(version));
    }

    /**
     * Repairs the history after a failure or an intended change: removes FAILED records (those
     * migrations become pending and run again on the next {@link #migrate()}, so fix them first and
     * make them idempotent), and realigns the recorded checksum and description of applied migrations
     * to their current classes.
     */
    public RepairResult repair() {
        return runner.repair();
    }

    @Override
    public String toString() {
        return "Migrations[store=" + settings.storeName() + ", owner=" + settings.owner() + ", migrations="
                + settings.migrations().stream().map(ResolvedMigration::version).toList() + "]";
    }
}
