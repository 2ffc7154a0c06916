package dev.stratum.store.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stratum.api.Page;
import dev.stratum.api.PageRequest;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.api.Sort;
import dev.stratum.store.firestore.internal.FirestoreQueryExecutor;
import dev.stratum.store.firestore.internal.FirestoreRepository;
import dev.stratum.testkit.domain.FuzzRecord;
import dev.stratum.testkit.memory.InMemoryStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sorting by an untyped ({@code Object}) field whose values mix types: Firestore orders them by its own type
 * order (null &lt; booleans &lt; numbers &lt; timestamps &lt; strings &lt; …), the contract by the reference's
 * ({@code ValueOrder}). The differential fuzzer found {@code sort attrs.x asc} putting {@code false} before
 * {@code ""}; the store now sorts such keys client-side, and this test compares every read path with the
 * in-memory reference.
 */
class FirestoreMixedTypeSortTest {
    private static FirestoreStore store;
    private static InMemoryStore memory;
    private static Repository<FuzzRecord, String> repo;
    private static Repository<FuzzRecord, String> reference;

    @BeforeAll
    static void open() {
        store = FirestoreTestStores.newStore("mixsort");
        memory = InMemoryStore.create();
        repo = store.repository(FuzzRecord.class);
        reference = memory.repository(FuzzRecord.class);
        Object[] values = {false, "", 3L, 2.5, null, true, "b", -7L, "a", Map.of("k", 1L), List.of("z")};
        for (int i = 0; i < values.length; i++) {
            Map<String, Object> attrs = new HashMap<>();
            attrs.put("x", values[i]);
            FuzzRecord r = new FuzzRecord("r" + i, null, (long) (i % 3), null, null, null, null, null, attrs);
            repo.insert(r);
            reference.insert(r);
        }
        FuzzRecord absent = new FuzzRecord("r-absent", null, 1L, null, null, null, null, null, Map.of());
        repo.insert(absent);
        reference.insert(absent);
    }

    @AfterAll
    static void close() {
        store.close();
        memory.close();
    }

    @Test
    void findSortsMixedTypesInTheContractsOrder() {
        for (Query q : queries()) {
            assertThat(keys(repo.find(q), q)).as(q.toString()).containsExactlyElementsOf(keys(reference.find(q), q));
        }
    }

    @Test
    void offsetLimitAndStreamFollowTheSameOrder() {
        for (Query q : queries()) {
            Query window = q.offset(2).limit(5);
            assertThat(keys(repo.find(window), q)).as(window.toString()).containsExactlyElementsOf(keys(reference.find(window), q));
            try (Stream<FuzzRecord> s = repo.stream(q)) {
                assertThat(keys(s.toList(), q)).as(q.toString()).containsExactlyElementsOf(keys(reference.find(q), q));
            }
        }
    }

    /** Keyset paging over an untyped key is refused by the contract (api); offset paging follows the order. */
    @Test
    void offsetPagingWalksEveryDocumentOnceInTheContractsOrder() {
        for (Query q : queries()) {
            assertThat(keys(walk(repo, q), q)).as(q.toString()).containsExactlyElementsOf(keys(walk(reference, q), q));
        }
    }

    @Test
    void anUntypedSortKeyIsSortedClientSide() {
        assertThat(executor().mode(Query.all().sortBy(Sort.asc("attrs.x")))).isEqualTo(FirestoreQueryExecutor.Mode.CLIENT_SORT);
        assertThat(executor().mode(Query.all().sortBy(Sort.asc("n")))).isNotEqualTo(FirestoreQueryExecutor.Mode.CLIENT_SORT);
    }

    private static List<Query> queries() {
        return List.of(Query.all().sortBy(Sort.asc("attrs.x")), Query.all().sortBy(Sort.desc("attrs.x")),
                Query.all().sortBy(Sort.asc("n"), Sort.desc("attrs.x")), Query.all().sortBy(Sort.asc("attrs.x"), Sort.desc("id")));
    }

    private static List<FuzzRecord> walk(Repository<FuzzRecord, String> r, Query q) {
        List<FuzzRecord> out = new ArrayList<>();
        Page<FuzzRecord> page = r.page(q, PageRequest.offset(0, 3));
        out.addAll(page.items());
        while (page.hasNext()) {
            page = r.page(q, page.next().orElseThrow());
            out.addAll(page.items());
        }
        return out;
    }

    /** The sort-key values of each record, in order (ties may come in any order, as in the fuzzer's comparison). */
    private static List<List<Object>> keys(List<FuzzRecord> rs, Query q) {
        List<List<Object>> out = new ArrayList<>();
        for (FuzzRecord r : rs) {
            List<Object> k = new ArrayList<>();
            for (Sort s : q.sort()) {
                k.add(switch (s.field()) {
                    case "attrs.x" -> r.attrs() == null ? null : r.attrs().get("x");
                    case "n" -> r.n();
                    default -> r.id();
                });
            }
            out.add(k);
        }
        return out;
    }

    private static FirestoreQueryExecutor executor() {
        return repo.unwrap(FirestoreRepository.class).executor();
    }
}
