package dev.stratum.api.migration;

import dev.stratum.api.ConfigurationException;
import dev.stratum.api.Store;
import java.util.Objects;

/**
 * Finds the {@link MigrationTarget} of a store.
 *
 * <pre>{@code
 * MigrationTarget target = MigrationTargets.of(store);
 * }</pre>
 */
public final class MigrationTargets {
    private MigrationTargets() {}

    /**
     * The migration target of {@code store}.
     *
     * @throws ConfigurationException if the store does not implement {@link MigrationTargetProvider}
     */
    public static MigrationTarget of(Store store) {
        Objects.requireNonNull(store, "store");
        if (store instanceof MigrationTargetProvider provider) {
            return provider.migrationTarget();
        }
        throw new ConfigurationException("store '" + store.name() + "' (" + store.getClass().getName()
                + ") has no migration target: it does not implement " + MigrationTargetProvider.class.getName());
    }
}
