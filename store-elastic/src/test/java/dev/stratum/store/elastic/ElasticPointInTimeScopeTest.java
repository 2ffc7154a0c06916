package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import co.elastic.clients.elasticsearch.ElasticsearchClient;
import dev.stratum.api.Entity;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** {@link ElasticStore#openPointInTime()} covers the store's own indexes only, also with the default empty prefix (audit item 25). */
class ElasticPointInTimeScopeTest {
    @Entity("pit_scope")
    record Item(@Id String id, int n) {}

    @Test
    void anEmptyPrefixCoversOnlyStratumIndexesNotTheWholeCluster() throws Exception {
        try (ElasticStore prefixed = ElasticTestStores.newStore("pits");
                ElasticStore unprefixed = ElasticStore.builder().uri(ElasticTestServer.shared().uri()).replicas(0).build()) {
            ElasticsearchClient es = prefixed.unwrap(ElasticsearchClient.class);
            prefixed.repository(Item.class).insert(new Item("i1", 1));
            String alias = prefixed.aliasOf(Item.class);
            // another application's data on the same cluster, under the same prefix and without one
            String foreign = prefixed.config().indexPrefix() + "foreign";
            String elsewhere = "other_app_" + prefixed.config().indexPrefix();
            for (String index : new String[] {foreign, elsewhere}) {
                es.indices().create(c -> c.index(index).aliases(index + "_alias", a -> a));
                es.index(i -> i.index(index).id("x").document(Map.of("secret", "not stratum's")).refresh(
                        co.elastic.clients.elasticsearch._types.Refresh.True));
            }
            try {
                try (ElasticPointInTime pit = unprefixed.openPointInTime()) {
                    assertThat(pit.indicesByAlias()).containsEntry(alias, java.util.List.of(alias + "_v1"))
                            .doesNotContainKeys(foreign + "_alias", elsewhere + "_alias");
                    assertThat(hits(es, pit, alias + "_v1")).isEqualTo(1);
                    assertThat(hits(es, pit, foreign)).as("not in the point in time").isZero();
                    assertThat(hits(es, pit, elsewhere)).as("not in the point in time").isZero();
                }
                try (ElasticPointInTime pit = prefixed.openPointInTime()) {
                    assertThat(pit.indicesByAlias()).containsOnlyKeys(alias);
                    assertThat(hits(es, pit, foreign)).isZero();
                    try (Stream<Item> items = pit.stream(Item.class, Query.all())) {
                        assertThat(items.toList()).containsExactly(new Item("i1", 1));
                    }
                }
                try (ElasticStore empty = ElasticTestStores.newStore("pitnone"); ElasticPointInTime pit = empty.openPointInTime()) {
                    assertThat(pit.indicesByAlias()).isEmpty();
                    assertThat(pit.stream(Item.class, Query.all())).isEmpty();
                }
            } finally {
                es.indices().delete(d -> d.index(foreign, elsewhere));
            }
        }
    }

    /** Documents of {@code index} that a search through the point in time sees. */
    private static long hits(ElasticsearchClient es, ElasticPointInTime pit, String index) throws Exception {
        String id = pit.id();
        assertThat(id).isNotNull();
        return es.search(s -> s.pit(p -> p.id(id)).size(0).trackTotalHits(t -> t.enabled(true))
                .query(q -> q.term(t -> t.field("_index").value(index))), Map.class).hits().total().value();
    }
}
