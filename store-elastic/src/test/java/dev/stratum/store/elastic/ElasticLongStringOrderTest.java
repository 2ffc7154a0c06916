package dev.stratum.store.elastic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stratum.api.Entity;
import dev.stratum.api.Filter;
import dev.stratum.api.Id;
import dev.stratum.api.Indexed;
import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.QueryNotSupportedException;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.testkit.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Ranges, {@code startsWith}, sorts, keyset pages and streams over strings longer than the keyword limit (8,191
 * characters: stored whole, indexed by their first 8,191 characters through the sidecar's copy), at the top level,
 * in a nested object and in a text field, compared with the in-memory reference store (the contract's answer) on
 * the real server, plus the refusal of bounds longer than 8,190 characters.
 */
class ElasticLongStringOrderTest {
    record Inner(@Nullable String note) {}

    @Entity("long_order")
    record Doc(@Id String id, @Nullable String s, @Indexed(text = true) @Nullable String t, @Nullable Inner inner,
            @Nullable List<String> tags) {}

    record IdAndS(String id, @Nullable String s) {}

    /** Between "ab" and "b" (a long value among short ones). */
    private static final String L_A = "a" + "x".repeat(9_000);
    /** Exactly the limit: short, indexed whole, and equal to the indexed prefix of {@link #L_K}. */
    private static final String K_8191 = "k".repeat(8_191);
    private static final String K_8190 = "k".repeat(8_190);
    private static final String L_K = "k".repeat(8_192);
    /** Its 8,191st character is the first half of a surrogate pair: the indexed prefix is 8,190 characters. */
    private static final String L_M = "mm" + "\uD83D\uDE00".repeat(5_000);
    /** {@link #L_M}'s indexed prefix, also stored as a short value. */
    private static final String M_8190 = L_M.substring(0, 8_190);
    private static final String L_Z = "z" + "y".repeat(20_000);
    private static final String L_TEXT = "word ".repeat(2_000) + "needle " + "tail".repeat(10);

    private static ElasticStore store;
    private static Repository<Doc, String> docs;
    private static Repository<Doc, String> reference;

    @BeforeAll
    static void open() {
        store = ElasticTestStores.builder("longorder").fetchSize(2).build();
        docs = store.repository(Doc.class);
        reference = InMemoryStore.create().repository(Doc.class);
        List<@Nullable String> values = new ArrayList<>(List.of("", "a", "ab", "b", "m", "mm", "z", "\u00e9", "\uD83D\uDE00", K_8191,
                K_8190, M_8190, L_A, L_K, L_M, L_Z));
        values.add(null);
        List<Doc> all = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            String v = values.get(i);
            String id = String.format("d%02d", i);
            all.add(new Doc(id, v, v, i % 3 == 0 ? null : new Inner(v), v == null ? null : List.of(v)));
        }
        all.add(new Doc("text", null, L_TEXT, null, null));
        docs.saveAll(all).throwIfFailed();
        reference.saveAll(all).throwIfFailed();
    }

    @AfterAll
    static void close() {
        store.close();
    }

    private static final List<String> BOUNDS = List.of("", "a", "ab", "ax", "axx", "b", "k", "k".repeat(998), "m", "mm",
            "mm" + "\uD83D\uDE00".repeat(249), "z", "zy", "zz", "\u00e9", "\uD83D\uDE00");
    /** Bounds only {@code lt}/{@code lte} take (the server refuses an automaton of their bytes for the others). */
    private static final List<String> LONG_UPPER_BOUNDS = List.of(K_8190, M_8190, M_8190.substring(0, 8_189), "k".repeat(1_500));

    private static List<String> ids(Repository<Doc, String> repo, Query q) {
        return repo.find(q).stream().map(Doc::id).toList();
    }

    private static void sameAsReference(Query q) {
        String what = q.filter().map(f -> f.toString().length() > 200 ? f.toString().substring(0, 200) : f.toString()).orElse("all") + " " + q.sort();
        assertThat(ids(docs, q)).as("%s", what).containsExactlyElementsOf(ids(reference, q));
        assertThat(docs.count(q)).as("count %s", q).isEqualTo(reference.count(q));
    }

    @Test
    void rangesAndPrefixesMatchTheReference() {
        for (String path : List.of("s", "t", "inner.note")) {
            for (String x : BOUNDS) {
                for (Filter f : List.of(Filter.gt(path, x), Filter.gte(path, x), Filter.lt(path, x), Filter.lte(path, x),
                        Filter.startsWith(path, x), Filter.not(Filter.gt(path, x)))) {
                    sameAsReference(Query.where(f).sortBy(Sort.asc("id")));
                }
            }
            for (String x : LONG_UPPER_BOUNDS) {
                for (Filter f : List.of(Filter.lt(path, x), Filter.lte(path, x), Filter.not(Filter.lte(path, x)))) {
                    sameAsReference(Query.where(f).sortBy(Sort.asc("id")));
                }
            }
        }
    }

    @Test
    void equalityWithAPrefixLengthValueIsNotFooledByALongValueWithThatPrefix() {
        assertThat(ids(docs, Query.where(Filter.eq("s", K_8191)))).containsExactly("d09");
        assertThat(ids(docs, Query.where(Filter.eq("s", M_8190)))).containsExactly("d11");
        assertThat(ids(docs, Query.where(Filter.eq("s", L_K)))).containsExactly("d13");
        for (String path : List.of("s", "t", "inner.note")) {
            for (Object v : List.of(K_8191, K_8190, M_8190, L_K, L_M, "a")) {
                sameAsReference(Query.where(Filter.eq(path, v)).sortBy(Sort.asc("id")));
                sameAsReference(Query.where(Filter.ne(path, v)).sortBy(Sort.asc("id")));
                sameAsReference(Query.where(Filter.in(path, List.of(v, "b"))).sortBy(Sort.asc("id")));
                sameAsReference(Query.where(Filter.nin(path, List.of(v, "b"))).sortBy(Sort.asc("id")));
            }
            sameAsReference(Query.where(Filter.exists(path)).sortBy(Sort.asc("id")));
        }
        assertThat(ids(docs, Query.where(Filter.contains("tags", K_8191)))).containsExactly("d09");
        assertThat(ids(docs, Query.where(Filter.contains("tags", L_K)))).containsExactly("d13");
    }

    @Test
    void sortsPutLongValuesInTheirPlace() {
        for (String path : List.of("s", "t", "inner.note")) {
            sameAsReference(Query.all().sortBy(Sort.asc(path)));
            sameAsReference(Query.all().sortBy(Sort.desc(path)));
            sameAsReference(Query.where(Filter.gte(path, "m")).sortBy(Sort.desc(path)));
            sameAsReference(Query.all().sortBy(Sort.asc(path)).limit(5).offset(3));
        }
        // the order itself, spelled out: nulls first, then by code point with each long value at its place
        List<@Nullable String> ascending = docs.find(Query.where(Filter.exists("s")).sortBy(Sort.asc("s"))).stream().map(Doc::s).toList();
        assertThat(ascending).containsExactly("", "a", "ab", L_A, "b", K_8190, K_8191, L_K, "m", "mm", M_8190, L_M, "z", L_Z, "\u00e9",
                "\uD83D\uDE00");
    }

    @Test
    void keysetPagesAndStreamsWalkAcrossLongValues() {
        for (Sort sort : List.of(Sort.asc("s"), Sort.desc("s"), Sort.asc("inner.note"), Sort.desc("t"))) {
            Query q = Query.all().sortBy(sort);
            List<String> paged = new ArrayList<>();
            Optional<PageRequest> next = Optional.of(PageRequest.first(2));
            while (next.isPresent()) {
                Page<Doc> page = docs.page(q, next.get());
                page.items().forEach(d -> paged.add(d.id()));
                next = page.next();
            }
            List<String> expected = ids(reference, q);
            assertThat(paged).as("pages of %s", q).containsExactlyElementsOf(expected);
            try (Stream<Doc> s = docs.stream(q)) {
                assertThat(s.map(Doc::id).toList()).as("stream of %s (2 per search)", q).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void projectionsAndFullTextSeeTheWholeValue() {
        List<IdAndS> rows = docs.find(Query.where(Filter.gt("s", "z")).sortBy(Sort.asc("s")), IdAndS.class);
        assertThat(rows).containsExactly(new IdAndS("d15", L_Z), new IdAndS("d07", "\u00e9"), new IdAndS("d08", "\uD83D\uDE00"));
        assertThat(ids(docs, Query.text("needle"))).containsExactly("text");
        assertThat(ids(docs, Query.text("tail"))).isEmpty(); // "tailtail...": one word
        assertThat(ids(docs, Query.where(Filter.startsWith("t", "word word")).sortBy(Sort.asc("id")))).containsExactly("text");
        assertThat(docs.findById("d14").orElseThrow().s()).isEqualTo(L_M);
    }

    @Test
    void boundsTheServerCannotDecideAreRefusedBeforeAnyRequest() {
        for (Filter f : List.of(Filter.gt("s", "k".repeat(999)), Filter.gte("t", "\u00e9".repeat(500)),
                Filter.startsWith("inner.note", "\uD83D\uDE00".repeat(250)))) {
            assertThatThrownBy(() -> docs.find(Query.where(f)))
                    .isInstanceOf(QueryNotSupportedException.class)
                    .hasMessageContaining("may have at most 998 bytes");
        }
        for (Filter f : List.of(Filter.lt("s", K_8191), Filter.lte("t", L_A), Filter.lt("inner.note", L_Z))) {
            assertThatThrownBy(() -> docs.find(Query.where(f)))
                    .isInstanceOf(QueryNotSupportedException.class)
                    .hasMessageContaining("may have at most 8190 characters");
        }
        // the lte bound equal to L_M's indexed prefix: L_M is greater, the short value equal to it is not
        assertThat(ids(docs, Query.where(Filter.lte("s", M_8190)).sortBy(Sort.desc("s"))).subList(0, 2)).containsExactly("d11", "d05");
        assertThat(ids(docs, Query.where(Filter.gte("s", "mm")).sortBy(Sort.asc("s")))).startsWith("d05", "d11", "d14");
    }
}
