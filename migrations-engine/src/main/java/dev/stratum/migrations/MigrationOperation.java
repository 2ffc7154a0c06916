package dev.stratum.migrations;

/** What a run of the engine does; carried by plans, results and events. */
public enum MigrationOperation {
    /** {@link Migrations#migrate()} or {@link Migrations#migrateTo}: apply pending migrations. */
    MIGRATE,
    /** {@link Migrations#undoTo}: revert applied migrations, newest first. */
    UNDO,
    /** {@link Migrations#baseline}: mark existing data as being at a version. */
    BASELINE,
    /** {@link Migrations#repair()}: clear failures and realign checksums. */
    REPAIR
}
