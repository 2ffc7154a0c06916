package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.Capability;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The consistency in force per repository (audit item 9): {@link Capability#READ_YOUR_WRITES} follows the entity's
 * {@link RefreshPolicy}, and each policy does what it says on the real server. Nothing here waits or measures time:
 * visibility is checked by the next query, and what a write asked of the server by the index's refresh statistics
 * with scheduled refreshes switched off ({@code index.refresh_interval: -1}, so only a refresh a request asks for
 * can happen).
 */
class ElasticConsistencyTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static ElasticStore store;

    @Entity("immediate_events")
    record Immediate(@Id String id, String kind) {}

    @Entity("wait_for_events")
    record WaitFor(@Id String id, String kind) {}

    @Entity("unrefreshed_events")
    record Unrefreshed(@Id String id, String kind) {}

    @BeforeAll
    static void open() {
        store = ElasticTestStores.builder("consistency").refresh(WaitFor.class, RefreshPolicy.WAIT_FOR)
                .refresh(Unrefreshed.class, RefreshPolicy.NONE).build();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void eachRepositoryDeclaresReadYourWritesAsItsRefreshPolicyGivesIt() {
        assertThat(store.repository(Immediate.class).capabilities().supports(Capability.READ_YOUR_WRITES)).as("IMMEDIATE (refresh=true)")
                .isTrue();
        assertThat(store.repository(WaitFor.class).capabilities().supports(Capability.READ_YOUR_WRITES)).as("WAIT_FOR").isTrue();
        assertThat(store.repository(Unrefreshed.class).capabilities().supports(Capability.READ_YOUR_WRITES)).as("NONE").isFalse();
        assertThat(store.capabilities().supports(Capability.READ_YOUR_WRITES)).as("the store's default, IMMEDIATE").isTrue();
        assertThat(store.repository(Unrefreshed.class).capabilities().with(Capability.READ_YOUR_WRITES, true))
                .as("nothing else differs").isEqualTo(store.capabilities());
        try (ElasticStore lagging = ElasticTestStores.builder("consistency_none").refresh(RefreshPolicy.NONE)
                .refresh(Immediate.class, RefreshPolicy.IMMEDIATE).build()) {
            assertThat(lagging.capabilities().supports(Capability.READ_YOUR_WRITES)).as("a store whose default is NONE").isFalse();
            assertThat(lagging.repository(WaitFor.class).capabilities().supports(Capability.READ_YOUR_WRITES)).isFalse();
            assertThat(lagging.repository(Immediate.class).capabilities().supports(Capability.READ_YOUR_WRITES)).as("its IMMEDIATE entity")
                    .isTrue();
        }
    }

    @Test
    void underWaitForEveryWriteIsVisibleToTheNextQuery() throws Exception {
        Repository<WaitFor, String> events = store.repository(WaitFor.class);
        // a short explicit interval: wait_for returns at the next scheduled refresh, so each write waits up to this long
        putSettings(store.aliasOf(WaitFor.class), "{\"index\":{\"refresh_interval\":\"100ms\"}}");
        for (int i = 0; i < 8; i++) {
            events.insert(new WaitFor("w" + i, "k" + i));
            assertThat(events.count(Query.all())).as("count right after insert %d", i).isEqualTo(i + 1);
            assertThat(events.find(Query.where(Filter.eq("kind", "k" + i)))).as("find right after insert %d", i).extracting(WaitFor::id)
                    .containsExactly("w" + i);
        }
        events.save(new WaitFor("w0", "changed"));
        assertThat(events.find(Query.where(Filter.eq("kind", "changed")))).as("find right after save").extracting(WaitFor::id)
                .containsExactly("w0");
        events.deleteById("w1");
        assertThat(events.count(Query.all())).as("count right after delete").isEqualTo(7);
    }

    @Test
    void underNoneAWriteAsksForNoRefreshAndShowsOnlyAfterOne() throws Exception {
        Repository<Unrefreshed, String> lagging = store.repository(Unrefreshed.class);
        Repository<Immediate, String> immediate = store.repository(Immediate.class);
        String laggingAlias = store.aliasOf(Unrefreshed.class);
        String immediateAlias = store.aliasOf(Immediate.class);
        putSettings(laggingAlias, "{\"index\":{\"refresh_interval\":\"-1\"}}");
        putSettings(immediateAlias, "{\"index\":{\"refresh_interval\":\"-1\"}}");

        long before = externalRefreshes(laggingAlias);
        lagging.insert(new Unrefreshed("n1", "click"));
        lagging.save(new Unrefreshed("n2", "click"));
        lagging.saveAll(List.of(new Unrefreshed("n3", "click"), new Unrefreshed("n4", "click")));
        assertThat(externalRefreshes(laggingAlias)).as("no write asked for a refresh (no refresh=true / wait_for)").isEqualTo(before);
        assertThat(lagging.count(Query.all())).as("not searchable before a refresh").isZero();
        assertThat(lagging.findById("n1")).as("reads by id are real-time").isPresent();
        refresh(laggingAlias);
        assertThat(lagging.count(Query.all())).as("searchable after one").isEqualTo(4);

        // the contrast on the same server and settings: IMMEDIATE asks for the refresh itself
        long immediateBefore = externalRefreshes(immediateAlias);
        immediate.insert(new Immediate("i1", "click"));
        assertThat(immediate.count(Query.all())).isEqualTo(1);
        assertThat(externalRefreshes(immediateAlias)).as("refresh=true refreshed the shard").isGreaterThan(immediateBefore);
    }

    private static void putSettings(String alias, String body) throws IOException, InterruptedException {
        ElasticTestStores.http("PUT", "/" + alias + "/_settings", body);
    }

    private static void refresh(String alias) throws IOException, InterruptedException {
        ElasticTestStores.http("POST", "/" + alias + "/_refresh", null);
    }

    /** Refreshes of the index's search-visible reader so far (by a request or, were they on, by the schedule). */
    private static long externalRefreshes(String alias) throws IOException, InterruptedException {
        JsonNode stats = JSON.readTree(ElasticTestStores.http("GET", "/" + alias + "/_stats/refresh", null));
        JsonNode refresh = stats.path("_all").path("primaries").path("refresh");
        assertThat(refresh.has("external_total")).as("refresh stats: %s", refresh).isTrue();
        return refresh.path("external_total").asLong();
    }
}
