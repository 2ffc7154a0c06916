package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationVersion;
import java.util.List;

/**
 * What {@link Migrations#repair()} changed in the store's history.
 *
 * @param removedFailures versions whose FAILED records were removed (they are pending again)
 * @param realignedChecksums versions whose recorded checksum and description were updated to the resolved class's
 */
public record RepairResult(List<MigrationVersion> removedFailures, List<MigrationVersion> realignedChecksums) {

    public RepairResult {
        removedFailures = List.copyOf(removedFailures);
        realignedChecksums = List.copyOf(realignedChecksums);
    }

    /** Whether nothing needed repairing. */
    public boolean isEmpty() {
        return removedFailures.isEmpty() && realignedChecksums.isEmpty();
    }
}
