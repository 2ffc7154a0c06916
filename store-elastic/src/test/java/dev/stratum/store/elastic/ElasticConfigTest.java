package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import co.elastic.clients.json.jackson.JacksonJsonpMapper;
import co.elastic.clients.transport.rest_client.RestClientTransport;
import dev.stratum.api.ConfigurationException;
import dev.stratum.api.CursorKey;
import dev.stratum.api.DataAccessException;
import dev.stratum.api.DuplicateKeyException;
import dev.stratum.api.Entity;
import dev.stratum.api.Health;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.InvalidQueryException;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.api.StoreInfo;
import dev.stratum.testkit.DeadEndpoint;
import dev.stratum.testkit.elastic.ElasticTestServer;
import dev.stratum.testkit.fault.FaultProxy;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.http.HttpHost;
import org.elasticsearch.client.RestClient;
import org.junit.jupiter.api.Test;

/**
 * Configuration paths (audit items 10, 14, 20, 21): {@code health()} bounded by {@code healthTimeout} against a server
 * that never answers, {@code cursorKey} shared by two instances, a given {@link RestClient}/{@link ElasticsearchClient}
 * reported in {@code storeInfo} and refused next to settings that configure the store's own client, compression, the
 * URI's timeout and fingerprint options, {@code repository.unwrap}, and the reservation index created again after a
 * failed first attempt.
 */
class ElasticConfigTest {
    private static final URI SERVER = URI.create(ElasticTestServer.shared().uri());

    @Entity("cfg_notes")
    record Note(@Id String id, String text) {}

    @Entity("cfg_badges")
    record Badge(@Id String id, @Indexed(unique = true) String code) {}

    /**
     * A server that accepts TCP connections and never answers: {@code health()} is down after about its 1 s timeout
     * (bounded generously here, a loaded machine), not after the 30 s socket timeout; also when a live server
     * starts swallowing everything after a first healthy answer.
     */
    @Test
    void healthAnswersWithinItsTimeoutWhenTheServerNeverAnswers() {
        Duration timeout = Duration.ofSeconds(1);
        try (DeadEndpoint silent = DeadEndpoint.blackHole();
                ElasticStore store = ElasticStore.builder().uri("http://" + silent.hostAndPort()).healthTimeout(timeout).build()) {
            long start = System.nanoTime();
            Health health = store.health();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("health() of a black hole with healthTimeout=1s took " + took.toMillis() + " ms");
            assertThat(health.up()).isFalse();
            assertThat(health.error()).contains("did not answer").contains(silent.hostAndPort());
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
        try (FaultProxy proxy = FaultProxy.startFor(SERVER.toString());
                ElasticStore store = ElasticStore.builder().uri(proxy.rewrite(SERVER.toString())).healthTimeout(timeout).build()) {
            Health up = store.health();
            assertThat(up.up()).isTrue();
            assertThat(up.serverVersion()).isNotBlank();
            proxy.blackHole();
            long start = System.nanoTime();
            Health down = store.health();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.println("health() through a black-holed proxy with healthTimeout=1s took " + took.toMillis() + " ms");
            assertThat(down.up()).isFalse();
            assertThat(took).isLessThan(Duration.ofSeconds(10));
        }
    }

    /** A cursor made by one instance reads on on another built with the same key, and is refused with another key. */
    @Test
    void aCursorKeySharedByTwoInstancesLetsCursorsTravel() {
        CursorKey key = CursorKey.random();
        String prefix = ElasticTestServer.uniquePrefix("cursor");
        try (ElasticStore a = builder(prefix).cursorKey(key).build(); ElasticStore b = builder(prefix).cursorKey(key).build();
                ElasticStore other = builder(prefix).cursorKey(CursorKey.random()).build(); ElasticStore unkeyed = builder(prefix).build()) {
            Repository<Note, String> notes = a.repository(Note.class);
            IntStream.range(0, 5).forEach(i -> notes.insert(new Note("n" + i, "note " + i)));
            Query byId = Query.all().sortBy(Sort.asc("id"));
            Page<Note> first = notes.page(byId, PageRequest.first(2));
            assertThat(first.items()).extracting(Note::id).containsExactly("n0", "n1");
            PageRequest next = first.next().orElseThrow();

            Page<Note> second = b.<Note, String>repository(Note.class).page(byId, next);
            assertThat(second.items()).as("the second instance, same key").extracting(Note::id).containsExactly("n2", "n3");
            for (ElasticStore foreign : List.of(other, unkeyed)) {
                assertThatThrownBy(() -> foreign.<Note, String>repository(Note.class).page(byId, next))
                        .isInstanceOf(InvalidQueryException.class).hasMessageContaining("cursor");
            }
        }
        assertThat(new ElasticStoreConfig.Builder<ElasticStoreConfig>(x -> x).uri(SERVER.toString()).cursorKey(key).build().cursorKey())
                .isSameAs(key);
    }

    /** storeInfo names the given low-level client's first node, also behind a given ElasticsearchClient. */
    @Test
    void aGivenRestClientIsReportedInStoreInfoAndUsed() throws Exception {
        try (RestClient rest = RestClient.builder(new HttpHost(SERVER.getHost(), SERVER.getPort(), "http")).build()) {
            ElasticsearchClient es = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
            for (ElasticStoreConfig.Builder<ElasticStore> b : List.of(ElasticStore.builder().restClient(rest),
                    ElasticStore.builder().client(es))) {
                try (ElasticStore store = b.indexPrefix(ElasticTestServer.uniquePrefix("rest")).replicas(0).build()) {
                    Repository<Note, String> notes = store.repository(Note.class);
                    notes.insert(new Note("a", "through the given client"));
                    assertThat(notes.findById("a")).isPresent();
                    StoreInfo info = notes.storeInfo();
                    assertThat(info.serverAddress()).isEqualTo(SERVER.getHost());
                    assertThat(info.serverPort()).isEqualTo(SERVER.getPort());
                    assertThat(notes.unwrap(ElasticsearchClient.class)).isSameAs(store.unwrap(ElasticsearchClient.class));
                }
            }
            assertThat(rest.isRunning()).as("the given client is not closed").isTrue();
        }
    }

    /** The settings of the store's own client cannot be given next to a client configured by its owner. */
    @Test
    void aGivenClientWithSettingsOfTheStoresOwnClientIsRefused() throws Exception {
        try (RestClient rest = RestClient.builder(new HttpHost(SERVER.getHost(), SERVER.getPort(), "http")).build()) {
            ElasticsearchClient es = new ElasticsearchClient(new RestClientTransport(rest, new JacksonJsonpMapper()));
            assertThatThrownBy(() -> ElasticStore.builder().client(es).hosts(SERVER.toString()).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("client(...) cannot be combined with hosts/uri");
            assertThatThrownBy(() -> ElasticStore.builder().restClient(rest).basicAuth("app", () -> "pw").caFingerprint("ab".repeat(32))
                    .connectTimeout(Duration.ofSeconds(1)).compression(true).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("restClient(...) cannot be combined with")
                    .hasMessageContaining("basicAuth").hasMessageContaining("caFingerprint").hasMessageContaining("connectTimeout")
                    .hasMessageContaining("compression").hasMessageNotContaining("pw");
            assertThatThrownBy(() -> ElasticStore.builder().client(es).restClient(rest).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("restClient(...)");
            assertThatThrownBy(() -> ElasticStore.builder().uri("http://app:pw@es:9200").apiKey(() -> "k").client(es).build())
                    .isInstanceOf(ConfigurationException.class).hasMessageContaining("apiKey");
        }
    }

    /** compression(true): requests go gzip-encoded (seen by a recording proxy) and a round trip works. */
    @Test
    void compressionGzipsRequestsAndWorks() throws Exception {
        try (TlsRecordingProxy proxy = TlsRecordingProxy.plain(SERVER.getHost(), SERVER.getPort())) {
            for (String uri : List.of(proxy.url(), proxy.url() + "?compression=true")) {
                ElasticStoreConfig.Builder<ElasticStore> b = ElasticStore.builder().uri(uri).indexPrefix(ElasticTestServer.uniquePrefix("gzip"))
                        .replicas(0);
                try (ElasticStore store = uri.contains("compression") ? b.build() : b.compression(true).build()) {
                    assertThat(store.config().compression()).isTrue();
                    int before = proxy.headers().size();
                    Repository<Note, String> notes = store.repository(Note.class);
                    String text = "compressed ".repeat(200);
                    notes.insert(new Note("z", text));
                    assertThat(notes.findById("z")).contains(new Note("z", text));
                    assertThat(notes.find(Query.where(dev.stratum.api.Filter.eq("text", text)))).hasSize(1);
                    List<String> sent = proxy.headers().subList(before, proxy.headers().size());
                    assertThat(sent).as("request headers through the proxy").contains("content-encoding: gzip");
                }
            }
        }
    }

    @Test
    void uriTimeoutAndFingerprintOptionsAreParsedIntoTheConfig() {
        String fingerprint = "A1:B2:" + "c3".repeat(30);
        ElasticStoreConfig c = new ElasticStoreConfig.Builder<ElasticStoreConfig>(x -> x)
                .uri("elasticsearch://es1:9201?tls=true&connectTimeoutMs=1500&socketTimeoutMs=2500&caFingerprint=" + fingerprint
                        + "&compression=true&refresh=wait_for&prefix=app_")
                .build();
        assertThat(c.hosts()).containsExactly("https://es1:9201");
        assertThat(c.connectTimeout()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.socketTimeout()).isEqualTo(Duration.ofMillis(2500));
        assertThat(c.caFingerprint()).contains(fingerprint);
        assertThat(c.compression()).isTrue();
        assertThat(c.refresh(Note.class)).isEqualTo(RefreshPolicy.WAIT_FOR);
        assertThat(c.indexPrefix()).isEqualTo("app_");
        assertThat(new ElasticStoreConfig.Builder<ElasticStoreConfig>(x -> x).uri("elasticsearchs://es1").build().hosts())
                .containsExactly("https://es1:9200");
        assertThatThrownBy(() -> new ElasticStoreConfig.Builder<ElasticStoreConfig>(x -> x)
                .uri("http://es1?connectTimeoutMs=soon&socketTimeoutMs=0&caFingerprint=zz").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("connectTimeoutMs=soon")
                .hasMessageContaining("socketTimeout must be positive").hasMessageContaining("caFingerprint must be a SHA-256");
        assertThatThrownBy(() -> new ElasticStoreConfig.Builder<ElasticStoreConfig>(x -> x).hosts("es1:9200", "http://es2:9200/orders").build())
                .isInstanceOf(ConfigurationException.class).hasMessageContaining("host #2 'http://es2:9200/orders' is not a valid URL");
    }

    /**
     * Audit item 21: the first creation of the reservation index fails for real (an index already holds its
     * {@code _v1} name); once that is gone, the next repository with a unique index creates it, strictly mapped, and
     * uniqueness is enforced.
     */
    @Test
    void theReservationIndexIsCreatedAgainAfterAFailedFirstAttempt() throws Exception {
        String prefix = ElasticTestServer.uniquePrefix("resv");
        try (ElasticStore store = builder(prefix).build()) {
            ElasticsearchClient es = store.unwrap(ElasticsearchClient.class);
            String reservations = prefix + "stratum_unique";
            es.indices().create(c -> c.index(reservations + "_v1"));
            Throwable first = catchThrowable(() -> store.repository(Badge.class));
            assertThat(first).as("the first creation fails").isInstanceOf(DataAccessException.class);
            es.indices().delete(d -> d.index(reservations + "_v1"));

            Repository<Badge, String> badges = store.repository(Badge.class);
            assertThat(es.indices().existsAlias(a -> a.name(reservations)).value()).as("created on the second attempt").isTrue();
            var mapping = es.indices().getMapping(g -> g.index(reservations)).result().values().iterator().next().mappings();
            assertThat(mapping.dynamic()).isEqualTo(co.elastic.clients.elasticsearch._types.mapping.DynamicMapping.Strict);
            badges.insert(new Badge("a", "GOLD"));
            assertThatThrownBy(() -> badges.insert(new Badge("b", "GOLD"))).isInstanceOf(DuplicateKeyException.class);
            assertThat(badges.count(Query.all())).isEqualTo(1);
        }
    }

    private static ElasticStoreConfig.Builder<ElasticStore> builder(String prefix) {
        return ElasticStore.builder().uri(SERVER.toString()).indexPrefix(prefix).replicas(0);
    }
}
