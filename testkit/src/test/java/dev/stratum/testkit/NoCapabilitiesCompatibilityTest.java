package dev.stratum.testkit;

import dev.stratum.api.Capability;
import dev.stratum.api.Repository;
import java.util.EnumSet;

/**
 * The kit against a store declaring no {@link Capability} at all: every construct that needs one
 * must be refused before I/O, and every check that needs one must be skipped with a reason.
 */
class NoCapabilitiesCompatibilityTest extends RepositoryCompatibilityKit {
    private static final LimitedStore STORE = new LimitedStore("bare", EnumSet.noneOf(Capability.class));

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return STORE.repository(entityType);
    }
}
