package dev.stratum.testkit.firestore;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.Query;
import com.google.cloud.firestore.QueryDocumentSnapshot;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Tests of the Firestore test server through the real {@code google-cloud-firestore} client. They run on
 * {@link FirestoreTestServer#shared()}: the in-process server here, Google's emulator when
 * {@code FIRESTORE_EMULATOR_HOST} is set, which is how the in-process server's fidelity is checked.
 * Each class has its own project, each test its own collection.
 */
abstract class FirestoreServerTestBase {
    static FirestoreTestServer server;
    static Firestore db;
    CollectionReference col;

    @BeforeAll
    static void openClient() {
        server = FirestoreTestServer.shared();
        db = server.client(FirestoreTestServer.uniqueProjectId("server-test"));
    }

    @AfterAll
    static void closeClient() throws Exception {
        db.close();
    }

    @BeforeEach
    void collection(TestInfo info) {
        col = db.collection(info.getTestMethod().orElseThrow().getName());
    }

    void put(String id, Map<String, ?> data) throws Exception {
        col.document(id).set(data).get();
    }

    static List<String> ids(Query q) throws Exception {
        return q.get().get().getDocuments().stream().map(QueryDocumentSnapshot::getId).collect(Collectors.toList());
    }
}
