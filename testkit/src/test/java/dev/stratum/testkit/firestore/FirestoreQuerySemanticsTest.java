package dev.stratum.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.Timestamp;
import com.google.cloud.firestore.Blob;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Filter;
import com.google.cloud.firestore.GeoPoint;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Query semantics as Firestore documents them, checked through the real client. */
class FirestoreQuerySemanticsTest extends FirestoreServerTestBase {

    private static Map<String, Object> v(Object value) {
        Map<String, Object> m = new HashMap<>();
        m.put("v", value);
        return m;
    }

    @Test
    void orderByFollowsTheCrossTypeValueOrderAndExcludesDocumentsLackingTheField() throws Exception {
        put("k-map", v(Map.of("a", 1)));
        put("j-array", v(List.of(1, 2)));
        put("i-geo", v(new GeoPoint(1, 2)));
        put("h-ref", v(db.document("x/y")));
        put("g-bytes", v(Blob.fromBytes(new byte[] {1, 2})));
        put("f-string", v("abc"));
        put("e-time", v(Timestamp.ofTimeSecondsAndNanos(100, 0)));
        put("d3-long", v(2L));
        put("d2-double", v(1.5));
        put("d1-neg", v(-7L));
        put("c-nan", v(Double.NaN));
        put("b2-true", v(true));
        put("b1-false", v(false));
        put("a-null", v(null));
        put("z-missing", Map.of("other", 1));
        List<String> expected = List.of("a-null", "b1-false", "b2-true", "c-nan", "d1-neg", "d2-double", "d3-long", "e-time", "f-string", "g-bytes",
                "h-ref", "i-geo", "j-array", "k-map");
        assertThat(ids(col.orderBy("v"))).containsExactlyElementsOf(expected);
        List<String> reversed = new ArrayList<>(expected);
        Collections.reverse(reversed);
        assertThat(ids(col.orderBy("v", Query.Direction.DESCENDING))).containsExactlyElementsOf(reversed);
    }

    @Test
    void integersAndDoublesCompareByValue() throws Exception {
        put("a", v(1L));
        put("b", v(1.0));
        put("c", v(2.5));
        put("d", v(3L));
        assertThat(ids(col.whereEqualTo("v", 1))).containsExactly("a", "b");
        assertThat(ids(col.whereGreaterThan("v", 1.5))).containsExactly("c", "d");
        assertThat(ids(col.whereLessThanOrEqualTo("v", 2.5))).containsExactly("a", "b", "c");
        assertThat(ids(col.whereIn("v", List.of(3.0, 2.5)))).containsExactly("c", "d");
        // exact comparison beyond 2^53: 2^53 + 1 as a long is greater than the double 2^53
        put("e", v(9_007_199_254_740_993L));
        assertThat(ids(col.whereGreaterThan("v", 9_007_199_254_740_992.0))).containsExactly("e");
    }

    @Test
    void rangeFiltersMatchOnlyValuesOfTheSameType() throws Exception {
        put("num", v(5L));
        put("str", v("5"));
        put("bool", v(true));
        put("nul", v(null));
        put("missing", Map.of());
        assertThat(ids(col.whereGreaterThan("v", 0))).containsExactly("num");
        assertThat(ids(col.whereGreaterThanOrEqualTo("v", ""))).containsExactly("str");
        assertThat(ids(col.whereLessThan("v", 100))).containsExactly("num");
    }

    @Test
    void notEqualAndNotInExcludeMissingAndNullFields() throws Exception {
        put("one", v(1L));
        put("two", v(2L));
        put("str", v("x"));
        put("nul", v(null));
        put("missing", Map.of("w", 1));
        assertThat(ids(col.whereNotEqualTo("v", 1))).containsExactly("two", "str");
        assertThat(ids(col.whereNotIn("v", List.of(1, "x")))).containsExactly("two");
        assertThat(ids(col.whereNotEqualTo("v", null))).containsExactly("one", "two", "str");
        assertThat(ids(col.whereEqualTo("v", null))).containsExactly("nul");
    }

    @Test
    void nanFiltersUseIsNan() throws Exception {
        put("nan", v(Double.NaN));
        put("one", v(1.0));
        put("nul", v(null));
        assertThat(ids(col.whereEqualTo("v", Double.NaN))).containsExactly("nan");
        assertThat(ids(col.whereNotEqualTo("v", Double.NaN))).containsExactly("one");
    }

    @Test
    void arrayMembershipAndInFilters() throws Exception {
        put("a", v(List.of("red", "blue")));
        put("b", v(List.of("green")));
        put("c", v("red"));
        put("d", v(List.of(1L, 2L)));
        assertThat(ids(col.whereArrayContains("v", "red"))).containsExactly("a");
        assertThat(ids(col.whereArrayContains("v", 2.0))).containsExactly("d");
        assertThat(ids(col.whereArrayContainsAny("v", List.of("green", "blue")))).containsExactly("a", "b");
        assertThat(ids(col.whereIn("v", List.of("red", List.of("green"))))).containsExactly("b", "c");
    }

    @Test
    void compositeOrAndAndFilters() throws Exception {
        put("a", Map.of("x", 1L, "y", 1L));
        put("b", Map.of("x", 2L, "y", 1L));
        put("c", Map.of("x", 3L, "y", 2L));
        put("d", Map.of("x", 4L));
        assertThat(ids(col.where(Filter.or(Filter.equalTo("x", 1), Filter.equalTo("y", 2))))).containsExactly("a", "c");
        assertThat(ids(col.where(Filter.and(Filter.greaterThan("x", 1), Filter.or(Filter.equalTo("y", 1), Filter.equalTo("x", 4))))))
                .containsExactly("b", "d");
    }

    @Test
    void resultsAreInNameOrderWithoutAnOrderByAndTiesBreakByName() throws Exception {
        for (String id : List.of("m", "c", "x", "a", "k")) {
            put(id, v(id.equals("x") || id.equals("a") ? 1L : 2L));
        }
        assertThat(ids(col)).containsExactly("a", "c", "k", "m", "x");
        assertThat(ids(col.orderBy("v"))).containsExactly("a", "x", "c", "k", "m");
        // the implicit __name__ order takes the direction of the last explicit order
        assertThat(ids(col.orderBy("v", Query.Direction.DESCENDING))).containsExactly("m", "k", "c", "x", "a");
    }

    @Test
    void inequalityFieldsAreOrderedImplicitly() throws Exception {
        put("a", v(3L));
        put("b", v(1L));
        put("c", v(2L));
        assertThat(ids(col.whereGreaterThan("v", 0))).containsExactly("b", "c", "a");
        assertThat(ids(col.whereNotEqualTo("v", 2))).containsExactly("b", "a");
    }

    @Test
    void cursorsStartAndEndBeforeOrAfterPositions() throws Exception {
        for (int i = 1; i <= 6; i++) {
            put("d" + i, v((long) (i + 1) / 2)); // 1,1,2,2,3,3
        }
        Query q = col.orderBy("v");
        assertThat(ids(q.startAt(2))).containsExactly("d3", "d4", "d5", "d6");
        assertThat(ids(q.startAfter(2))).containsExactly("d5", "d6");
        assertThat(ids(q.endAt(2))).containsExactly("d1", "d2", "d3", "d4");
        assertThat(ids(q.endBefore(2))).containsExactly("d1", "d2");
        assertThat(ids(q.startAt(1.5).endBefore(3))).containsExactly("d3", "d4");
        // a cursor on the value and the name
        assertThat(ids(col.orderBy("v").orderBy(FieldPath.documentId()).startAfter(2, "d3"))).containsExactly("d4", "d5", "d6");
        assertThat(ids(col.orderBy("v").orderBy(FieldPath.documentId()).endAt(2, "d3"))).containsExactly("d1", "d2", "d3");
        assertThat(ids(col.orderBy("v", Query.Direction.DESCENDING).startAfter(2))).containsExactly("d2", "d1");
        // cursors on snapshots include the implicit __name__ order
        QueryDocumentSnapshot d3 = q.get().get().getDocuments().get(2);
        assertThat(ids(q.startAfter(d3))).containsExactly("d4", "d5", "d6");
        assertThat(ids(q.endBefore(d3))).containsExactly("d1", "d2");
    }

    @Test
    void keysetPagingVisitsEveryDocumentOnce() throws Exception {
        for (int i = 0; i < 23; i++) {
            put(String.format("p%02d", i), v((long) (i % 4)));
        }
        List<String> seen = new ArrayList<>();
        Query page = col.orderBy("v").limit(5);
        while (true) {
            List<QueryDocumentSnapshot> docs = page.get().get().getDocuments();
            docs.forEach(d -> seen.add(d.getId()));
            if (docs.size() < 5) {
                break;
            }
            page = col.orderBy("v").limit(5).startAfter(docs.get(docs.size() - 1));
        }
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        assertThat(seen).isEqualTo(ids(col.orderBy("v")));
    }

    @Test
    void offsetAndLimitApplyAfterCursors() throws Exception {
        for (int i = 1; i <= 8; i++) {
            put("o" + i, v((long) i));
        }
        assertThat(ids(col.orderBy("v").offset(2).limit(3))).containsExactly("o3", "o4", "o5");
        assertThat(ids(col.orderBy("v").startAfter(4).offset(1).limit(2))).containsExactly("o6", "o7");
        assertThat(ids(col.orderBy("v").offset(10))).isEmpty();
        assertThat(ids(col.orderBy("v").limitToLast(2))).containsExactly("o7", "o8");
        assertThat(ids(col.orderBy("v").limit(0))).isEmpty();
    }

    @Test
    void selectReturnsOnlyTheProjectedFields() throws Exception {
        put("a", Map.of("x", 1L, "y", 2L, "n", Map.of("p", 3L, "q", 4L)));
        QueryDocumentSnapshot s = col.select("x", "n.q").get().get().getDocuments().get(0);
        assertThat(s.getData()).isEqualTo(Map.of("x", 1L, "n", Map.of("q", 4L)));
        QueryDocumentSnapshot nameOnly = col.select(FieldPath.documentId()).get().get().getDocuments().get(0);
        assertThat(nameOnly.getData()).isEmpty();
        assertThat(nameOnly.getId()).isEqualTo("a");
    }

    @Test
    void nameFiltersAndOrder() throws Exception {
        for (String id : List.of("a", "b", "c", "d")) {
            put(id, v(1L));
        }
        assertThat(ids(col.whereGreaterThan(FieldPath.documentId(), "b"))).containsExactly("c", "d");
        assertThat(ids(col.whereIn(FieldPath.documentId(), List.of("d", "a")))).containsExactly("a", "d");
        assertThat(ids(col.orderBy(FieldPath.documentId(), Query.Direction.DESCENDING).limit(2))).containsExactly("d", "c");
    }

    @Test
    void collectionGroupQueriesSpanEveryParent() throws Exception {
        String group = "grp" + Long.toHexString(System.nanoTime());
        db.collection("p1").document("x").collection(group).document("a").set(v(1L)).get();
        db.collection("p2").document("y").collection(group).document("b").set(v(2L)).get();
        db.collection(group).document("c").set(v(3L)).get();
        db.collection("p3").document("z").collection(group + "other").document("d").set(v(4L)).get();
        assertThat(ids(db.collectionGroup(group).orderBy("v"))).containsExactly("a", "b", "c");
        assertThat(ids(db.collectionGroup(group).whereGreaterThan("v", 1))).containsExactly("b", "c");
        // a plain collection query does not see subcollections
        assertThat(ids(db.collection("p1"))).isEmpty();
    }

    @Test
    void escapedFieldPathsAddressFieldsWithSpecialCharacters() throws Exception {
        Map<String, Object> data = new HashMap<>();
        data.put("a.b", 1L);
        data.put("with space", 2L);
        data.put("back`tick", 3L);
        data.put("nested", Map.of("dash-ed", 4L));
        put("s", data);
        assertThat(ids(col.whereEqualTo(FieldPath.of("a.b"), 1))).containsExactly("s");
        assertThat(ids(col.whereEqualTo(FieldPath.of("with space"), 2))).containsExactly("s");
        assertThat(ids(col.whereEqualTo(FieldPath.of("back`tick"), 3))).containsExactly("s");
        assertThat(ids(col.whereEqualTo(FieldPath.of("nested", "dash-ed"), 4))).containsExactly("s");
        assertThat(ids(col.whereEqualTo("a", 1))).isEmpty();
        col.document("s").update(FieldPath.of("a.b"), 10L).get();
        Map<String, Object> after = col.document("s").get().get().getData();
        assertThat(after).containsEntry("a.b", 10L).doesNotContainKey("a");
    }

    @Test
    void aggregationsCountSumAndAverageOnlyNumbers() throws Exception {
        put("a", v(1L));
        put("b", v(2L));
        put("c", v(3.5));
        put("d", v("text"));
        put("e", v(null));
        put("f", Map.of());
        var snap = col.aggregate(com.google.cloud.firestore.AggregateField.count(), com.google.cloud.firestore.AggregateField.sum("v"),
                com.google.cloud.firestore.AggregateField.average("v")).get().get();
        assertThat(snap.getCount()).isEqualTo(6);
        assertThat(snap.getDouble(com.google.cloud.firestore.AggregateField.sum("v"))).isEqualTo(6.5);
        assertThat(snap.getDouble(com.google.cloud.firestore.AggregateField.average("v"))).isEqualTo(6.5 / 3);
        var ints = col.whereLessThan("v", 3).aggregate(com.google.cloud.firestore.AggregateField.sum("v")).get().get();
        assertThat(ints.get(com.google.cloud.firestore.AggregateField.sum("v"))).isEqualTo(3L);
        var none = col.whereEqualTo("v", "nothing").aggregate(com.google.cloud.firestore.AggregateField.sum("v"),
                com.google.cloud.firestore.AggregateField.average("v")).get().get();
        assertThat(none.get(com.google.cloud.firestore.AggregateField.sum("v"))).isEqualTo(0L);
        assertThat(none.get(com.google.cloud.firestore.AggregateField.average("v"))).isNull();
        assertThat(col.limit(2).count().get().get().getCount()).isEqualTo(2);
    }

    @Test
    void sumOverflowingLongsBecomesADouble() throws Exception {
        put("a", v(Long.MAX_VALUE));
        put("b", v(Long.MAX_VALUE));
        var snap = col.aggregate(com.google.cloud.firestore.AggregateField.sum("v")).get().get();
        assertThat(snap.get(com.google.cloud.firestore.AggregateField.sum("v"))).isInstanceOf(Double.class);
        assertThat(snap.getDouble(com.google.cloud.firestore.AggregateField.sum("v"))).isEqualTo(2.0 * Long.MAX_VALUE);
    }

    @Test
    void readsAtAPastReadTimeSeeThatVersion() throws Exception {
        put("a", v(1L));
        Timestamp before = col.document("a").get().get().getReadTime();
        put("a", v(2L));
        put("b", v(3L));
        List<Long> values = new ArrayList<>();
        db.runTransaction(tx -> {
            values.add(tx.get(col.document("a")).get().getLong("v"));
            values.add((long) tx.get(col).get().size());
            return null;
        }, com.google.cloud.firestore.TransactionOptions.createReadOnlyOptionsBuilder().setReadTime(before.toProto()).build()).get();
        assertThat(values).isEqualTo(Arrays.asList(1L, 1L));
    }
}
