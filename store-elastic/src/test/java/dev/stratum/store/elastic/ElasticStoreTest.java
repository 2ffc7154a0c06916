package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Health;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.MappingException;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Store;
import dev.stratum.api.Stores;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** What the Elasticsearch store does beyond the kit: configuration, index layout, limits, streams, TTL sweep, unique repair. */
class ElasticStoreTest {
    private static ElasticStore store;
    private static ElasticsearchClient es;

    @Entity("notes")
    record Note(@Id String id, @Indexed(text = true) String body, int stars) {}

    @Entity("badges")
    record Badge(@Id String id, @Indexed(unique = true) String code) {}

    @Entity(value = "pings", ttlSeconds = 1)
    record Ping(@Id String id, String from) {}

    @Entity("clash")
    record Clash(@Id String id, Instant when) {}

    @BeforeAll
    static void open() {
        store = ElasticTestStores.builder("store").fetchSize(10).ttlSweepInterval(java.time.Duration.ZERO).build();
        es = store.unwrap(ElasticsearchClient.class);
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Test
    void anEntityGetsATemplateAVersionedIndexAndAnAlias() throws Exception {
        store.repository(Note.class);
        String alias = store.aliasOf(Note.class);
        assertThat(es.indices().getAlias(a -> a.name(alias)).result()).containsOnlyKeys(alias + "_v1");
        assertThat(es.indices().existsIndexTemplate(t -> t.name(alias + "_template")).value()).isTrue();
        String mapping = es.indices().getMapping(m -> m.index(alias)).result().get(alias + "_v1").mappings().toString();
        assertThat(mapping).contains("\"dynamic\":\"strict\"").contains("\"body\":{\"type\":\"text\"").contains("\"stars\":{\"type\":\"long\"");
        // strict: a typo'd field is refused by the server, not added to the mapping
        assertThatThrownBy(() -> es.index(i -> i.index(alias).id("x").withJson(new StringReader("{\"id\":\"x\",\"bodyy\":\"typo\"}"))))
                .hasMessageContaining("strict_dynamic_mapping_exception");
    }

    @Test
    void anExistingIndexWithAConflictingMappingIsAClearError() throws Exception {
        String alias = store.aliasOf(Clash.class);
        es.indices().create(c -> c.index(alias + "_v1").aliases(alias, a -> a.isWriteIndex(true))
                .mappings(m -> m.properties("when", p -> p.keyword(k -> k))));
        assertThatThrownBy(() -> store.repository(Clash.class)).isInstanceOf(MappingException.class)
                .hasMessageContaining("'when'").hasMessageContaining("keyword").hasMessageContaining("date");
    }

    @Test
    void textSearchIsOrderedByRelevanceAndCombinesWithFilters() {
        Repository<Note, String> notes = store.repository(Note.class);
        notes.deleteAll(Query.all());
        notes.saveAll(List.of(new Note("a", "login outage after deploy", 5), new Note("b", "outage", 1),
                new Note("c", "outage outage outage in login and login", 3), new Note("d", "nothing here", 4)));
        List<String> ids = notes.find(Query.text("login outage")).stream().map(Note::id).toList();
        assertThat(ids).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(ids.get(2)).as("the weakest match last").isEqualTo("b");
        assertThat(notes.find(Query.text("outage").filter(Filter.gte("stars", 3))).stream().map(Note::id)).containsExactlyInAnyOrder("a", "c");
    }

    @Test
    void streamsPageThroughAPointInTimeAndCloseIt() throws Exception {
        Repository<Note, String> notes = store.repository(Note.class);
        notes.deleteAll(Query.all());
        notes.saveAll(IntStream.range(0, 35).mapToObj(i -> new Note(String.format("n%02d", i), "text " + i, i)).toList());
        try (Stream<Note> s = notes.stream(Query.all().sortBy(dev.stratum.api.Sort.desc("stars")))) {
            assertThat(s.map(Note::stars).toList()).hasSize(35).isSortedAccordingTo((a, b) -> b - a);
        }
        long open = es.nodes().stats(n -> n.metric("indices")).nodes().values().stream()
                .mapToLong(n -> n.indices().search().openContexts()).sum();
        assertThat(open).as("no point in time left open").isZero();
        assertThat(notes.find(Query.all().offset(30))).hasSize(5);
    }

    @Test
    void anOffsetBeyondTheResultWindowIsRefusedWithAPointerToKeysetPaging() {
        Repository<Note, String> notes = store.repository(Note.class);
        assertThatThrownBy(() -> notes.find(Query.all().offset(10_000))).isInstanceOf(InvalidQueryException.class)
                .hasMessageContaining("max_result_window").hasMessageContaining("keyset");
    }

    @Test
    void expiredDocumentsAreHiddenAtOnceAndRemovedByTheSweep() throws Exception {
        Repository<Ping, String> pings = store.repository(Ping.class);
        pings.insert(new Ping("p1", "ann"));
        assertThat(pings.findById("p1")).isPresent();
        Thread.sleep(1100);
        assertThat(pings.findById("p1")).isEmpty();
        assertThat(pings.count(Query.all())).isZero();
        assertThat(es.count(c -> c.index(store.aliasOf(Ping.class))).count()).as("still stored until swept").isEqualTo(1);
        assertThat(store.sweepExpired()).isEqualTo(1);
        es.indices().refresh(r -> r.index(store.aliasOf(Ping.class)));
        assertThat(es.count(c -> c.index(store.aliasOf(Ping.class))).count()).isZero();
    }

    @Test
    void aStaleUniqueReservationIsRepairedAndALiveOneRespected() throws Exception {
        Repository<Badge, String> badges = store.repository(Badge.class);
        String reservations = store.config().indexPrefix() + "stratum_unique";
        String alias = store.aliasOf(Badge.class);
        // left by a writer that died between reserving and writing, long ago
        es.index(i -> i.index(reservations).id(alias + "|code_1|[\"gold\"]").document(Map.of("owner", "ghost", "at", 0L)));
        badges.insert(new Badge("b1", "gold"));
        assertThat(badges.findById("b1")).isPresent();
        // a young reservation of a writer still between its two steps is respected
        es.index(i -> i.index(reservations).id(alias + "|code_1|[\"silver\"]").document(Map.of("owner", "slow", "at", System.currentTimeMillis())));
        assertThatThrownBy(() -> badges.insert(new Badge("b2", "silver"))).isInstanceOf(DuplicateKeyException.class)
                .hasMessageContaining("'code_1'");
        assertThat(badges.existsById("b2")).isFalse();
    }

    @Test
    void healthAndStoreInfoComeFromTheCluster() {
        Health h = store.health();
        assertThat(h.up()).isTrue();
        assertThat(h.details()).containsKey("status");
        assertThat(store.repository(Note.class).storeInfo().system()).isEqualTo("elasticsearch");
        assertThat(store.capabilities().store()).isEqualTo("elasticsearch");
    }

    @Test
    void storesOpenFindsTheStoreForElasticsearchAndHttpUris() {
        String hostPort = ElasticTestServer.shared().uri().replaceFirst("^https?://", "");
        try (Store s = Stores.open("elasticsearch://" + hostPort + "/?prefix=" + ElasticTestServer.uniquePrefix("open"))) {
            assertThat(s).isInstanceOf(ElasticStore.class);
            assertThat(s.health().up()).isTrue();
        }
        try (Store s = Stores.open(ElasticTestServer.shared().uri())) {
            assertThat(s.name()).isEqualTo("elasticsearch");
        }
    }

    @Test
    void anExistingClientIsUsedAsItIs() {
        try (ElasticStore s = ElasticStore.builder().client(es).indexPrefix(ElasticTestServer.uniquePrefix("client")).build()) {
            Repository<Note, String> notes = s.repository(Note.class);
            notes.insert(new Note("x", "hello", 1));
            assertThat(notes.find(Query.text("hello"))).hasSize(1);
            assertThat(s.unwrap(ElasticsearchClient.class)).isSameAs(es);
        }
        assertThat(store.health().up()).as("the given client was not closed").isTrue();
    }

    @Test
    void refreshPolicyIsPerEntity() {
        try (ElasticStore s = ElasticTestStores.builder("refresh").refresh(Ping.class, RefreshPolicy.NONE).build()) {
            assertThat(s.refreshPolicy(Ping.class)).isEqualTo(RefreshPolicy.NONE);
            assertThat(s.refreshPolicy(Note.class)).isEqualTo(RefreshPolicy.IMMEDIATE);
        }
    }

    @Test
    void badConfigurationNamesEveryProblemAndNoSecret() {
        assertThatThrownBy(() -> ElasticStore.builder().uri("ftp://h").build()).isInstanceOf(ConfigurationException.class)
                .hasMessageContaining("scheme");
        assertThatThrownBy(() -> ElasticStore.builder().uri("http://app:s3cr3t@h:9200/?bogus=1").fetchSize(0).build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("bogus").hasMessageContaining("fetchSize")
                .hasMessageNotContaining("s3cr3t");
        assertThatThrownBy(() -> ElasticStore.builder().uri("http://h").indexPrefix("Bad Prefix").build())
                .hasMessageContaining("indexPrefix");
        ElasticStoreConfig c = new ElasticStoreConfig.Builder<>(cfg -> cfg).uri("https://app:s3cr3t@h1,h2:9243/?prefix=p_&refresh=wait_for")
                .build();
        assertThat(c.hosts()).containsExactly("https://h1:9200", "https://h2:9243");
        assertThat(c.indexPrefix()).isEqualTo("p_");
        assertThat(c.refresh(Note.class)).isEqualTo(RefreshPolicy.WAIT_FOR);
        assertThat(c.toString()).doesNotContain("s3cr3t").contains("user=app");
        assertThat(new ElasticStoreConfig.Builder<>(cfg -> cfg).uri("http://h").apiKey(() -> "k3y").build().toString()).doesNotContain("k3y");
    }
}
