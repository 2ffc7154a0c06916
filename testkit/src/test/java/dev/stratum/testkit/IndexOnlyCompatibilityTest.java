package dev.stratum.testkit;

import dev.stratum.api.Capability;
import dev.stratum.api.Repository;
import java.util.EnumSet;

/**
 * The kit against a store shaped like Redis: no {@link Capability#UNINDEXED_FIELDS} (filters and
 * sorts only on indexed fields, scans on request), no text search, no TTL. Proves the generic groups
 * only touch indexed fields, and the refusal checks of what is missing.
 */
class IndexOnlyCompatibilityTest extends RepositoryCompatibilityKit {
    private static final LimitedStore STORE = new LimitedStore("index-only",
            EnumSet.complementOf(EnumSet.of(Capability.UNINDEXED_FIELDS, Capability.TEXT_SEARCH, Capability.TRANSACTIONS, Capability.TTL,
                    Capability.NATIVE_AGGREGATION, Capability.ORDER_BY_DROPS_MISSING, Capability.NE_DROPS_MISSING,
                    Capability.UNTYPED_FIELD_QUERIES_REFUSED)));

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return STORE.repository(entityType);
    }
}
