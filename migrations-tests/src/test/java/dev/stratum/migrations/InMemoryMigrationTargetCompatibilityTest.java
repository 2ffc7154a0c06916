package dev.stratum.migrations;

import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.testkit.MigrationTargetCompatibilityKit;
import dev.stratum.testkit.memory.InMemoryStore;

/** The in-memory reference store keeps every rule of the migration SPI. */
class InMemoryMigrationTargetCompatibilityTest extends MigrationTargetCompatibilityKit {
    private InMemoryStore store = InMemoryStore.create();

    @Override
    protected MigrationTarget target() {
        return MigrationTargets.of(store);
    }

    @Override
    protected void resetTarget() {
        store = InMemoryStore.create();
    }
}
