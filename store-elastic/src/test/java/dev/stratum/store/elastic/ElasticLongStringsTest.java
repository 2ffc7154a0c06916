package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Strings longer than the keyword limit (8,191 characters: stored, not indexed) keep the null rules and equality
 * (audit item 11): {@code exists}/{@code eq(null)} through {@code _ignored}, {@code eq}/{@code in}/{@code contains}
 * through the SHA-256 the sidecar holds, whole-list equality through a hashed canonical form.
 */
class ElasticLongStringsTest {
    record Inner(@Nullable String note) {}

    @Entity("long_strings")
    record Doc(@Id String id, @Nullable String body, @Indexed(text = true) @Nullable String title, List<String> tags,
            @Nullable Inner inner) {}

    private static final String LONG_A = "a".repeat(9_000);
    private static final String LONG_B = "a".repeat(8_999) + "b";
    private static final String LONG_TITLE = "word ".repeat(2_000);
    private static final List<String> MANY = IntStream.range(0, 1_500).mapToObj(i -> "tag" + i).toList();

    private static ElasticStore store;
    private static Repository<Doc, String> docs;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.newStore("longs");
        docs = store.repository(Doc.class);
        docs.saveAll(List.of(
                new Doc("a", LONG_A, LONG_TITLE, List.of("x", LONG_B), new Inner(LONG_A)),
                new Doc("b", "short", "short title", List.of("x"), new Inner("short")),
                new Doc("c", null, null, List.of(), new Inner(null)),
                new Doc("d", LONG_B, "another", MANY, null))).throwIfFailed();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static List<String> ids(Filter f) {
        List<String> ids = new ArrayList<>(docs.find(Query.where(f)).stream().map(Doc::id).sorted().toList());
        assertThat(docs.count(Query.where(f))).as("count agrees with find for %s", f).isEqualTo(ids.size());
        return ids;
    }

    @Test
    void aLongValueExistsAndIsNotNull() {
        assertThat(ids(Filter.exists("body"))).containsExactly("a", "b", "d");
        assertThat(ids(Filter.eq("body", null))).containsExactly("c");
        assertThat(ids(Filter.ne("body", null))).containsExactly("a", "b", "d");
        assertThat(ids(Filter.exists("title"))).containsExactly("a", "b", "d");
        assertThat(ids(Filter.eq("inner.note", null))).containsExactly("c", "d");
        assertThat(ids(Filter.exists("inner.note"))).containsExactly("a", "b");
    }

    @Test
    void aLongValueIsEqualToItselfOnly() {
        assertThat(ids(Filter.eq("body", LONG_A))).containsExactly("a");
        assertThat(ids(Filter.eq("body", LONG_B))).containsExactly("d");
        assertThat(ids(Filter.ne("body", LONG_A))).containsExactly("b", "c", "d");
        assertThat(ids(Filter.in("body", List.of(LONG_A, "short")))).containsExactly("a", "b");
        assertThat(ids(Filter.nin("body", List.of(LONG_A, "short")))).containsExactly("c", "d");
        assertThat(ids(Filter.eq("title", LONG_TITLE))).containsExactly("a");
        assertThat(ids(Filter.eq("inner.note", LONG_A))).containsExactly("a");
        assertThat(ids(Filter.contains("tags", LONG_B))).containsExactly("a");
        assertThat(ids(Filter.contains("tags", "x"))).containsExactly("a", "b");
    }

    @Test
    void aListWhoseCanonicalFormIsLongIsEqualAndExists() {
        assertThat(ids(Filter.eq("tags", MANY))).containsExactly("d");
        assertThat(ids(Filter.eq("tags", List.of("x", LONG_B)))).containsExactly("a");
        assertThat(ids(Filter.exists("tags"))).containsExactly("a", "b", "c", "d");
        assertThat(ids(Filter.eq("tags", List.of()))).containsExactly("c");
    }
}
