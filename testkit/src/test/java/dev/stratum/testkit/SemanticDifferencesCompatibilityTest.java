package dev.stratum.testkit;

import dev.stratum.api.Capability;
import dev.stratum.api.Repository;
import java.util.EnumSet;

/**
 * The kit against a store declaring the semantic capabilities Firestore needs
 * ({@link Capability#ORDER_BY_DROPS_MISSING}, {@link Capability#NE_DROPS_MISSING}) and behaving
 * accordingly: the kit must expect exactly those differences, and nothing else may change.
 */
class SemanticDifferencesCompatibilityTest extends RepositoryCompatibilityKit {
    private static final LimitedStore STORE = new LimitedStore("firestore-like",
            EnumSet.complementOf(EnumSet.of(Capability.TEXT_SEARCH, Capability.TRANSACTIONS, Capability.TTL, Capability.NATIVE_AGGREGATION,
                    Capability.UNTYPED_FIELD_QUERIES_REFUSED)));

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return STORE.repository(entityType);
    }
}
