package dev.stratum.migrations;

import dev.stratum.api.Store;
import dev.stratum.testkit.MigrationEngineScenarios;
import dev.stratum.testkit.memory.InMemoryStore;

/** The engine scenarios on the in-memory reference store (a fresh store per scenario). */
class InMemoryMigrationEngineScenariosTest extends MigrationEngineScenarios {
    private InMemoryStore store = InMemoryStore.create();

    @Override
    protected Store store() {
        return store;
    }

    @Override
    protected void resetStore() {
        store = InMemoryStore.create();
    }
}
