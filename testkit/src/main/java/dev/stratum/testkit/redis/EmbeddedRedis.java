package dev.stratum.testkit.redis;

import java.io.IOException;
import java.io.UncheckedIOException;
import redis.embedded.RedisServer;

/** The Redis 6.2 binary of {@code com.github.codemonstur:embedded-redis}; only touched when it is on the class path. */
final class EmbeddedRedis implements AutoCloseable {
    private final RedisServer server;
    private final int port;

    private EmbeddedRedis(RedisServer server, int port) {
        this.server = server;
        this.port = port;
    }

    static EmbeddedRedis start() {
        int port = RedisProcess.freePort(false);
        try {
            RedisServer s = RedisServer.newRedisServer().port(port).bind("127.0.0.1")
                    .setting("save \"\"").setting("appendonly no").onShutdownForceStop(true).build();
            s.start();
            return new EmbeddedRedis(s, port);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start embedded Redis on port " + port, e);
        }
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws IOException {
        server.stop();
    }
}
