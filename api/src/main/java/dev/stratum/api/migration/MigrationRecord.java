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
 */
public record MigrationRecord(MigrationVersion version, String description, String checksum, String installedBy, Instant startedAt,
        @Nullable Instant finishedAt, Duration duration, Outcome outcome, @Nullable String error) {

    /** How an applied migration ended. */
    public enum Outcome {
        /** Applied successfully. */
        SUCCEEDED,
        /** Threw; blocks further runs until repaired. */
        FAILED,
        /** Marks the baseline: versions up to it count as applied. */
        BASELINE
    }
}
