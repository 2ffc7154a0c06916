package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.elastic.ElasticTestServer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * An index created before the long-string prefix ({@code $stratum.p}) existed keeps working: the open adds the
 * fields with {@code _mapping}, a document written before keeps the former order until it is written again, and
 * documents written after are in their place.
 */
class ElasticLongStringUpgradeTest {
    @Entity("long_upgrade")
    record Doc(@Id String id, @Nullable String s) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LONG_B = "b" + "x".repeat(9_000);

    private static ElasticStore open(String prefix) {
        return ElasticStore.builder().uri(ElasticTestServer.shared().uri()).indexPrefix(prefix).replicas(0).build();
    }

    @Test
    @SuppressWarnings("unchecked")
    void anIndexWithoutThePrefixFieldsGetsThemAtTheOpen() throws Exception {
        String prefix = ElasticTestServer.uniquePrefix("longup");
        String alias;
        Map<String, Object> mapping;
        try (ElasticStore first = open(prefix)) {
            first.repository(Doc.class);
            alias = first.aliasOf(Doc.class);
            Map<String, Object> got = JSON.readValue(ElasticTestStores.http("GET", "/" + alias + "_v1/_mapping", null), Map.class);
            mapping = (Map<String, Object>) ((Map<String, Object>) got.get(alias + "_v1")).get("mappings");
        }
        // the index as the former code made it: no $stratum.p, no template that has it
        Map<String, Object> sidecar = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) mapping.get("properties"))
                .get("$stratum")).get("properties");
        assertThat(sidecar).containsKey("p");
        sidecar.remove("p");
        ElasticTestStores.http("DELETE", "/" + alias + "_v1", null);
        ElasticTestStores.http("DELETE", "/_index_template/" + alias + "_template", null);
        Map<String, Object> create = new LinkedHashMap<>();
        create.put("mappings", mapping);
        create.put("aliases", Map.of(alias, Map.of("is_write_index", true)));
        create.put("settings", Map.of("number_of_replicas", 0));
        ElasticTestStores.http("PUT", "/" + alias + "_v1", JSON.writeValueAsString(create));
        // a document the former code wrote: the hash only
        String oldDocument = JSON.writeValueAsString(Map.of("id", "old", "s", LONG_B,
                "$stratum", Map.of("h", Map.of("s", dev.stratum.store.elastic.internal.ElasticDocuments.sha256(LONG_B)))));
        assertThat(ElasticTestStores.http("POST", "/" + alias + "_v1/_bulk?refresh=true",
                "{\"index\":{\"_id\":\"old\"}}\n" + oldDocument + "\n")).contains("\"errors\":false");

        try (ElasticStore second = open(prefix)) {
            Repository<Doc, String> docs = second.repository(Doc.class);
            String now = ElasticTestStores.http("GET", "/" + alias + "_v1/_mapping", null);
            assertThat(now).contains("\"copy_to\":[\"s\"]");
            docs.saveAll(List.of(new Doc("a", "a"), new Doc("c", "c"), new Doc("new", LONG_B))).throwIfFailed();
            // the old document is still absent for ranges and sorts (with the nulls) until it is written again
            assertThat(ids(docs, Query.where(Filter.gt("s", "b")).sortBy(Sort.asc("id")))).containsExactly("c", "new");
            assertThat(ids(docs, Query.all().sortBy(Sort.asc("s")))).containsExactly("old", "a", "new", "c");
            assertThat(ids(docs, Query.where(Filter.eq("s", LONG_B)).sortBy(Sort.asc("id")))).containsExactly("new", "old");
            assertThat(ids(docs, Query.where(Filter.exists("s")).sortBy(Sort.asc("id")))).containsExactly("a", "c", "new", "old");
            docs.saveAll(docs.find(Query.all())).throwIfFailed();
            assertThat(ids(docs, Query.where(Filter.gt("s", "b")).sortBy(Sort.asc("id")))).containsExactly("c", "new", "old");
            assertThat(ids(docs, Query.all().sortBy(Sort.asc("s")))).containsExactly("a", "new", "old", "c");
        }
    }

    private static List<String> ids(Repository<Doc, String> docs, Query q) {
        return docs.find(q).stream().map(Doc::id).toList();
    }
}
