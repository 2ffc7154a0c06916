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

    /**
     * KNOWN GAP of store-elastic (issue 12, open, the same the kit skips with a reason): BigDecimal fields are mapped as
     * double, so decimals a double cannot tell apart compare equal (the fuzzer found in(dec, …) matching a neighbour).
     * Until the mapping keeps decimals exact, the generator avoids such decimals here; remove this with the fix.
     */
    @Override
    protected java.util.Set<ServerDeviation> serverDeviations() {
        return java.util.EnumSet.of(ServerDeviation.DOUBLE_PRECISION_DECIMALS);
    }

    @AfterContainer
    static void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
