package dev.stratum.testkit.redis;

import dev.stratum.testkit.fault.FaultProxy;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Redis server for tests, resolved in this order:
 *
 * <ol>
 *   <li>an explicit URI: the environment variable {@code STRATUM_REDIS_URI} or the system property
 *       {@code stratum.redis.uri} (never stopped by the testkit; tests should use their own key prefix);
 *   <li>Testcontainers {@code GenericContainer("redis:7")} when Testcontainers is on the class path and
 *       Docker is available;
 *   <li>{@code redis-server} found on the {@code PATH}, started on a free 127.0.0.1 port with
 *       {@code --save "" --appendonly no} and its directory in a temporary folder;
 *   <li>the Redis 6.2 binary shipped in {@code com.github.codemonstur:embedded-redis}, when on the class path.
 * </ol>
 *
 * <pre>{@code
 * RedisTestServer redis = RedisTestServer.shared();     // started once per JVM, stopped at exit
 * try (RedisTestServer own = RedisTestServer.start()) {  // a private one, e.g. to kill it in a test
 *     ...
 * }
 * }</pre>
 *
 * <p>If none of them is possible, the calling test is aborted (skipped) with a message saying what to
 * install or set; with {@code STRATUM_TEST_SERVERS=required} it fails instead (see {@link Aborts}), as in CI.
 */
public final class RedisTestServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RedisTestServer.class);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static @Nullable RedisTestServer shared;

    /** Where a server came from. */
    public enum Kind {
        /** Given by {@code STRATUM_REDIS_URI} / {@code stratum.redis.uri}; not managed by the testkit. */
        EXTERNAL,
        /** A Testcontainers container. */
        CONTAINER,
        /** {@code redis-server} from the PATH. */
        LOCAL,
        /** The embedded-redis binary. */
        EMBEDDED
    }

    private final Kind kind;
    private final String host;
    private final int port;
    private final String uri;
    private final @Nullable AutoCloseable owned;
    private final boolean closeable;
    private @Nullable RedisProcess process; // set when this handle may kill and restart a local redis-server

    private RedisTestServer(Kind kind, String host, int port, String uri, @Nullable AutoCloseable owned, boolean closeable) {
        this.kind = kind;
        this.host = host;
        this.port = port;
        this.uri = uri;
        this.owned = owned;
        this.closeable = closeable;
    }

    /**
     * The JVM-wide server: resolved and started on first use, stopped at JVM exit. {@link #close()} on
     * it does nothing.
     */
    public static synchronized RedisTestServer shared() {
        if (shared == null) {
            Optional<String> explicit = explicitUri();
            RedisTestServer s = explicit.isPresent() ? external(explicit.get()) : launch();
            shared = s.kind == Kind.EXTERNAL ? s : new RedisTestServer(s.kind, s.host, s.port, s.uri, s.owned, false);
            RedisTestServer toStop = shared;
            if (toStop.owned != null) {
                Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(toStop.owned), "stratum-redis-shared-stop"));
            }
        }
        return shared;
    }

    /**
     * A new server owned by the caller (never the explicit URI, since the caller may stop it):
     * Testcontainers, else {@code redis-server} on the PATH, else embedded-redis. Close it to stop it.
     */
    public static RedisTestServer start() {
        return launch();
    }

    /**
     * A new {@code redis-server} from the PATH with extra configuration ({@code "--name", "value"}
     * pairs), e.g. {@code List.of("--requirepass", "s3cret")}. Aborts the test if there is none.
     */
    public static RedisTestServer startLocal(List<String> extraArgs) {
        Path exe = requireOnPath("redis-server", "Redis");
        int port = RedisProcess.freePort(false);
        RedisProcess p = RedisProcess.start(exe, port, extraArgs, START_TIMEOUT);
        RedisTestServer s = new RedisTestServer(Kind.LOCAL, "127.0.0.1", port, "redis://127.0.0.1:" + port, p::stop, true);
        s.process = p;
        return s;
    }

    /**
     * A new {@code redis-server} from the PATH that keeps every acknowledged write over a crash:
     * {@code --appendonly yes --appendfsync always} (each write is fsynced to the append-only file before the
     * reply). For tests that {@link #kill()} and {@link #restart()} it.
     */
    public static RedisTestServer startDurable() {
        return startLocal(List.of("--appendonly", "yes", "--appendfsync", "always"));
    }

    /**
     * Kills the server process (SIGKILL: no shutdown, no final save), keeping its folder; only for a server
     * from {@link #startLocal(List)} or {@link #startDurable()}.
     */
    public void kill() {
        requireProcess().kill();
    }

    /** Starts the killed server again on the same port with the same folder and configuration, and waits until it is ready. */
    public void restart() {
        requireProcess().restart(START_TIMEOUT);
    }

    private RedisProcess requireProcess() {
        RedisProcess p = process;
        if (p == null) {
            throw new IllegalStateException("only a server from startLocal(...) or startDurable() can be killed and restarted");
        }
        return p;
    }

    /**
     * A new server running the Redis 6.2 binary of {@code com.github.codemonstur:embedded-redis} (to
     * check compatibility with the oldest supported Redis); aborts the test when it is not on the class path.
     */
    public static RedisTestServer startEmbedded() {
        if (!onClassPath("redis.embedded.RedisServer")) {
            throw Aborts.serverUnavailable("Redis (embedded-redis 6.2)", "needs com.github.codemonstur:embedded-redis on the test class path");
        }
        EmbeddedRedis e = EmbeddedRedis.start();
        return new RedisTestServer(Kind.EMBEDDED, "127.0.0.1", e.port(), "redis://127.0.0.1:" + e.port(), e, true);
    }

    /** The executable {@code name} on the PATH, or the test is aborted with a message saying how to get it. */
    static Path requireOnPath(String name, String server) {
        Optional<Path> exe = RedisProcess.findOnPath(name);
        if (exe.isEmpty()) {
            throw Aborts.serverUnavailable(server, "needs '" + name + "' on the PATH (Debian/Ubuntu: apt-get install -y redis-server redis-tools)");
        }
        return exe.get();
    }

    /** Whether an optional dependency is present (checked before touching the classes that link to it). */
    private static boolean onClassPath(String className) {
        try {
            Class.forName(className, false, RedisTestServer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static Optional<String> explicitUri() {
        String env = System.getenv("STRATUM_REDIS_URI");
        if (env != null && !env.isBlank()) {
            return Optional.of(env.trim());
        }
        String prop = System.getProperty("stratum.redis.uri");
        return prop == null || prop.isBlank() ? Optional.empty() : Optional.of(prop.trim());
    }

    private static RedisTestServer external(String uri) {
        URI u = URI.create(uri);
        LOG.info("using the Redis server given by STRATUM_REDIS_URI / stratum.redis.uri at {}:{}", u.getHost(), u.getPort());
        return new RedisTestServer(Kind.EXTERNAL, u.getHost() == null ? "localhost" : u.getHost(), u.getPort() < 0 ? 6379 : u.getPort(),
                uri, null, false);
    }

    private static RedisTestServer launch() {
        if (onClassPath("org.testcontainers.DockerClientFactory") && ContainerRedis.dockerAvailable()) {
            ContainerRedis c = ContainerRedis.start();
            return new RedisTestServer(Kind.CONTAINER, c.host(), c.port(), "redis://" + c.host() + ":" + c.port(), c, true);
        }
        Optional<Path> exe = RedisProcess.findOnPath("redis-server");
        if (exe.isPresent()) {
            int port = RedisProcess.freePort(false);
            RedisProcess p = RedisProcess.start(exe.get(), port, List.of(), START_TIMEOUT);
            return new RedisTestServer(Kind.LOCAL, "127.0.0.1", port, "redis://127.0.0.1:" + port, p::stop, true);
        }
        if (onClassPath("redis.embedded.RedisServer")) {
            EmbeddedRedis e = EmbeddedRedis.start();
            return new RedisTestServer(Kind.EMBEDDED, "127.0.0.1", e.port(), "redis://127.0.0.1:" + e.port(), e, true);
        }
        throw Aborts.serverUnavailable("Redis", "needs a Redis server: set STRATUM_REDIS_URI, run Docker, install redis-server"
                + " (apt-get install -y redis-server) or add com.github.codemonstur:embedded-redis to the test class path");
    }

    /** Where the server came from. */
    public Kind kind() {
        return kind;
    }

    /** {@code redis://host:port} (or the explicit URI as given). */
    public String uri() {
        return uri;
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    /** A new {@link FaultProxy} in front of this server; the caller closes it. */
    public FaultProxy startFaultProxy() {
        return FaultProxy.start(host, port);
    }

    /** {@link #uri()} with the proxy's address instead of the server's (user information and options kept). */
    public String uriThrough(FaultProxy proxy) {
        return proxy.rewrite(uri);
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
            LOG.warn("could not stop a test Redis server: {}", e.toString());
        }
    }

    @Override
    public String toString() {
        return "RedisTestServer[" + kind.name().toLowerCase(Locale.ROOT) + " " + host + ":" + port + "]";
    }
}
