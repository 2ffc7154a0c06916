package dev.stratum.testkit.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A Redis master and one Sentinel monitoring it under the name {@code mymaster}, both
 * {@code redis-server} processes from the PATH on free loopback ports. Aborts the test when there is
 * no {@code redis-server}.
 *
 * <pre>{@code
 * try (RedisTestSentinel sentinel = RedisTestSentinel.start()) {
 *     RedisStore store = RedisStore.builder().uri(sentinel.uri()).build();   // redis-sentinel://127.0.0.1:p#mymaster
 * }
 * }</pre>
 */
public final class RedisTestSentinel implements AutoCloseable {
    /** The monitored master's name. */
    public static final String MASTER = "mymaster";

    private final RedisTestServer master;
    private final RedisProcess sentinel;

    private RedisTestSentinel(RedisTestServer master, RedisProcess sentinel) {
        this.master = master;
        this.sentinel = sentinel;
    }

    /** Starts the master, then the Sentinel, and waits until the Sentinel monitors the master. */
    public static RedisTestSentinel start() {
        Path exe = RedisTestServer.requireOnPath("redis-server", "Redis Sentinel");
        RedisTestServer master = RedisTestServer.startLocal(List.of());
        try {
            int port = RedisProcess.freePort(false);
            RedisProcess s = RedisProcess.start(exe, List.of("$DIR/sentinel.conf\nsentinel monitor " + MASTER + " 127.0.0.1 " + master.port()
                    + " 1\n", "--sentinel"), port, List.of(), "+monitor master", Duration.ofSeconds(30));
            return new RedisTestSentinel(master, s);
        } catch (RuntimeException e) {
            master.close();
            throw e;
        }
    }

    /** {@code redis-sentinel://127.0.0.1:port#mymaster}. */
    public String uri() {
        return "redis-sentinel://127.0.0.1:" + sentinel.port() + "#" + MASTER;
    }

    /** The master (for direct access in tests). */
    public RedisTestServer master() {
        return master;
    }

    /** Stops the Sentinel and the master by their PIDs. Idempotent. */
    @Override
    public void close() {
        sentinel.stop();
        master.close();
    }
}
