package dev.stratum.store.mongo;

import dev.stratum.api.Repository;
import java.util.EnumSet;
import java.util.Set;
import dev.stratum.testkit.DifferentialQueryFuzzer;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.mongo.MongoTestServer;
import net.jqwik.api.lifecycle.AfterContainer;

/** The differential fuzzer on MongoDB (the shared test server: in-process unless a URI is given). */
class MongoQueryFuzzTest extends DifferentialQueryFuzzer {
    private static MongoStore store;

    @Override
    protected Repository<FuzzRecord, String> repository() {
        if (store == null) {
            store = TestStores.create("fuzz");
        }
        return store.repository(FuzzRecord.class);
    }

    /** mongo-java-server orders strings by UTF-16 unit and compares decimals as doubles; MongoDB does neither. */
    @Override
    protected Set<ServerDeviation> serverDeviations() {
        return MongoTestServer.shared().isRealMongoDB() ? Set.of()
                : EnumSet.of(ServerDeviation.UTF16_STRING_ORDER, ServerDeviation.DOUBLE_PRECISION_DECIMALS);
    }

    @AfterContainer
    static void close() {
        if (store != null) {
            TestStores.dropAndClose(store);
            store = null;
        }
    }
}
