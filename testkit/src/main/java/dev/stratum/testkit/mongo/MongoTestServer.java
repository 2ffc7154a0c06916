package dev.stratum.testkit.mongo;

import dev.stratum.testkit.fault.FaultProxy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jspecify.annotations.Nullable;
import dev.stratum.testkit.redis.Aborts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A MongoDB server for tests, resolved in this order:
 *
 * <ol>
 *   <li>an explicit URI: the environment variable {@code STRATUM_MONGODB_URI} or the system property
 *       {@code stratum.mongodb.uri} (never stopped by the testkit; tests should use their own database,
 *       see {@link #uniqueDatabase(String)});
 *   <li>Testcontainers {@code mongo:7.0} as a single-node replica set (transactions work), when
 *       Testcontainers and its MongoDB module are on the class path and Docker is available;
 *   <li>{@code de.bwaldvogel:mongo-java-server} in this JVM (memory backend, oplog enabled), when on the
 *       class path. It is no real MongoDB: no transactions, TTL expiry, {@code $text} or time-series
 *       collections. Tests of those call {@link #assumeRealMongoDB(String)} and are skipped with a
 *       message saying how to run them.
 * </ol>
 *
 * <pre>{@code
 * MongoTestServer mongo = MongoTestServer.shared();                   // started once per JVM, stopped at exit
 * String uri = mongo.uri(MongoTestServer.uniqueDatabase("orders"));   // mongodb://127.0.0.1:41234/stratum_orders_1a2b3c4d
 * try (MongoTestServer own = MongoTestServer.startInProcess()) {       // a private one, e.g. to stop it mid-test
 *     ...
 * }
 * }</pre>
 *
 * <p>If none of them is possible the calling test is aborted (skipped) with a message saying what to
 * set or add; with {@code STRATUM_TEST_SERVERS=required} it fails instead (see {@link Aborts}), as in CI.
 */
public final class MongoTestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(MongoTestServer.class);
    private static final String HOW = "set STRATUM_MONGODB_URI (or -Dstratum.mongodb.uri) to a MongoDB server, or make Docker available"
            + " for Testcontainers";
    private static @Nullable MongoTestServer shared;

    /** Where a server came from. */
    public enum Kind {
        /** Given by {@code STRATUM_MONGODB_URI} / {@code stratum.mongodb.uri}; not managed by the testkit. */
        EXTERNAL,
        /** A Testcontainers container (a real {@code mongod}, single-node replica set). */
        CONTAINER,
        /** {@code mongo-java-server} in this JVM. */
        IN_PROCESS
    }

    private final Kind kind;
    private final String uri;
    private final @Nullable AutoCloseable owned;
    private final boolean closeable;

    private MongoTestServer(Kind kind, String uri, @Nullable AutoCloseable owned, boolean closeable) {
        this.kind = kind;
        this.uri = uri;
        this.owned = owned;
        this.closeable = closeable;
    }

    /**
     * The JVM-wide server: resolved and started on first use, stopped at JVM exit. {@link #close()} on it
     * does nothing.
     */
    public static synchronized MongoTestServer shared() {
        if (shared == null) {
            Optional<String> explicit = explicitUri();
            MongoTestServer s = explicit.isPresent() ? external(explicit.get()) : launch();
            shared = new MongoTestServer(s.kind, s.uri, s.owned, false);
            AutoCloseable toStop = s.owned;
            if (toStop != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(toStop), "stratum-mongo-shared-stop"));
            }
        }
        return shared;
    }

    /** A new server owned by the caller (never the explicit URI): Testcontainers, else in-process. Close it to stop it. */
    public static MongoTestServer start() {
        return launch();
    }

    /** A new in-process {@code mongo-java-server}, whatever else is available (e.g. to stop it in a test). */
    public static MongoTestServer startInProcess() {
        if (!InProcessMongo.available()) {
            throw Aborts.serverUnavailable("MongoDB", "needs de.bwaldvogel:mongo-java-server on the test class path");
        }
        InProcessMongo m = InProcessMongo.start();
        return new MongoTestServer(Kind.IN_PROCESS, m.uri(), m, true);
    }

    /** A database name no other test uses: {@code stratum_<prefix>_<8 hex digits>}. */
    public static String uniqueDatabase(String prefix) {
        String clean = prefix.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        return "stratum_" + clean + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static Optional<String> explicitUri() {
        String env = System.getenv("STRATUM_MONGODB_URI");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        String prop = System.getProperty("stratum.mongodb.uri");
        return prop == null || prop.isBlank() ? Optional.empty() : Optional.of(prop.trim());
    }

    private static MongoTestServer external(String uri) {
        LOG.info("using the MongoDB server given by STRATUM_MONGODB_URI / stratum.mongodb.uri");
        return new MongoTestServer(Kind.EXTERNAL, uri, null, false);
    }

    private static MongoTestServer launch() {
        if (ContainerMongo.dockerAvailable()) {
            ContainerMongo c = ContainerMongo.start();
            return new MongoTestServer(Kind.CONTAINER, c.uri(), c, true);
        }
        if (InProcessMongo.available()) {
            InProcessMongo m = InProcessMongo.start();
            LOG.info("no STRATUM_MONGODB_URI and no Docker: using the in-process mongo-java-server at {}", m.uri());
            return new MongoTestServer(Kind.IN_PROCESS, m.uri(), m, true);
        }
        throw Aborts.serverUnavailable("MongoDB", "needs a MongoDB server: " + HOW + ", or add de.bwaldvogel:mongo-java-server to the test class path");
    }

    /** Where the server came from. */
    public Kind kind() {
        return kind;
    }

    /** Whether this is a real {@code mongod} (explicit URI or container) rather than mongo-java-server. */
    public boolean isRealMongoDB() {
        return kind != Kind.IN_PROCESS;
    }

    /**
     * Skips the calling test, saying why and how to run it, unless this is a real MongoDB.
     *
     * @param what what the test needs, e.g. {@code "TTL expiry"}
     */
    public void assumeRealMongoDB(String what) {
        assumeTrue(isRealMongoDB(), () -> what + " needs a real mongod, and this run uses the in-process mongo-java-server: " + HOW);
    }

    /** The server's URI as given or started, without a database (e.g. {@code mongodb://127.0.0.1:41234}). */
    public String uri() {
        return uri;
    }

    /**
     * The URI with {@code database} as its path, keeping the user information and options (see
     * {@link #withDatabase(String, String)}).
     */
    public String uri(String database) {
        return withDatabase(uri, database);
    }

    /**
     * {@code uri} with {@code database} as its path, keeping its user information and options; when
     * {@code uri} has user information and named another database but no {@code authSource}, that
     * database stays the authentication source ({@code mongodb://app:pw@h/admin} →
     * {@code mongodb://app:pw@h/test?authSource=admin}).
     */
    public static String withDatabase(String uri, String database) {
        int schemeEnd = uri.indexOf("://");
        if (schemeEnd < 0) {
            throw new IllegalArgumentException("not a MongoDB URI (no scheme)");
        }
        int authorityEnd = schemeEnd + 3;
        while (authorityEnd < uri.length() && uri.charAt(authorityEnd) != '/' && uri.charAt(authorityEnd) != '?') {
            authorityEnd++;
        }
        String base = uri.substring(0, authorityEnd);
        String rest = uri.substring(authorityEnd);
        if (rest.startsWith("/")) {
            rest = rest.substring(1);
        }
        int q = rest.indexOf('?');
        String oldDb = q >= 0 ? rest.substring(0, q) : rest;
        String options = q >= 0 ? rest.substring(q + 1) : "";
        boolean hasUser = base.substring(schemeEnd + 3).contains("@");
        if (hasUser && !oldDb.isEmpty() && !options.toLowerCase(Locale.ROOT).contains("authsource=")) {
            options = options.isEmpty() ? "authSource=" + oldDb : options + "&authSource=" + oldDb;
        }
        return base + "/" + database + (options.isEmpty() ? "" : "?" + options);
    }

    /**
     * Kills an in-process server from {@link #startInProcess()}: its port is closed and every connection dropped,
     * its data kept for {@link #restart()} (mongo-java-server keeps data in memory: there is no journal to test).
     */
    public void kill() {
        inProcess().kill();
    }

    /** Starts a {@link #kill() killed} in-process server again on the same port, with the same data. */
    public void restart() {
        inProcess().restart();
    }

    private InProcessMongo inProcess() {
        if (owned instanceof InProcessMongo m && closeable) {
            return m;
        }
        throw new IllegalStateException("only a server from startInProcess() can be killed and restarted");
    }

    /** A new {@link FaultProxy} in front of this server (a single host, so not a multi-host replica set URI); the caller closes it. */
    public FaultProxy startFaultProxy() {
        return FaultProxy.startFor(uri);
    }

    /**
     * The URI through {@code proxy}, with {@code database} as its path and {@code directConnection=true} (so a
     * replica set member's advertised address does not lead the driver around the proxy).
     */
    public String uriThrough(FaultProxy proxy, String database) {
        String u = withDatabase(proxy.rewrite(uri), database);
        return u.contains("directConnection=") ? u : u + (u.contains("?") ? "&" : "?") + "directConnection=true";
    }

    /** Stops the server if this handle owns it (not for {@link #shared()} or {@link Kind#EXTERNAL}). Idempotent. */
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
            LOG.warn("could not stop a test MongoDB server: {}", e.toString());
        }
    }

    /** The kind, never the URI (an explicit one may hold credentials). */
    @Override
    public String toString() {
        return "MongoTestServer[" + kind.name().toLowerCase(Locale.ROOT) + "]";
    }
}
