package dev.stratum.migrations;

/**
 * Where one migration stands on a store, comparing the resolved migrations (classes) with the
 * store's history. Modelled on Flyway's states.
 *
 * <table>
 *   <caption>States and what {@link Migrations#migrate()} does with them</caption>
 *   <tr><th>State</th><th>Meaning</th><th>migrate()</th></tr>
 *   <tr><td>{@link #PENDING}</td><td>resolved, not applied</td><td>applies it</td></tr>
 *   <tr><td>{@link #APPLIED}</td><td>applied, checksum unchanged</td><td>skips it</td></tr>
 *   <tr><td>{@link #BASELINE}</td><td>the baseline marker</td><td>skips it</td></tr>
 *   <tr><td>{@link #BELOW_BASELINE}</td><td>resolved, at or below the baseline</td><td>never runs it</td></tr>
 *   <tr><td>{@link #IGNORED}</td><td>resolved, not applied, older than the latest applied</td><td>refuses to run unless {@code outOfOrder(true)}</td></tr>
 *   <tr><td>{@link #FAILED}</td><td>recorded as failed</td><td>refuses to run until {@link Migrations#repair()}</td></tr>
 *   <tr><td>{@link #CHECKSUM_MISMATCH}</td><td>applied, but its class changed since</td><td>refuses to run until reverted or repaired</td></tr>
 *   <tr><td>{@link #MISSING}</td><td>applied, but no class resolves to it</td><td>refuses unless {@code ignoreMissingMigrations(true)}</td></tr>
 * </table>
 */
public enum MigrationState {
    /** Resolved and not applied yet: the next {@code migrate()} applies it. */
    PENDING,
    /** Applied successfully, with the checksum the resolved class still has. */
    APPLIED,
    /** The baseline marker written by {@link Migrations#baseline}. */
    BASELINE,
    /** Resolved, but at or below the baseline version: it never runs. */
    BELOW_BASELINE,
    /** Resolved, not applied, and older than the latest applied version (see {@code outOfOrder}). */
    IGNORED,
    /** Recorded as failed: blocks every further run until {@link Migrations#repair()}. */
    FAILED,
    /** Applied, but the resolved class's checksum differs from the recorded one. */
    CHECKSUM_MISMATCH,
    /** Applied on the store, but no resolved migration has this version. */
    MISSING,
    /**
     * Started and not finished: a {@link StepMigration} whose runner recorded a checkpoint and then
     * died or lost its lease (or is still running). The next {@code migrate()} resumes it from its
     * checkpoint.
     */
    RUNNING;

    /** Whether the store's history holds a successful (or baseline) record of this migration. */
    public boolean isApplied() {
        return this == APPLIED || this == BASELINE || this == CHECKSUM_MISMATCH || this == MISSING;
    }

    /** Whether this state makes {@link Migrations#validate()} fail (with the default options). */
    public boolean isProblem() {
        return this == FAILED || this == CHECKSUM_MISMATCH || this == MISSING || this == IGNORED;
    }
}
