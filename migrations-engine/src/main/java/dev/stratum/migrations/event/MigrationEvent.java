package dev.stratum.migrations.event;

import dev.stratum.migrations.MigrationStep;

/**
 * One migration of a run, applied or reverted.
 *
 * @param run the run it belongs to
 * @param step the migration and its direction
 */
public record MigrationEvent(RunEvent run, MigrationStep step) {}
