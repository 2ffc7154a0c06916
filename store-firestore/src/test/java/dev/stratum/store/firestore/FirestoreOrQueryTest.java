package dev.stratum.store.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import dev.stratum.api.Filter;
import dev.stratum.api.Query;
import dev.stratum.api.Repository;
import dev.stratum.store.firestore.internal.FirestoreQueryExecutor;
import dev.stratum.store.firestore.internal.FirestoreRepository;
import dev.stratum.testkit.domain.FuzzRecord;
import java.math.BigDecimal;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * OR queries with an inequality on a field some documents lack. Firestore orders every query by its
 * inequality fields (StructuredQuery.order_by: "orderBy is required to reference all fields used with an
 * inequality filter"; missing ones are appended), and an order by drops the documents lacking the field —
 * also in a disjunction: {@code or(a > 1, b == 2)} does not return {@code {b: 2}} without {@code a}
 * (firebase-android-sdk PR #3812 made the SDK's local matching do the same, "Update the orderBy filtering
 * mechanism for OR queries": matchesOrderBy uses the implicit order, not only the explicit one). The
 * contract returns such a document; the differential fuzzer found the store returned nothing
 * (seed 1551426212215188261, try 348).
 */
class FirestoreOrQueryTest {
    private static final BigDecimal BIG = new BigDecimal("12345678901234567890.1");
    private static FirestoreStore store;
    private static Repository<FuzzRecord, String> repo;

    @BeforeAll
    static void open() {
        store = FirestoreTestStores.newStore("orq");
        repo = store.repository(FuzzRecord.class);
        repo.insert(new FuzzRecord("a", null, null, null, null, BIG, null, null, null));
        repo.insert(new FuzzRecord("b", null, 7L, null, null, null, null, null, Map.of("x", "hello")));
        repo.insert(new FuzzRecord("c", null, 8L, null, null, BigDecimal.ONE, null, null, Map.of("y", "no x")));
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void theFuzzersCaseMatchesTheDocumentLackingTheInequalityField() {
        Filter f = Filter.or(Filter.gt("attrs.x", ""), Filter.or(Filter.eq("dec", BIG)));
        assertThat(ids(Query.where(f))).containsExactlyInAnyOrder("a", "b");
        assertThat(repo.count(Query.where(f))).isEqualTo(2);
    }

    @Test
    void aDisjunctionWhoseOtherBranchLacksTheInequalityFieldIsCheckedClientSide() {
        Filter f = Filter.or(Filter.gte("attrs.x", "a"), Filter.eq("n", 8L));
        assertThat(ids(Query.where(f))).containsExactlyInAnyOrder("b", "c");
        assertThat(ids(Query.where(Filter.and(Filter.in("n", 7L, 8L), f)))).containsExactlyInAnyOrder("b", "c");
        assertThat(executor().mode(Query.where(f))).isEqualTo(FirestoreQueryExecutor.Mode.NATIVE_ORDER_CLIENT_FILTER);
    }

    @Test
    void disjunctionsThatGuaranteeTheInequalityFieldStayNative() {
        Filter sameField = Filter.or(Filter.gt("attrs.x", "g"), Filter.lt("attrs.x", "b"));
        assertThat(executor().mode(Query.where(sameField))).isEqualTo(FirestoreQueryExecutor.Mode.NATIVE);
        assertThat(ids(Query.where(sameField))).containsExactly("b");
        Filter guarded = Filter.and(Filter.exists("attrs.x"), Filter.or(Filter.gt("attrs.x", ""), Filter.eq("dec", BIG)));
        assertThat(executor().mode(Query.where(guarded))).isEqualTo(FirestoreQueryExecutor.Mode.NATIVE);
        assertThat(ids(Query.where(guarded))).containsExactly("b");
    }

    /** The in-process server behaves as Firestore does here (the store must not rely on it returning "a"). */
    @Test
    void theServerDropsDocumentsLackingTheInequalityFieldOfAnOrQuery() throws Exception {
        CollectionReference c = store.unwrap(Firestore.class).collection(repo.storeInfo().collection());
        var docs = c.where(com.google.cloud.firestore.Filter.or(
                        com.google.cloud.firestore.Filter.greaterThan("attrs.x", ""),
                        com.google.cloud.firestore.Filter.equalTo("n", 8L)))
                .get().get().getDocuments();
        assertThat(docs.stream().map(QueryDocumentSnapshot::getId)).containsExactly("b");
    }

    private static java.util.List<String> ids(Query q) {
        return repo.find(q).stream().map(FuzzRecord::id).toList();
    }

    @SuppressWarnings("unchecked")
    private static FirestoreQueryExecutor executor() {
        return repo.unwrap(FirestoreRepository.class).executor();
    }
}
