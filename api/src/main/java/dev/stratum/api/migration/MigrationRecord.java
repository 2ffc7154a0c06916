package dev.stratum.api.migration;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One row of a store's migration history.
 *
 * @param version the migration version
 * @param description its description
 * @param checksum its checksum when applied
 * @param installedBy the owner id of the runner that applied it
 * @param startedAt when it started
 * @param finishedAt when it finished (null while running)
 * @param duration how long it ran
 * @param outcome how it ended
 * @param error the failure message, for {@link Outcome#FAILED}
 * @param checkpoint where a migration running in batches got to, for {@link Outcome#RUNNING}: opaque text
 *     the engine writes after each batch and a runner taking the lock over resumes from; null otherwise
 */
public record MigrationRecord(MigrationVersion version, String description, String checksum, String installedBy, Instant startedAt,
        @Nullable Instant finishedAt, Duration duration, Outcome outcome, @Nullable String error, @Nullable String checkpoint) {

    /** A record without a checkpoint (every outcome but {@link Outcome#RUNNING}). */
    public MigrationRecord(MigrationVersion version, String description, String checksum, String installedBy, Instant startedAt,
            @Nullable Instant finishedAt, Duration duration, Outcome outcome, @Nullable String error) {
        this(version, description, checksum, installedBy, startedAt, finishedAt, duration, outcome, error, null);
    }

    /** How an applied migration ended. */
    public enum Outcome {
        /** Applied successfully. */
        SUCCEEDED,
        /** Threw; blocks further runs until repaired. */
        FAILED,
        /** Marks the baseline: versions up to it count as applied. */
        BASELINE,
        /**
         * Started and not finished: a migration running in checkpointed batches records its
         * {@link MigrationRecord#checkpoint()} after each batch. If its runner dies, the runner that
         * takes the lock over resumes it from there. Not applied: the version is still pending.
         */
        RUNNING
    }
}
