package dev.stratum.testkit;

import dev.stratum.api.Repository;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.memory.InMemoryStore;

/** Sanity: the fuzzer finds no difference between two in-memory stores. */
class InMemoryQueryFuzzTest extends DifferentialQueryFuzzer {
    private final InMemoryStore store = InMemoryStore.create();

    @Override
    protected Repository<FuzzRecord, String> repository() {
        return store.repository(FuzzRecord.class);
    }
}
