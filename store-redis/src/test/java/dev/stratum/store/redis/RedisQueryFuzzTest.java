package dev.stratum.store.redis;

import dev.stratum.api.Repository;
import dev.stratum.testkit.DifferentialQueryFuzzer;
import dev.stratum.testkit.domain.FuzzRecord;
import net.jqwik.api.lifecycle.AfterContainer;

/** The differential fuzzer on Redis (the shared test server). */
class RedisQueryFuzzTest extends DifferentialQueryFuzzer {
    private static RedisStore store;

    @Override
    protected Repository<FuzzRecord, String> repository() {
        if (store == null) {
            store = RedisTestStores.newStore();
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
