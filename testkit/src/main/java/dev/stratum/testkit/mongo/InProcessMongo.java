package dev.stratum.testkit.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import java.net.InetSocketAddress;

/**
 * {@code de.bwaldvogel:mongo-java-server} with its memory backend and the oplog enabled (change
 * streams), on a free 127.0.0.1 port, speaking wire version 5.0 (the driver 5.x refuses older ones).
 */
final class InProcessMongo implements AutoCloseable {
    private final MongoServer server;
    private final InetSocketAddress address;

    private InProcessMongo(MongoServer server, InetSocketAddress address) {
        this.server = server;
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
        MongoServer server = new MongoServer(new MemoryBackend());
        server.enableOplog();
        server.bind("127.0.0.1", 0);
        return new InProcessMongo(server, server.getLocalAddress());
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

    @Override
    public void close() {
        server.shutdownNow();
    }
}
