package dev.stratum.store.elastic.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.stratum.api.Entity;
import dev.stratum.api.EntityMapper;
import dev.stratum.api.EntityMetadata;
import dev.stratum.api.Id;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The sidecar's canonical list text (stored in {@code $stratum.lists}, compared by {@code eq(list, …)}, and the key
 * of unique reservations) is written by hand for plain lists: it must be exactly the mapper's text, or documents
 * written before would no longer match. No server needed.
 */
class ElasticDocumentsCanonicalTest {
    @Entity("canon")
    record Canon(@Id String id, List<String> tags, double d) {}

    private final ObjectMapper json = EntityMapper.defaults().objectMapper().copy();
    private final ElasticDocuments documents = new ElasticDocuments(json,
            new ElasticMapping(EntityMetadata.of(Canon.class), json, false), EntityMetadata.of(Canon.class));

    @Test
    void plainListsAreWrittenExactlyAsTheMapperWritesThem() throws Exception {
        List<List<?>> lists = List.of(List.of(), List.of("a"), List.of("tag3", "bench"), List.of(1, 2L, Long.MIN_VALUE, Integer.MAX_VALUE),
                List.of("with space", "~!@#$%^&*()_+{}|:<>?/.,;'[]=-`"), List.of("quote\"inside"), List.of("back\\slash"),
                List.of("new\nline", "tab\t", "\u0001"), List.of("é", "日本", "\uD83D\uDE00"), List.of("\u007F"), Arrays.asList("a", null),
                List.of(1.5, -0.0), List.of(List.of("nested")), List.of(Map.of("k", "v")), List.of(true, "x"), List.of(""));
        for (List<?> l : lists) {
            assertThat(documents.canonical(l)).as("%s", l).isEqualTo(json.writeValueAsString(l));
        }
        assertThat(documents.canonical("single")).isEqualTo(json.writeValueAsString(List.of("single")));
        List<Object> big = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            big.add("v" + i);
        }
        assertThat(documents.canonical(big)).isEqualTo(json.writeValueAsString(big));
    }

    @Test
    void negativeZerosAreStillFoundAndRecorded() {
        Map<String, Object> source = documents.toSource(Map.of("id", "a", "tags", List.of("x"), "d", -0.0d), 0);
        assertThat(source.get("d")).isEqualTo(0.0d);
        assertThat(source.get(ElasticMapping.SIDECAR)).asString().contains("/d");
        Map<String, Object> plain = documents.toSource(Map.of("id", "b", "tags", List.of("x"), "d", 0.0d), 0);
        assertThat(plain.get(ElasticMapping.SIDECAR)).asString().doesNotContain("/d").contains("lists");
    }
}
