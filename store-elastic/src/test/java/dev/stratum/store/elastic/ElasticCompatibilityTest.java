package dev.stratum.store.elastic;

import dev.stratum.api.Repository;
import dev.stratum.testkit.RepositoryCompatibilityKit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Elasticsearch store passes the whole {@link RepositoryCompatibilityKit} on a real server (see
 * {@link dev.stratum.testkit.elastic.ElasticTestServer} for where it comes from).
 */
class ElasticCompatibilityTest extends RepositoryCompatibilityKit {
    private static ElasticStore store;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("kit");
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Override
    protected <T, ID> Repository<T, ID> repository(Class<T> entityType) {
        return store.repository(entityType);
    }

    /** Known gap (issue 12 open): BigDecimal fields are indexed as doubles, so decimals a double cannot tell apart sort as ties. */
    @Override
    protected java.util.Optional<String> exactDecimalsUncheckableReason() {
        return java.util.Optional.of("KNOWN GAP of store-elastic: BigDecimal fields are mapped as double, so decimals beyond"
                + " double precision are not ordered exactly (open defect, issue 12)");
    }

    /** Known gap (issue 12 open): untyped maps are mapped as {@code flattened}, which cannot tell a map value from absent. */
    @Override
    protected java.util.Optional<String> untypedFieldValuesGapReason() {
        return java.util.Optional.of("KNOWN GAP of store-elastic: untyped Map fields are mapped as 'flattened', where a map"
                + " value under a key is not seen by exists (open defect, issue 12)");
    }
}
