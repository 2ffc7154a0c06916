package dev.stratum.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FirestoreSmokeTest {
    @Test
    void setAndGet() throws Exception {
        try (FirestoreTestServer server = FirestoreTestServer.startInProcess(); Firestore db = server.client()) {
            db.collection("c").document("a").set(Map.of("x", 1L)).get();
            DocumentSnapshot s = db.collection("c").document("a").get().get();
            assertThat(s.getLong("x")).isEqualTo(1L);
            assertThat(db.collection("c").whereEqualTo("x", 1).get().get().size()).isEqualTo(1);
            Long n = db.runTransaction(tx -> {
                long v = tx.get(db.collection("c").document("a")).get().getLong("x");
                tx.update(db.collection("c").document("a"), "x", v + 1);
                return v + 1;
            }).get();
            assertThat(n).isEqualTo(2L);
        }
    }
}
