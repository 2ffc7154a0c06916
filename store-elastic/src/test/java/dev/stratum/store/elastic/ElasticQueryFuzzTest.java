package dev.stratum.store.elastic;

import dev.stratum.api.Repository;
import dev.stratum.testkit.DifferentialQueryFuzzer;
import dev.stratum.testkit.domain.FuzzRecord;
import net.jqwik.api.lifecycle.AfterContainer;

/** The differential fuzzer on Elasticsearch (the shared test server: a real single-node cluster). */
class ElasticQueryFuzzTest extends DifferentialQueryFuzzer {
    private static ElasticStore store;

    @Override
    protected Repository<FuzzRecord, String> repository() {
        if (store == null) {
            store = ElasticTestStores.newStore("fuzz");
        }
        return store.repository(FuzzRecord.class);
    }

    /** Strings longer than the keyword limit too: stored whole, indexed by their first 8,191 characters. */
    @Override
    protected boolean longStrings() {
        return true;
    }

    @AfterContainer
    static void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
