package dev.stratum.testkit.firestore;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A JUnit 5 extension giving tests the JVM-wide {@link FirestoreTestServer#shared()} server as a parameter
 * of type {@link FirestoreTestServer} (constructors, lifecycle and test methods).
 *
 * <pre>{@code
 * @ExtendWith(FirestoreServerExtension.class)
 * class OrderRepositoryTest {
 *     @Test
 *     void storesOrders(FirestoreTestServer firestore) throws Exception {
 *         try (Firestore db = firestore.client(FirestoreTestServer.uniqueProjectId("orders"))) {
 *             db.collection("orders").document("o1").set(Map.of("total", 3)).get();
 *         }
 *     }
 * }
 * }</pre>
 */
public final class FirestoreServerExtension implements ParameterResolver {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == FirestoreTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return FirestoreTestServer.shared();
    }
}
