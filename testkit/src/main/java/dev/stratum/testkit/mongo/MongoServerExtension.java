package dev.stratum.testkit.mongo;

import java.lang.reflect.AnnotatedElement;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;

/**
 * A JUnit 5 extension giving tests the JVM-wide {@link MongoTestServer#shared()} server: as a parameter
 * of type {@link MongoTestServer} (constructors, lifecycle and test methods), and honouring
 * {@link RequiresRealMongoDB} on test classes and methods.
 *
 * <pre>{@code
 * @ExtendWith(MongoServerExtension.class)
 * class OrderRepositoryTest {
 *     @Test
 *     void storesOrders(MongoTestServer mongo) {
 *         try (MongoStore store = MongoStore.open(mongo.uri(MongoTestServer.uniqueDatabase("orders")))) { ... }
 *     }
 *
 *     @Test
 *     @RequiresRealMongoDB("expiry by the TTL monitor")
 *     void expiresSessions(MongoTestServer mongo) { ... }
 * }
 * }</pre>
 */
public final class MongoServerExtension implements ParameterResolver, BeforeEachCallback {

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MongoTestServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return MongoTestServer.shared();
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<RequiresRealMongoDB> onMethod = context.getTestMethod().flatMap(m -> find(m));
        Optional<RequiresRealMongoDB> required = onMethod.isPresent() ? onMethod : context.getTestClass().flatMap(c -> find(c));
        required.ifPresent(r -> MongoTestServer.shared().assumeRealMongoDB(r.value()));
    }

    private static Optional<RequiresRealMongoDB> find(AnnotatedElement element) {
        return AnnotationSupport.findAnnotation(element, RequiresRealMongoDB.class);
    }
}
