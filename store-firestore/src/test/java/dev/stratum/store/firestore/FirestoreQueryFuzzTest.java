package dev.stratum.store.firestore;

import dev.stratum.api.Repository;
import dev.stratum.testkit.DifferentialQueryFuzzer;
import dev.stratum.testkit.domain.FuzzRecord;
import java.util.EnumSet;
import java.util.Set;
import net.jqwik.api.lifecycle.AfterContainer;

/** The differential fuzzer on Firestore (the shared test server: the emulator when configured, else the in-process server). */
class FirestoreQueryFuzzTest extends DifferentialQueryFuzzer {
    private static FirestoreStore store;

    @Override
    protected Repository<FuzzRecord, String> repository() {
        if (store == null) {
            store = FirestoreTestStores.newStore("fuzz");
        }
        return store.repository(FuzzRecord.class);
    }

    /**
     * KNOWN GAP of store-firestore (listed in its README): a sort on an untyped field whose values mix types
     * follows Firestore's type order, not the contract's (the fuzzer found {@code sort attrs.x asc} putting
     * {@code false} before {@code ""}). Remove this with the fix.
     */
    @Override
    protected Set<ServerDeviation> serverDeviations() {
        return EnumSet.of(ServerDeviation.MIXED_TYPE_SORT_IN_NATIVE_ORDER);
    }

    @AfterContainer
    static void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
