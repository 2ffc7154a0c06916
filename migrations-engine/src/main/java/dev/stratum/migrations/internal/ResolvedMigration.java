package dev.stratum.migrations.internal;

import dev.stratum.api.migration.Migration;
import dev.stratum.api.migration.MigrationVersion;
import dev.stratum.migrations.MigrationStep;

/**
 * A migration with its version, description and checksum computed once.
 *
 * @param version the version
 * @param description the description
 * @param checksum the checksum
 * @param migration the migration itself
 */
public record ResolvedMigration(MigrationVersion version, String description, String checksum, Migration migration) {

    /** The step applying or reverting this migration. */
    public MigrationStep step(MigrationStep.Direction direction) {
        return new MigrationStep(version, description, checksum, direction);
    }

    /** The migration's class name, for messages. */
    public String className() {
        return migration.getClass().getName();
    }
}
