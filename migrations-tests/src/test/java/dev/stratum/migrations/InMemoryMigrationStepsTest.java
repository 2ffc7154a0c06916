package dev.stratum.migrations;

import dev.stratum.api.Store;
import dev.stratum.testkit.MigrationStepsKit;
import dev.stratum.testkit.memory.InMemoryStore;

/** The portable steps kit on the in-memory reference store. */
class InMemoryMigrationStepsTest extends MigrationStepsKit {
    private final InMemoryStore store = InMemoryStore.create();

    @Override
    protected Store store() {
        return store;
    }
}
