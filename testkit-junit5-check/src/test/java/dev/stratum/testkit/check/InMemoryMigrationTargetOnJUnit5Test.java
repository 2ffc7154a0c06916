package dev.stratum.testkit.check;

import dev.stratum.api.migration.MigrationTarget;
import dev.stratum.api.migration.MigrationTargets;
import dev.stratum.testkit.MigrationTargetCompatibilityKit;
import dev.stratum.testkit.memory.InMemoryStore;

/** The migration-target kit, run by JUnit 5 as a service's test would run it. */
class InMemoryMigrationTargetOnJUnit5Test extends MigrationTargetCompatibilityKit {
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
