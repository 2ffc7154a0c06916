package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.Entity;
import dev.stratum.api.ErrorCode;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.StoreUnavailableException;
import dev.stratum.api.WriteOutcomeUnknownException;
import dev.stratum.store.elastic.internal.ElasticErrors;
import java.io.IOException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Overload errors from the real server (audit item 19): a circuit breaker tripped on purpose through a dynamic cluster
 * setting answers HTTP 429 {@code circuit_breaking_exception}, which the store reports as a
 * {@link StoreUnavailableException} (transient: nothing was applied, a retry is safe), for reads and writes.
 *
 * <p>The settings are transient cluster settings on the JVM's shared server, so each test reads the breaker settings
 * first and puts back exactly what it found in {@code finally} (and checks it did): the server other test classes of
 * this JVM use is left as found. ({@code PUT _cluster/settings} itself never trips a breaker, so the reset always
 * goes through.) Thread-pool rejections ({@code es_rejected_execution_exception}) are not triggered: the pools'
 * sizes and queue sizes ({@code thread_pool.*.size}, {@code .queue_size}) are static node settings, so only a node
 * started with tiny pools plus a timed flood could produce them, neither deterministic nor cheap; their mapping is
 * the same code path as the 429 here ({@code ElasticErrors.fromServer}).
 */
class ElasticOverloadTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PARENT_LIMIT = "indices.breaker.total.limit";
    private static final String REQUEST_LIMIT = "indices.breaker.request.limit";
    private static ElasticStore store;
    private JsonNode settingsFound;

    @Entity("overload_items")
    record Item(@Id String id, long n) {}

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("overload");
        Repository<Item, String> items = store.repository(Item.class);
        for (int i = 0; i < 5; i++) {
            items.insert(new Item("i" + i, i));
        }
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @BeforeEach
    void readTheBreakerSettings() throws Exception {
        settingsFound = clusterSettings();
    }

    @AfterEach
    void theServerIsLeftAsFound() throws Exception {
        assertThat(clusterSettings()).as("cluster settings as found").isEqualTo(settingsFound);
        assertThat(store.repository(Item.class).count(Query.all())).as("the server serves again").isEqualTo(5);
    }

    @Test
    void aTrippedParentBreakerIsATransientUnavailabilityForReadsAndWrites() throws Exception {
        Repository<Item, String> items = store.repository(Item.class);
        setTransient(PARENT_LIMIT, "1%"); // ~5 MiB of the 512 MiB heap: every request with a body is refused with 429
        try {
            Throwable read = catchThrowable(() -> items.find(Query.all()));
            assertThat(read).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("circuit_breaking_exception")
                    .hasMessageContaining("right now");
            assertThat(((DataAccessException) read).errorCode()).isEqualTo(ErrorCode.STORE_UNAVAILABLE);
            assertThat(ElasticErrors.status(read.getCause())).isEqualTo(429);

            Throwable write = catchThrowable(() -> items.insert(new Item("refused", 99)));
            assertThat(write).as("refused before it was applied: not an unknown outcome").isInstanceOf(StoreUnavailableException.class)
                    .isNotInstanceOf(WriteOutcomeUnknownException.class).hasMessageContaining("circuit_breaking_exception");
        } finally {
            restore(PARENT_LIMIT);
        }
        assertThat(items.findById("refused")).as("the refused insert wrote nothing").isEmpty();
    }

    @Test
    void aTrippedRequestBreakerUnderASearchPhaseFailureIsTransientToo() throws Exception {
        ElasticsearchClient es = store.unwrap(ElasticsearchClient.class);
        String alias = store.aliasOf(Item.class);
        setTransient(REQUEST_LIMIT, "1b"); // an aggregation's preallocation trips it; plain searches do not
        Throwable failure;
        try {
            assertThat(store.repository(Item.class).count(Query.all())).as("a search without aggregations passes").isEqualTo(5);
            failure = catchThrowable(() -> es.search(s -> s.index(alias).size(0).aggregations("by_n", a -> a.terms(t -> t.field("n"))),
                    Void.class));
        } finally {
            restore(REQUEST_LIMIT);
        }
        assertThat(failure).as("the server's answer").isNotNull();
        assertThat(ElasticErrors.status(failure)).isEqualTo(429);
        DataAccessException mapped = ElasticErrors.translate(failure, "aggregate in " + alias, false);
        assertThat(mapped).isInstanceOf(StoreUnavailableException.class).hasMessageContaining("circuit_breaking_exception")
                .hasCause(failure);
    }

    private void setTransient(String key, String value) throws Exception {
        assertThat(settingsFound.path("transient").has(key)).as("%s already set transiently: not touched", key).isFalse();
        putTransient(key, JSON.getNodeFactory().textNode(value));
    }

    /** Puts back the transient value found (none: removed). */
    private void restore(String key) throws Exception {
        JsonNode found = settingsFound.path("transient").get(key);
        putTransient(key, found == null ? JSON.getNodeFactory().nullNode() : found);
    }

    private static void putTransient(String key, JsonNode value) throws IOException, InterruptedException {
        ObjectNode body = JSON.createObjectNode();
        body.putObject("transient").set(key, value);
        ElasticTestStores.http("PUT", "/_cluster/settings", body.toString());
    }

    private static JsonNode clusterSettings() throws IOException, InterruptedException {
        return JSON.readTree(ElasticTestStores.http("GET", "/_cluster/settings?flat_settings=true", null));
    }
}
