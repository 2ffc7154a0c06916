package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationVersion;

/**
 * One migration to apply or revert, as planned.
 *
 * @param version the migration's version
 * @param description its description
 * @param checksum its checksum (explicit, or derived from its class bytes)
 * @param direction {@link Direction#UP} to apply, {@link Direction#DOWN} to revert
 */
public record MigrationStep(MigrationVersion version, String description, String checksum, Direction direction) {

    /** Whether a step applies ({@code up}) or reverts ({@code down}) its migration. */
    public enum Direction {
        /** {@code Migration.up}. */
        UP,
        /** {@code Migration.down}. */
        DOWN
    }

    @Override
    public String toString() {
        return (direction == Direction.UP ? "up " : "down ") + version + " (" + description + ")";
    }
}
