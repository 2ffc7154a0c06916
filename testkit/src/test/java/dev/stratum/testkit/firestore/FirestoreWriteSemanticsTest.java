package dev.stratum.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.Timestamp;
import com.google.cloud.firestore.BulkWriter;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.FieldValue;
import com.google.cloud.firestore.Precondition;
import com.google.cloud.firestore.SetOptions;
import com.google.cloud.firestore.WriteBatch;
import com.google.cloud.firestore.WriteResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Write semantics as Firestore documents them, checked through the real client. */
class FirestoreWriteSemanticsTest extends FirestoreServerTestBase {

    private Map<String, Object> data(String id) throws Exception {
        return col.document(id).get().get().getData();
    }

    private static StatusCode.Code code(Throwable t) {
        Throwable c = t instanceof ExecutionException ? t.getCause() : t;
        while (c != null && !(c instanceof ApiException)) {
            c = c.getCause();
        }
        assertThat(c).as("an ApiException in %s", t).isNotNull();
        return ((ApiException) c).getStatusCode().getCode();
    }

    private static StatusCode.Code failure(ThrowingRunnable r) {
        try {
            r.run();
        } catch (Exception e) {
            return code(e);
        }
        throw new AssertionError("expected a failure");
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    @Test
    void setReplacesTheWholeDocumentAndMergeOnlyTheGivenFields() throws Exception {
        put("a", Map.of("x", 1L, "y", Map.of("p", 1L, "q", 2L)));
        put("a", Map.of("z", 3L));
        assertThat(data("a")).isEqualTo(Map.of("z", 3L));
        col.document("a").set(Map.of("y", Map.of("p", 9L)), SetOptions.merge()).get();
        assertThat(data("a")).isEqualTo(Map.of("z", 3L, "y", Map.of("p", 9L)));
        col.document("a").set(Map.of("y", Map.of("q", 5L), "w", 1L), SetOptions.mergeFields("y.q")).get();
        assertThat(data("a")).isEqualTo(Map.of("z", 3L, "y", Map.of("p", 9L, "q", 5L)));
    }

    @Test
    void updateWithNestedPathsTouchesOnlyThosePathsAndDeleteRemovesAField() throws Exception {
        put("a", Map.of("n", Map.of("p", 1L, "q", 2L), "k", "keep", "gone", true));
        Map<String, Object> upd = new HashMap<>();
        upd.put("n.p", 10L);
        upd.put("n.r.s", "deep");
        upd.put("gone", FieldValue.delete());
        col.document("a").update(upd).get();
        assertThat(data("a")).isEqualTo(Map.of("n", Map.of("p", 10L, "q", 2L, "r", Map.of("s", "deep")), "k", "keep"));
        // update of a missing document fails with NOT_FOUND, writing nothing
        assertThat(failure(() -> col.document("missing").update("x", 1).get())).isEqualTo(StatusCode.Code.NOT_FOUND);
        assertThat(col.document("missing").get().get().exists()).isFalse();
    }

    @Test
    void createFailsWhenTheDocumentExists() throws Exception {
        col.document("a").create(Map.of("x", 1L)).get();
        assertThat(failure(() -> col.document("a").create(Map.of("x", 2L)).get())).isEqualTo(StatusCode.Code.ALREADY_EXISTS);
        assertThat(data("a")).isEqualTo(Map.of("x", 1L));
    }

    @Test
    void updateTimePreconditionsRejectStaleWrites() throws Exception {
        WriteResult first = col.document("a").set(Map.of("x", 1L)).get();
        Timestamp t1 = first.getUpdateTime();
        col.document("a").update(Map.of("x", 2L), Precondition.updatedAt(t1)).get();
        assertThat(failure(() -> col.document("a").update(Map.of("x", 3L), Precondition.updatedAt(t1)).get()))
                .isEqualTo(StatusCode.Code.FAILED_PRECONDITION);
        assertThat(failure(() -> col.document("a").delete(Precondition.updatedAt(t1)).get())).isEqualTo(StatusCode.Code.FAILED_PRECONDITION);
        assertThat(data("a")).isEqualTo(Map.of("x", 2L));
        DocumentSnapshot s = col.document("a").get().get();
        col.document("a").delete(Precondition.updatedAt(s.getUpdateTime())).get();
        assertThat(col.document("a").get().get().exists()).isFalse();
    }

    @Test
    void updateAndCreateTimes() throws Exception {
        WriteResult w1 = col.document("a").set(Map.of("x", 1L)).get();
        WriteResult w2 = col.document("a").set(Map.of("x", 2L)).get();
        DocumentSnapshot s = col.document("a").get().get();
        assertThat(s.getCreateTime()).isEqualTo(w1.getUpdateTime());
        assertThat(s.getUpdateTime()).isEqualTo(w2.getUpdateTime());
        assertThat(w2.getUpdateTime()).isGreaterThan(w1.getUpdateTime());
    }

    @Test
    void fieldTransforms() throws Exception {
        put("a", Map.of("i", 5L, "d", 1.5, "arr", List.of(1L, 2L, 3L), "big", Long.MAX_VALUE - 1, "s", "text"));
        Map<String, Object> upd = new HashMap<>();
        upd.put("i", FieldValue.increment(2));
        upd.put("d", FieldValue.increment(1));
        upd.put("big", FieldValue.increment(10));
        upd.put("s", FieldValue.increment(4));
        upd.put("new", FieldValue.increment(7));
        upd.put("arr", FieldValue.arrayUnion(3.0, 4L, 4L, 5L));
        upd.put("at", FieldValue.serverTimestamp());
        upd.put("nested.count", FieldValue.increment(1));
        WriteResult w = col.document("a").update(upd).get();
        Map<String, Object> d = data("a");
        assertThat(d.get("i")).isEqualTo(7L);
        assertThat(d.get("d")).isEqualTo(2.5);
        assertThat(d.get("big")).as("integer overflow saturates").isEqualTo(Long.MAX_VALUE);
        assertThat(d.get("s")).as("a non-number is replaced by the operand").isEqualTo(4L);
        assertThat(d.get("new")).isEqualTo(7L);
        assertThat(d.get("arr")).as("union appends missing elements once, 3.0 equals 3").isEqualTo(List.of(1L, 2L, 3L, 4L, 5L));
        assertThat(d.get("nested")).isEqualTo(Map.of("count", 1L));
        Timestamp at = (Timestamp) d.get("at");
        assertThat(at.getNanos() % 1_000_000).as("REQUEST_TIME has millisecond precision").isZero();
        assertThat(Math.abs(at.getSeconds() - w.getUpdateTime().getSeconds())).isLessThanOrEqualTo(1);
        col.document("a").update("arr", FieldValue.arrayRemove(2.0, 5L, 99L)).get();
        assertThat(data("a").get("arr")).isEqualTo(List.of(1L, 3L, 4L));
    }

    @Test
    void maximumAndMinimumTransformsThroughSetMerge() throws Exception {
        // the Java client has no maximum/minimum; they are checked at the protocol level in FirestoreProtocolTest
        put("a", Map.of("x", 1L));
        col.document("a").set(Map.of("x", FieldValue.increment(0.5)), SetOptions.merge()).get();
        assertThat(data("a").get("x")).isEqualTo(1.5);
    }

    @Test
    void batchesAreAtomic() throws Exception {
        put("exists", Map.of("x", 1L));
        WriteBatch batch = db.batch();
        batch.set(col.document("new1"), Map.of("x", 1L));
        batch.update(col.document("exists"), "x", 2L);
        batch.update(col.document("missing"), "x", 3L);
        assertThat(failure(() -> batch.commit().get())).isEqualTo(StatusCode.Code.NOT_FOUND);
        assertThat(col.document("new1").get().get().exists()).isFalse();
        assertThat(data("exists")).isEqualTo(Map.of("x", 1L));
    }

    @Test
    void aCommitTakesAtMost500Writes() throws Exception {
        WriteBatch ok = db.batch();
        for (int i = 0; i < 500; i++) {
            ok.set(col.document("d" + i), Map.of("i", (long) i));
        }
        ok.commit().get();
        assertThat(col.count().get().get().getCount()).isEqualTo(500);
        WriteBatch tooMany = db.batch();
        for (int i = 0; i < 501; i++) {
            tooMany.set(col.document("e" + i), Map.of("i", (long) i));
        }
        assertThat(failure(() -> tooMany.commit().get())).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
        assertThat(col.document("e0").get().get().exists()).isFalse();
    }

    @Test
    void documentsAreLimitedTo1MiB() throws Exception {
        // size = name (16 + "doc"+1 + collection id+1) + 32 + field ("s"+1) + string (length+1)
        String collection = col.getId();
        long overhead = 16 + (collection.length() + 1) + ("big".length() + 1) + 32 + 2 + 1;
        String fits = "x".repeat((int) (1_048_576 - overhead));
        col.document("big").set(Map.of("s", fits)).get();
        assertThat(((String) data("big").get("s")).length()).isEqualTo(fits.length());
        String tooBig = fits + "x";
        assertThat(failure(() -> col.document("big").set(Map.of("s", tooBig)).get())).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
        assertThat(((String) data("big").get("s")).length()).isEqualTo(fits.length());
    }

    @Test
    void reservedFieldNamesAreRejected() throws Exception {
        assertThat(failure(() -> put("a", Map.of("__bad__", 1L)))).isEqualTo(StatusCode.Code.INVALID_ARGUMENT);
        assertThat(col.document("a").get().get().exists()).isFalse();
    }

    @Test
    void escapedFieldPathsInUpdateMasks() throws Exception {
        put("a", Map.of("x.y", 1L, "x", Map.of("y", 2L)));
        col.document("a").update(FieldPath.of("x.y"), 10L).get();
        assertThat(data("a")).isEqualTo(Map.of("x.y", 10L, "x", Map.of("y", 2L)));
        col.document("a").update("x.y", 20L).get();
        assertThat(data("a")).isEqualTo(Map.of("x.y", 10L, "x", Map.of("y", 20L)));
    }

    @Test
    @SuppressWarnings("try") // BulkWriter.close() may throw InterruptedException
    void bulkWriterReportsEachWriteSeparately() throws Exception {
        put("exists", Map.of("x", 1L));
        put("gone", Map.of("x", 1L));
        List<String> failures = new ArrayList<>();
        try (BulkWriter writer = db.bulkWriter()) {
            writer.addWriteErrorListener(e -> {
                failures.add(e.getDocumentReference().getId() + ":" + e.getStatus().getCode());
                return false;
            });
            for (int i = 0; i < 30; i++) {
                writer.set(col.document("b" + i), Map.of("i", (long) i));
            }
            writer.create(col.document("exists"), Map.of("x", 2L));
            writer.update(col.document("nope"), Map.of("x", 2L));
            writer.delete(col.document("gone"));
        }
        assertThat(failures).containsExactlyInAnyOrder("exists:ALREADY_EXISTS", "nope:NOT_FOUND");
        assertThat(col.count().get().get().getCount()).isEqualTo(31);
        assertThat(col.document("gone").get().get().exists()).isFalse();
        assertThat(data("exists")).isEqualTo(Map.of("x", 1L));
    }

    @Test
    void listDocumentsAndCollections() throws Exception {
        put("a", Map.of("x", 1L));
        col.document("ghost").collection("sub1").document("s").set(Map.of("y", 1L)).get();
        col.document("a").collection("sub2").document("t").set(Map.of("y", 1L)).get();
        col.document("a").collection("sub3").document("u").set(Map.of("y", 1L)).get();
        List<String> listed = new ArrayList<>();
        col.listDocuments().forEach(d -> listed.add(d.getId()));
        assertThat(listed).containsExactly("a", "ghost");
        List<String> subs = new ArrayList<>();
        col.document("a").listCollections().forEach(c -> subs.add(c.getId()));
        assertThat(subs).containsExactly("sub2", "sub3");
        assertThat(col.document("ghost").get().get().exists()).isFalse();
    }

    @Test
    void getAllReturnsFoundAndMissingDocuments() throws Exception {
        put("a", Map.of("x", 1L, "y", 2L));
        DocumentReference a = col.document("a");
        DocumentReference b = col.document("b");
        List<DocumentSnapshot> snaps = db.getAll(new DocumentReference[] {a, b}, com.google.cloud.firestore.FieldMask.of("y")).get();
        assertThat(snaps.get(0).getData()).isEqualTo(Map.of("y", 2L));
        assertThat(snaps.get(1).exists()).isFalse();
        assertThat(Arrays.asList(snaps.get(0).getId(), snaps.get(1).getId())).containsExactly("a", "b");
    }

    @Test
    void unchangedWritesKeepTheUpdateTime() throws Exception {
        WriteResult w1 = col.document("a").set(Map.of("x", 1L)).get();
        WriteResult w2 = col.document("a").set(Map.of("x", 1L)).get();
        assertThat(w2.getUpdateTime()).isEqualTo(w1.getUpdateTime());
        assertThat(col.document("a").get().get().getUpdateTime()).isEqualTo(w1.getUpdateTime());
        assertThatThrownBy(() -> col.document("a").update(Map.of("x", 2L), Precondition.updatedAt(Timestamp.ofTimeSecondsAndNanos(1, 0))).get())
                .isInstanceOf(ExecutionException.class);
    }

    @Test
    void timestampsAreStoredWithMicrosecondPrecision() throws Exception {
        put("a", Map.of("t", Timestamp.ofTimeSecondsAndNanos(10, 123_456_789)));
        assertThat(col.document("a").get().get().getTimestamp("t")).isEqualTo(Timestamp.ofTimeSecondsAndNanos(10, 123_456_000));
    }
}
