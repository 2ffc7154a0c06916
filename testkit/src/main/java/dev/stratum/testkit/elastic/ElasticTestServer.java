package dev.stratum.testkit.elastic;

import dev.stratum.testkit.fault.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import dev.stratum.testkit.redis.Aborts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An Elasticsearch server for tests, resolved in this order:
 *
 * <ol>
 *   <li>an explicit URI: the environment variable {@code STRATUM_ELASTICSEARCH_URI} or the system
 *       property {@code stratum.elasticsearch.uri} (never stopped by the testkit; tests use their own
 *       index prefix, see {@link #uniquePrefix(String)}). A full server: painless, {@code _reindex} and
 *       {@code _delete_by_query} are there;
 *   <li>Testcontainers' {@code ElasticsearchContainer} ({@value #VERSION}, security off) when its module
 *       is on the class path and Docker is available;
 *   <li>the real server distribution {@code org.elasticsearch.distribution.integ-test-zip:elasticsearch:}{@value #VERSION}{@code :zip},
 *       resolved by Maven like any test dependency, unpacked once per machine and started on free
 *       loopback ports (as uid 65534 through {@code setpriv} when the JVM runs as root, since
 *       Elasticsearch refuses root). The zip is found through the system property
 *       {@code stratum.elasticsearch.zip} (the build sets it from the resolved dependency) or in the
 *       local Maven repository. This minimal distribution has no painless, {@code _reindex},
 *       {@code _update_by_query}/{@code _delete_by_query}, ingest or {@code GET /}.
 * </ol>
 *
 * <pre>{@code
 * ElasticTestServer es = ElasticTestServer.shared();          // one per JVM, stopped at exit
 * ElasticStore store = ElasticStore.builder().uri(es.uri())
 *         .indexPrefix(ElasticTestServer.uniquePrefix("orders")).build();
 * }</pre>
 *
 * <p>Maven: declare the zip as a test dependency and pass its path, e.g. with
 * {@code maven-dependency-plugin:properties} and surefire's
 * {@code <stratum.elasticsearch.zip>${org.elasticsearch.distribution.integ-test-zip:elasticsearch:zip}</stratum.elasticsearch.zip>}.
 * If nothing works the calling test is aborted (skipped) with a message saying what to set; with
 * {@code STRATUM_TEST_SERVERS=required} it fails instead (see {@link Aborts}), as in CI.
 */
public final class ElasticTestServer implements AutoCloseable {
    /** The server version the testkit starts. */
    public static final String VERSION = "8.19.8";
    private static final Logger LOG = LoggerFactory.getLogger(ElasticTestServer.class);
    private static @Nullable ElasticTestServer shared;
    private static @Nullable RuntimeException sharedFailure;

    /** Where a server came from. */
    public enum Kind {
        /** Given by {@code STRATUM_ELASTICSEARCH_URI} / {@code stratum.elasticsearch.uri}. */
        EXTERNAL,
        /** A Testcontainers container. */
        CONTAINER,
        /** The integ-test-zip distribution started by the testkit. */
        LOCAL
    }

    private final Kind kind;
    private final String uri;
    private final @Nullable AutoCloseable owned;
    private final boolean closeable;
    private final long pid;

    private ElasticTestServer(Kind kind, String uri, @Nullable AutoCloseable owned, boolean closeable, long pid) {
        this.kind = kind;
        this.uri = uri;
        this.owned = owned;
        this.closeable = closeable;
        this.pid = pid;
    }

    /** The JVM-wide server: resolved and started on first use, stopped (by PID) at JVM exit. {@link #close()} on it does nothing. */
    @SuppressWarnings("StaticAssignmentOfThrowable") // one start attempt per JVM: its failure is kept to skip the others
    public static synchronized ElasticTestServer shared() {
        if (sharedFailure != null) {
            // one attempt per JVM: the other test classes are skipped at once, with the first failure's reason
            throw Aborts.serverUnavailable("Elasticsearch", "its start failed earlier in this JVM: " + sharedFailure.getMessage(), sharedFailure);
        }
        if (shared == null) {
            Optional<String> explicit = explicitUri();
            ElasticTestServer s;
            try {
                s = explicit.isPresent() ? new ElasticTestServer(Kind.EXTERNAL, explicit.get(), null, false, -1) : launch();
            } catch (RuntimeException e) {
                sharedFailure = e;
                throw e;
            }
            shared = new ElasticTestServer(s.kind, s.uri, s.owned, false, s.pid);
            AutoCloseable toStop = s.owned;
            if (toStop != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(toStop), "stratum-elasticsearch-shared-stop"));
            }
        }
        return shared;
    }

    /** A new server owned by the caller (never the explicit URI): a container, else the local distribution. Close it to stop it. */
    public static ElasticTestServer start() {
        return launch();
    }

    /** An index prefix no other test uses: {@code <prefix>_<8 hex digits>_}, lower case. */
    public static String uniquePrefix(String prefix) {
        return prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_") + "_" + UUID.randomUUID().toString().substring(0, 8) + "_";
    }

    private static Optional<String> explicitUri() {
        String env = System.getenv("STRATUM_ELASTICSEARCH_URI");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        String prop = System.getProperty("stratum.elasticsearch.uri");
        return prop == null || prop.isBlank() ? Optional.empty() : Optional.of(prop.trim());
    }

    private static ElasticTestServer launch() {
        if (ContainerElastic.dockerAvailable()) {
            ContainerElastic c = ContainerElastic.start(VERSION);
            return new ElasticTestServer(Kind.CONTAINER, c.uri(), c, true, -1);
        }
        Path zip = locateZip();
        ElasticProcess p = ElasticProcess.start(zip, VERSION, startTimeout());
        return new ElasticTestServer(Kind.LOCAL, "http://127.0.0.1:" + p.port(), p, true, p.pid());
    }

    /** How long a local server may take to answer: {@code stratum.elasticsearch.startTimeoutSeconds}, 300 by default (loaded CI machines). */
    private static Duration startTimeout() {
        return Duration.ofSeconds(Long.getLong("stratum.elasticsearch.startTimeoutSeconds", 300));
    }

    private static Path locateZip() {
        String given = System.getProperty("stratum.elasticsearch.zip");
        if (given != null && !given.isBlank() && !given.startsWith("${") && Files.isRegularFile(Path.of(given))) {
            return Path.of(given);
        }
        String repo = System.getProperty("maven.repo.local", Path.of(System.getProperty("user.home"), ".m2", "repository").toString());
        Path zip = Path.of(repo, "org", "elasticsearch", "distribution", "integ-test-zip", "elasticsearch", VERSION,
                "elasticsearch-" + VERSION + ".zip");
        if (Files.isRegularFile(zip)) {
            return zip;
        }
        throw Aborts.serverUnavailable("Elasticsearch", "needs an Elasticsearch server: set STRATUM_ELASTICSEARCH_URI, make Docker available, or add the test"
                + " dependency org.elasticsearch.distribution.integ-test-zip:elasticsearch:" + VERSION + ":zip (not found at " + zip
                + (given == null || given.isBlank() || given.startsWith("${") ? "" : ", nor at stratum.elasticsearch.zip=" + given) + ")");
    }

    public Kind kind() {
        return kind;
    }

    /** {@code http://host:port} (or the explicit URI as given). */
    public String uri() {
        return uri;
    }

    /** Whether this is the minimal integ-test distribution (no painless, {@code _reindex}, {@code _delete_by_query}). */
    public boolean isMinimalDistribution() {
        return kind == Kind.LOCAL;
    }

    /** The PID of the local server's launcher, or -1. */
    public long pid() {
        return pid;
    }

    /** A new {@link FaultProxy} in front of this server; the caller closes it. */
    public FaultProxy startFaultProxy() {
        return FaultProxy.startFor(uri);
    }

    /** {@link #uri()} with the proxy's address instead of the server's. */
    public String uriThrough(FaultProxy proxy) {
        return proxy.rewrite(uri);
    }

    /** Stops the server if this handle owns it (not for {@link #shared()} or {@link Kind#EXTERNAL}). */
    @Override
    public void close() {
        if (closeable && owned != null) {
            closeQuietly(owned);
        }
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            LOG.warn("could not stop a test Elasticsearch server: {}", e.toString());
        }
    }

    /** The kind, never the URI (an explicit one may hold credentials). */
    @Override
    public String toString() {
        return "ElasticTestServer[" + kind.name().toLowerCase(Locale.ROOT) + "]";
    }
}
