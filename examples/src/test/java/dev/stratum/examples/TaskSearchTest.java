package dev.stratum.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Store;
import dev.stratum.store.elastic.ElasticStore;
import dev.stratum.store.mongo.MongoStore;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.mongo.MongoTestServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The search example on the test servers: MongoDB in process, the real Elasticsearch distribution. */
class TaskSearchTest {
    @Test
    void keepsTheSearchCopyInStepSearchesByRelevanceAndReconciles() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Store mongo = MongoStore.builder().uri(MongoTestServer.shared().uri(MongoTestServer.uniqueDatabase("search"))).build();
                Store search = ElasticStore.builder().uri(ElasticTestServer.shared().uri())
                        .indexPrefix(ElasticTestServer.uniquePrefix("search")).replicas(0).build();
                PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            TaskSearch.run(mongo, search, out);
        }
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("tickets in mongodb: 201, search copies in elasticsearch: 201",
                "closed T-000 (version 2), search copy status: CLOSED; deleted T-001, search copy present: false",
                "search 'login times out': [T-900 Login times out",
                "after a simulated crash, search copy of T-005 is OPEN and T-006 still searchable: true",
                "reconciled: checked 199, re-indexed 1, removed 1; T-005 now CLOSED, search copies: 199");
        // the best 'payment slow' matches among open tickets are payment tickets that are slow
        assertThat(out).containsPattern("open tickets for 'payment slow': \\[T-\\d{3}, T-\\d{3}, T-\\d{3}]");
    }
}
