package dev.stratum.store.elastic;

import dev.stratum.api.Repository;
import dev.stratum.testkit.DifferentialQueryFuzzer;
import dev.stratum.testkit.domain.FuzzRecord;
import java.util.EnumSet;
import java.util.Set;
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
     * KNOWN GAP of store-elastic (issue 12, open; listed in its README): Lucene sorts a missing long as
     * {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE}, so those two values tie with nulls in a sort (the fuzzer
     * found {@code sort n desc} putting nulls before {@code Long.MIN_VALUE}). Remove this with the fix.
     */
    @Override
    protected Set<ServerDeviation> serverDeviations() {
        return EnumSet.of(ServerDeviation.EXTREME_LONGS_SORT_AS_MISSING);
    }

    @AfterContainer
    static void close() {
        if (store != null) {
            store.close();
            store = null;
        }
    }
}
