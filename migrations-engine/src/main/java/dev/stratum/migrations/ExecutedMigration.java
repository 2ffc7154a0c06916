package dev.stratum.migrations;

import java.time.Duration;
import java.time.Instant;

/**
 * A step the engine ran successfully.
 *
 * @param step what ran
 * @param startedAt when it started (engine clock, millisecond precision)
 * @param duration how long it took
 */
public record ExecutedMigration(MigrationStep step, Instant startedAt, Duration duration) {}
