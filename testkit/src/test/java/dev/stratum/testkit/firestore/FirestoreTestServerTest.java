package dev.stratum.testkit.firestore;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.cloud.firestore.Firestore;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Provisioning: the in-process server's handle, isolation by project, reset, and the JUnit extension. */
@ExtendWith(FirestoreServerExtension.class)
class FirestoreTestServerTest {

    @Test
    @SuppressWarnings("try") // Firestore.close() may throw InterruptedException
    void anInProcessServerListensOnLoopbackAndResets() throws Exception {
        try (FirestoreTestServer server = FirestoreTestServer.startInProcess()) {
            assertThat(server.kind()).isEqualTo(FirestoreTestServer.Kind.IN_PROCESS);
            assertThat(server.emulatorHost()).matches("127\\.0\\.0\\.1:\\d+");
            try (Firestore a = server.client("project-a"); Firestore b = server.client("project-b")) {
                a.collection("c").document("x").set(Map.of("v", 1L)).get();
                assertThat(b.collection("c").document("x").get().get().exists()).as("projects are separate").isFalse();
                server.reset();
                assertThat(a.collection("c").document("x").get().get().exists()).isFalse();
            }
        }
    }

    @Test
    void uniqueProjectIdsAreValidAndDistinct() {
        String p1 = FirestoreTestServer.uniqueProjectId("Orders_Test");
        String p2 = FirestoreTestServer.uniqueProjectId("Orders_Test");
        assertThat(p1).matches("[a-z][a-z0-9-]{5,29}").isNotEqualTo(p2);
        assertThat(FirestoreTestServer.uniqueProjectId("9lives")).startsWith("p9lives-");
    }

    @Test
    @SuppressWarnings("try") // Firestore.close() may throw InterruptedException
    void theExtensionInjectsTheSharedServer(FirestoreTestServer server) throws Exception {
        assertThat(server).isSameAs(FirestoreTestServer.shared());
        server.close(); // closing the shared handle does nothing
        try (Firestore db = server.client(FirestoreTestServer.uniqueProjectId("ext"))) {
            db.collection("c").document("x").set(Map.of("v", 1L)).get();
            assertThat(db.collection("c").document("x").get().get().getLong("v")).isEqualTo(1L);
        }
    }
}
