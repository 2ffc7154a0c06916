package dev.stratum.testkit.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * {@code de.bwaldvogel:mongo-java-server} with its memory backend and the oplog enabled (change
 * streams), on a free 127.0.0.1 port, speaking wire version 5.0 (the driver 5.x refuses older ones).
 */
final class InProcessMongo implements AutoCloseable {
    private volatile MongoServer server;
    private final MemoryBackend backend;
    private final InetSocketAddress address;

    private InProcessMongo(MongoServer server, MemoryBackend backend, InetSocketAddress address) {
        this.server = server;
        this.backend = backend;
        this.address = address;
    }

    /** Whether mongo-java-server is on the class path. */
    static boolean available() {
        try {
            Class.forName("de.bwaldvogel.mongo.MongoServer", false, InProcessMongo.class.getClassLoader());
            Class.forName("de.bwaldvogel.mongo.backend.memory.MemoryBackend", false, InProcessMongo.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    static InProcessMongo start() {
        MemoryBackend backend = new MemoryBackend();
        MongoServer server = new MongoServer(backend);
        server.enableOplog();
        server.bind("127.0.0.1", 0);
        return new InProcessMongo(server, backend, server.getLocalAddress());
    }

    String uri() {
        return "mongodb://127.0.0.1:" + address.getPort();
    }

    int port() {
        return address.getPort();
    }

    /** The server object (e.g. to stop it in the middle of a test). */
    MongoServer server() {
        return server;
    }

    /**
     * Stops serving as a crash would: the port is closed and every client connection dropped, but the memory
     * backend is kept (MongoServer.shutdown() would close it), so {@link #restart()} serves the same data.
     */
    void kill() {
        MongoServer s = server;
        s.stopListening();
        try {
            Method closeClients = MongoServer.class.getDeclaredMethod("closeClients");
            closeClients.setAccessible(true);
            closeClients.invoke(s);
            for (String name : new String[] {"bossGroup", "workerGroup"}) {
                Field f = MongoServer.class.getDeclaredField(name);
                f.setAccessible(true);
                Object g = f.get(s);
                if (g != null) { // Netty is mongo-java-server's dependency, not the testkit's: reached reflectively
                    Class<?> group = Class.forName("io.netty.util.concurrent.EventExecutorGroup", false, g.getClass().getClassLoader());
                    Object done = group.getMethod("shutdownGracefully", long.class, long.class, TimeUnit.class)
                            .invoke(g, 0L, 1L, TimeUnit.SECONDS);
                    Class.forName("io.netty.util.concurrent.Future", false, g.getClass().getClassLoader())
                            .getMethod("syncUninterruptibly").invoke(done);
                }
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot stop mongo-java-server " + s + " without closing its backend", e);
        }
    }

    /** A new server on the same port over the same backend, after {@link #kill()}. */
    void restart() {
        MongoServer s = new MongoServer(backend);
        s.bind(address.getHostString(), address.getPort());
        server = s;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
