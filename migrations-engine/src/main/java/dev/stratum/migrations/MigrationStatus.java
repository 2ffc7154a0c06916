package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationVersion;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * One line of {@link MigrationInfo}: a migration known from its class, from the store's history, or
 * both.
 *
 * @param version the version
 * @param description the resolved description, or the recorded one for {@link MigrationState#MISSING}
 * @param state where it stands
 * @param resolvedChecksum the checksum of the resolved class; null if none resolves to this version
 * @param appliedChecksum the checksum recorded in the history; null if not recorded
 * @param installedBy the owner id that recorded it; null if not recorded
 * @param installedAt when the recorded run started; null if not recorded
 * @param duration how long the recorded run took; null if not recorded
 * @param error the recorded failure, for {@link MigrationState#FAILED}
 * @param type what kind of migration it is
 */
public record MigrationStatus(MigrationVersion version, String description, MigrationState state,
        @Nullable String resolvedChecksum, @Nullable String appliedChecksum, @Nullable String installedBy,
        @Nullable Instant installedAt, @Nullable Duration duration, @Nullable String error, Type type) {

    /** A status whose type is derived from the state only ({@link Type#BASELINE} or {@link Type#UNKNOWN}). */
    public MigrationStatus(MigrationVersion version, String description, MigrationState state, @Nullable String resolvedChecksum,
            @Nullable String appliedChecksum, @Nullable String installedBy, @Nullable Instant installedAt, @Nullable Duration duration,
            @Nullable String error) {
        this(version, description, state, resolvedChecksum, appliedChecksum, installedBy, installedAt, duration, error,
                state == MigrationState.BASELINE ? Type.BASELINE : Type.UNKNOWN);
    }

    /** What kind of migration a status describes. */
    public enum Type {
        /** A {@link StepMigration}: portable steps, checksum from their canonical form. */
        STEPS,
        /** A Java code migration: checksum only if its author declares one. */
        JAVA,
        /** The baseline marker. */
        BASELINE,
        /** Only known from the history (no resolved class). */
        UNKNOWN
    }
}
