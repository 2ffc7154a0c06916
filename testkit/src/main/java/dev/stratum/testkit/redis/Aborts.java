package dev.stratum.testkit.redis;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * What every testkit test server ({@code MongoTestServer}, {@code RedisTestServer}, {@code RedisTestCluster},
 * {@code RedisTestSentinel}, {@code RedisTlsServer}, {@code ElasticTestServer}, {@code FirestoreTestServer}) throws
 * when it cannot start: by default the exception that skips the calling test (opentest4j's
 * {@code TestAbortedException}, built without linking to it so the provisioning classes also work outside tests,
 * where it is an {@link IllegalStateException} with the same message), so a laptop without a server skips with
 * the reason.
 *
 * <p><b>Required mode</b> — set the environment variable {@value #ENV}{@code =required} (or the system property
 * {@value #PROPERTY}{@code =required}, which wins over the variable): a server that cannot start then throws a
 * {@link TestServerUnavailableError} naming the server and the cause, so the test <em>fails</em> instead of being
 * skipped. CI sets it ({@code .ci/run}): a build where a whole store's tests silently skipped would otherwise pass.
 *
 * <pre>{@code
 * STRATUM_TEST_SERVERS=required ./mvnw -B verify       # no test server may be missing
 * }</pre>
 *
 * <p>Only start failures take this path; tests that need a kind of server the run does not have (e.g.
 * {@code MongoTestServer.assumeRealMongoDB}, which skips on the in-process server) still skip with their reason.
 */
public final class Aborts {
    /** The environment variable that makes test servers required: {@code STRATUM_TEST_SERVERS=required}. */
    public static final String ENV = "STRATUM_TEST_SERVERS";
    /** The system property that makes test servers required ({@code -Dstratum.testServers=required}); wins over {@link #ENV}. */
    public static final String PROPERTY = "stratum.testServers";
    private static final String REQUIRED = "required";

    private Aborts() {}

    /**
     * Whether a test server that cannot start must fail the test: {@value #PROPERTY} if set, else {@value #ENV},
     * is {@code required} (any other value, or none, means skip). An unknown value is refused, so a typo cannot
     * quietly switch CI back to skipping.
     */
    public static boolean serversRequired() {
        String prop = System.getProperty(PROPERTY);
        String value = prop != null && !prop.isBlank() ? prop : System.getenv(ENV);
        if (value == null || value.isBlank()) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals(REQUIRED)) {
            return true;
        }
        if (v.equals("optional")) {
            return false;
        }
        throw new IllegalStateException(PROPERTY + " / " + ENV + " must be 'required' or 'optional', was '" + value + "'");
    }

    /**
     * The exception for a test server that cannot start: a skip of the calling test by default, a
     * {@link TestServerUnavailableError} in required mode.
     *
     * @param server the server, as people know it ({@code "Elasticsearch"}, {@code "Redis"}, {@code "Redis Cluster"}, …)
     * @param reason why it could not start, and what to install or set
     */
    public static RuntimeException serverUnavailable(String server, String reason) {
        return serverUnavailable(server, reason, null);
    }

    /** {@link #serverUnavailable(String, String)} keeping the failure that stopped the start as the cause. */
    public static RuntimeException serverUnavailable(String server, String reason, @Nullable Throwable cause) {
        if (serversRequired()) {
            return new TestServerUnavailableError(server, reason, cause);
        }
        return abort(server + " test server unavailable: " + reason);
    }

    /**
     * The exception that skips the calling test (an {@code IllegalStateException} outside JUnit), whatever the
     * mode. Test servers use {@link #serverUnavailable(String, String)} instead, which honours required mode.
     */
    public static RuntimeException abort(String message) {
        try {
            Class<?> type = Class.forName("org.opentest4j.TestAbortedException", true, Aborts.class.getClassLoader());
            return (RuntimeException) type.getConstructor(String.class).newInstance(message);
        } catch (ReflectiveOperationException | LinkageError | ClassCastException e) {
            return new IllegalStateException(message);
        }
    }

    /**
     * A test server could not start while {@value Aborts#ENV}{@code =required}: fails the test (never a skip). The
     * message names the server, the reason and the switch.
     */
    public static final class TestServerUnavailableError extends IllegalStateException {
        private static final long serialVersionUID = 1L;
        private final String server;

        TestServerUnavailableError(String server, String reason, @Nullable Throwable cause) {
            super(server + " test server could not start, and " + ENV + "=required (or -D" + PROPERTY
                    + "=required) makes that a failure instead of a skip: " + reason, cause);
            this.server = server;
        }

        /** The server that could not start, e.g. {@code "Elasticsearch"}. */
        public String server() {
            return server;
        }
    }
}
