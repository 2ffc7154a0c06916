package dev.stratum.migrations.internal;

import dev.stratum.api.Store;
import dev.stratum.api.migration.MigrationContext;
import dev.stratum.api.migration.MigrationVersion;

/** The {@link MigrationContext} a running migration gets: the store, its version, and the lease check. */
final class EngineContext implements MigrationContext {
    private final Store store;
    private final MigrationVersion version;
    private final LeaseKeeper keeper;

    EngineContext(Store store, MigrationVersion version, LeaseKeeper keeper) {
        this.store = store;
        this.version = version;
        this.keeper = keeper;
    }

    @Override
    public Store store() {
        return store;
    }

    @Override
    public MigrationVersion version() {
        return version;
    }

    @Override
    public void checkLease() {
        keeper.checkLease();
    }

    @Override
    public String toString() {
        return "MigrationContext[" + store.name() + ", " + version + "]";
    }
}
