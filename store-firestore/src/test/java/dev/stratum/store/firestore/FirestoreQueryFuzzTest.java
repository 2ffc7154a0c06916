package dev.stratum.store.firestore;

import dev.stratum.api.Repository;
import dev.stratum.testkit.DifferentialQueryFuzzer;
import dev.stratum.testkit.domain.FuzzRecord;
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

    @AfterContainer
    static void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
